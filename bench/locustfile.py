"""Users of a generated province (bench/province.py) for Locust, run headless by bench/bench_load.py.

Each simulated person signs in with their own account and clicks through pages the way the
job is done: commune staff search households, open a household and a case, look at their
work queue; village heads open their village's list and a household; surveyors open a household
and save a survey draft (the form as the page gives it, sent back with "Lưu nháp"); province
officers open the dashboard and a Mẫu 7.x report. A floor user fetches a static file, the
trivial endpoint the other figures are compared with. Requests are named by page, not by URL,
so the figures are per page.

BENCH_COMMUNES (the number of communes generated) spreads the users over the communes.
"""

from __future__ import annotations

import os
import random
import re
from itertools import count
from typing import Any

from locust import HttpUser, between, task
from page_forms import REPORT_FORMS, SURVEY_START, first_report_unit, form_fields, report_url, typed

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-ra-soat-2026")
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "100"))
NAMES = ["Páo", "Mai", "Sính", "Lan", "Chứ", "Hoa", "Hùng", "Mỷ", "Tuấn", "Hương"]
HOUSEHOLD_LINK = re.compile(r'href="/households/(\d+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)"')
_numbers = count(1)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # reading the page, typing
    account = ""

    def on_start(self) -> None:
        self.login_name = self.username()
        self.sign_in()

    def sign_in(self) -> None:
        page = self.client.get("/login", name="login form").text
        fields = dict(form_fields(page))
        fields.update(username=self.login_name, password=PASSWORD)
        self.client.post("/login", data=fields, name="login")

    def username(self) -> str:
        return self.account.format(n=next(_numbers) % COMMUNES + 1)

    def open(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
            return response.text or ""


class CommuneStaff(Person):
    weight = 6
    account = "canbo{n}"

    @task(4)
    def search_and_open_household(self) -> None:
        page = self.open(f"/households/?q={random.choice(NAMES)}", "household search")  # noqa: S311
        found = HOUSEHOLD_LINK.findall(page)
        if found:
            self.open(f"/households/{random.choice(found)}", "household page")  # noqa: S311

    @task(3)
    def queue_and_case(self) -> None:
        page = self.open("/cases/queue", "work queue")
        found = CASE_LINK.findall(page)
        if found:
            self.open(f"/cases/{random.choice(found)}", "case page")  # noqa: S311

    @task(1)
    def home(self) -> None:
        self.open("/", "home")

    @task(1)
    def sign_in_again(self) -> None:
        """A new session (another device, the next morning): the sign-in is measured under load too."""
        self.client.cookies.clear()
        self.sign_in()


class VillageHead(Person):
    weight = 2
    account = "truongthon{n}"

    @task
    def village_households(self) -> None:
        page = self.open("/households/", "household list")
        found = HOUSEHOLD_LINK.findall(page)
        if found:
            self.open(f"/households/{random.choice(found)}", "household page")  # noqa: S311


class Surveyor(Person):
    weight = 2
    account = "dtv{n}"

    @task
    def save_a_draft(self) -> None:
        page = self.open("/households/?q=" + random.choice(NAMES), "household search")  # noqa: S311
        found = HOUSEHOLD_LINK.findall(page)
        if not found:
            return
        household = random.choice(found)  # noqa: S311
        with self.client.get(
            f"/households/{household}/surveys/new?standalone=1", name="survey form", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            fields = typed(form_fields(response.text), **SURVEY_START)
            url = response.url
        with self.client.post(
            url, data=[*fields, ("action", "draft")], name="survey draft save", catch_response=True
        ) as saved:
            if saved.status_code != 200 or "/edit" not in saved.url:
                saved.failure(f"{saved.status_code} at {saved.url}")


class ProvinceOfficer(Person):
    weight = 1
    account = "tinh"
    wait_time = between(3, 8)
    unit: Any = None

    @task(2)
    def dashboard(self) -> None:
        self.open("/dashboard", "province dashboard")

    @task(1)
    def province_households(self) -> None:
        """The whole province's household list: more than the count cap, so the export's count runs too."""
        self.open("/households/", "household list (province)")

    @task(1)
    def report(self) -> None:
        if self.unit is None:
            self.unit = first_report_unit(self.open("/reports/", "report chooser"))
        form = random.choice(REPORT_FORMS)  # noqa: S311
        self.open(report_url(form, self.unit), "Mẫu 7.x report")


class Floor(HttpUser):
    """The trivial endpoint of the same server: a static file, no database, no template."""

    weight = 1
    fixed_count = 1
    wait_time = between(0.5, 1)

    @task
    def static(self) -> None:
        self.client.get("/static/app.css", name="floor: static file")
