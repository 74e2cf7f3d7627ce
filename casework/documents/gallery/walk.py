"""Walk the demo commune through the procedure, page by page, and collect every document issued.

The walks, in the order of the calendar (the app's clock is set for every step, so no step is
backdated or skipped):
- March 2026, the monthly cycle: a regular review on Mẫu 01 (survey, village meeting, posting,
  the chairman's decision, certificates); a request screened out by Phiếu A and refused in writing;
  an exit request on Mẫu 04.
- October 2026, the periodic campaign: the campaign's households plus one Mẫu 01, the review list,
  surveys, the village meetings, the posting with a complaint and its re-check, the report to the
  upper level and its signed approval, the signed recognition decision and its certificates.
- The Mẫu 7.x reports of the year, as PDF (rendered on request, not stored).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, template_rendered
from sqlalchemy import select

from casework.documents.gallery import steps
from casework.documents.gallery.setup import AppClock
from casework.documents.gallery.steps import Pages
from casework.extensions import db
from casework.models import AdminUnit, Case, Document, Household, HouseholdStatus, UnitLevel, Village

DEMO_COMMUNE = "00715"
REPORT_TEMPLATE = "documents/report_table.html"


@dataclass
class Issued:
    """One document as the app issued it: what the tests check and the gallery shows."""

    kind: str
    walk: str  # which walk issued it (periodic, regular, refusal, exit, reports)
    context: dict[str, Any]
    pdf: bytes
    document_id: int | None = None
    number: str | None = None
    signed_pdf: bytes | None = None  # the copy the official signed, when there is one
    case_id: int | None = None

    @property
    def draft(self) -> bool:
        return bool(self.context.get("draft"))


@dataclass
class Walked:
    documents: list[Issued] = field(default_factory=list)
    case_walks: dict[int, str] = field(default_factory=dict)  # case id → walk
    run_walks: dict[int, str] = field(default_factory=dict)  # run id → walk
    phases: list[tuple[int, str]] = field(default_factory=list)  # (last document id, walk), in order

    def kinds(self) -> set[str]:
        return {d.kind for d in self.documents}


def _commune(pages: Pages) -> tuple[int, list[int], set[int]]:
    """The demo commune, its households in village order, and those on last year's lists."""
    commune_id = pages.query(
        select(AdminUnit.id).where(
            AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.code == DEMO_COMMUNE, AdminUnit.effective_to.is_(None)
        )
    )[0][0]
    households = [
        row[0]
        for row in pages.query(
            select(Household.id).join(Village).where(Village.commune_id == commune_id).order_by(Household.id)
        )
    ]
    listed = {row[0] for row in pages.query(select(HouseholdStatus.household_id))}
    return commune_id, households, listed


def _run_of(pages: Pages, case_id: int) -> int:
    return pages.query(select(Case.run_id).where(Case.id == case_id))[0][0]


def regular_cycle(pages: Pages, walked: Walked, households: list[int], listed: set[int]) -> None:
    """March: a regular review on Mẫu 01 to its decision; a refusal; an exit request on Mẫu 04."""
    free = [h for h in households if h not in listed]
    day = pages.today(dt.date(2026, 3, 2))
    regular = steps.log_request(pages, "Mẫu 01 thường xuyên: tiếp nhận", free[0], day)
    refused = steps.log_request(pages, "Mẫu 01 bị từ chối: tiếp nhận", free[1], day)
    poor_last_year = [h for h in households if h in listed]
    exiting = steps.log_request(
        pages, "Mẫu 04: tiếp nhận", poor_last_year[-1], day, form="mau_04", requested_exit="exit_poor",
        reason="Gia đình đã có thu nhập ổn định từ trồng chè và chăn nuôi",
    )  # fmt: skip
    walked.case_walks |= {regular: "regular", refused: "refusal", exiting: "exit"}
    steps.survey(pages, "Phiếu rà soát (thường xuyên)", regular, "poor", day)
    steps.survey(pages, "Phiếu A: dừng rà soát", refused, "screened", day)
    pages.post(
        "Văn bản không công nhận", "chutich", f"/cases/{refused}/refuse",
        {"reasons": "Hộ có ô tô (Phiếu A, nhóm 1): không thuộc diện rà soát hộ nghèo, hộ cận nghèo.",
         "number": "07", "issued_on": day},
    )  # fmt: skip
    run_id = _run_of(pages, regular)
    walked.run_walks[run_id] = "regular"
    steps.meetings(pages, "Họp dân (thường xuyên)", run_id, [regular], pages.today(dt.date(2026, 3, 3)))
    posting_id, end = steps.post_list(
        pages, "Niêm yết (thường xuyên)", run_id, [regular], pages.today(dt.date(2026, 3, 4)), "05"
    )
    end = steps.close_posting(pages, "Kết thúc niêm yết (thường xuyên)", posting_id, end)
    pages.post("Chuyển chờ quyết định", "canbo", f"/runs/{run_id}/prepare")
    _decide(pages, "Quyết định (thường xuyên)", run_id, "12", pages.today(end + dt.timedelta(days=1)))


def _decide(pages: Pages, step: str, run_id: int, number: str, day: str) -> None:
    """The chairman issues the recognition decision, signs it, then signs its certificates."""
    decision = pages.post(
        step, "chutich", f"/runs/{run_id}/decision", {"number": number, "symbol": "QĐ-UBND", "issued_on": day}
    )
    pages.sign(step, "chutich", decision)
    pages.post(f"{step}: ký giấy chứng nhận", "chutich", f"/runs/{run_id}/certificates/sign", **pages.p12("chutich"))


def periodic_campaign(pages: Pages, walked: Walked, commune_id: int, households: list[int], listed: set[int]) -> None:
    day = pages.today(dt.date(2026, 10, 1))
    opened = pages.post("Mở đợt rà soát định kỳ", "canbo", "/runs/new", {"commune_id": str(commune_id), "year": "2026"})
    run_id = steps.last_id(opened)
    walked.run_walks[run_id] = "periodic"
    taken = {row[0] for row in pages.query(select(Case.household_id))}
    newcomer = next(h for h in households if h not in listed and h not in taken)
    steps.log_request(pages, "Mẫu 01 trong đợt định kỳ: tiếp nhận", newcomer, day)
    pages.post("Đưa hộ có giấy đề nghị vào danh sách", "canbo", f"/runs/{run_id}/list-requests")
    pages.post("Danh sách hộ rà soát", "canbo", f"/runs/{run_id}/lists/review")
    cases = steps.case_ids_of(pages, run_id)
    outcomes = ("poor", "near_poor", "not_poor")
    for index, case_id in enumerate(cases):
        steps.survey(pages, f"Phiếu rà soát hồ sơ thứ {index + 1}", case_id, outcomes[index % 3], day)
    steps.meetings(pages, "Họp dân", run_id, cases, pages.today(dt.date(2026, 10, 2)))
    posting_id, end = steps.post_list(pages, "Niêm yết", run_id, cases, pages.today(dt.date(2026, 10, 5)), "15")
    day = pages.today(dt.date(2026, 10, 6))
    complaint = {
        "case_id": str(cases[0]), "received_on": day, "received_time": "09:00", "channel": "in_person",
        "complainant": "Vàng Mí Lử", "contact": "Thôn Séo Lủng", "kind": "inclusion",
        "content": "Hộ mới mua xe máy, đề nghị xem xét lại.",
    }  # fmt: skip
    pages.post("Ghi nhận phản ánh", "canbo", f"/postings/{posting_id}/complaints", complaint)
    recheck = {
        "team": "Hoàng Thị Lan - Công chức Văn hóa - Xã hội\nĐỗ Thị Hà - Chi hội trưởng Chi hội Phụ nữ",
        "started_on": day, "finished_on": day, "conclusion": "rejected",
        "notes": "Xe máy cũ mua lại, không làm thay đổi kết quả rà soát.",
    }  # fmt: skip
    pages.post("Phúc tra", "canbo", f"/cases/{cases[0]}/recheck", recheck)
    end = steps.close_posting(pages, "Kết thúc niêm yết", posting_id, end)
    pages.post("Báo cáo cấp trên", "chutich", f"/runs/{run_id}/upper", {"number": "21", "symbol": "BC-UBND"})
    inbox = pages.get("Hộp thư cấp trên", "tinhpd", "/upper").get_data(as_text=True)
    review_id = int(re.search(r'href="/upper/(\d+)"', inbox).group(1))  # type: ignore[union-attr]
    pages.today(end + dt.timedelta(days=2))
    letter = pages.post(
        "Ý kiến cấp trên", "tinhpd", f"/upper/{review_id}", {"action": "approve", "number": "88", "symbol": "UBND"}
    )
    pages.sign("Ý kiến cấp trên", "tinhpd", letter)
    _decide(pages, "Quyết định công nhận", run_id, "30", pages.today(end + dt.timedelta(days=4)))


def reports(pages: Pages, walked: Walked, commune_id: int) -> None:
    """The Mẫu 7.x reports of the year and of March, downloaded as PDF; their contexts caught on render."""
    caught: list[dict[str, Any]] = []

    def catch(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        if template.name == REPORT_TEMPLATE:
            caught.append({k: v for k, v in context.items() if k in _REPORT_KEYS})

    queries = (
        f"/reports/bundle?bundle=periodic&unit=commune:{commune_id}&period=year&year=2026&format=pdf",
        f"/reports/bundle?bundle=monthly&unit=commune:{commune_id}&year=2026&month=3&format=pdf",
    )
    with template_rendered.connected_to(catch, pages.app):
        for url in queries:
            pdf = pages.get("Báo cáo Mẫu 7.x", "canbo", url).get_data()
            walked.documents.append(Issued("report_table", "reports", caught[-1], pdf))


_REPORT_KEYS = (
    "kind", "draft", "header", "date_line", "number_line", "summary_vv", "title", "summary", "tables",
    "verification", "sections", "annexes", "main_head", "main_tail", "page_numbers", "recipients", "signature",
)  # fmt: skip


def collect(app: Flask, walked: Walked) -> None:
    """Every document the walks issued, in order, with the signed copy beside the one it signs."""
    with app.app_context():
        rows = db.session.execute(select(Document).order_by(Document.id)).scalars().all()
        signed = {row.signed_from_id: row.content for row in rows if row.signed_from_id}
        case_runs = dict(db.session.execute(select(Case.id, Case.run_id)).all())
        issued = []
        for row in rows:
            if row.signed_from_id or not row.template_name or row.content is None:
                continue
            walk = walked.case_walks.get(row.case_id) or walked.run_walks.get(case_runs.get(row.case_id)) or ""
            walk = walk or next((name for last, name in walked.phases if row.id <= last), "periodic")
            issued.append(
                Issued(
                    row.kind,
                    walk,
                    dict(row.context),
                    row.content,
                    row.id,
                    row.document_number,
                    signed.get(row.id),
                    row.case_id,
                )
            )
    walked.documents[:0] = issued


def _phase_end(pages: Pages, walked: Walked, name: str) -> None:
    """Batch documents name no case: the walk that issued them is told by when they were made."""
    last = pages.query(select(db.func.max(Document.id)))[0][0] or 0
    walked.phases.append((last, name))


def walk(app: Flask, clock: AppClock, pki_dir: Path) -> Walked:
    """All the walks on a prepared app (setup.prepare); raises GalleryError naming the step a page refused."""
    pages = Pages(app, clock, pki_dir)
    walked = Walked()
    commune_id, households, listed = _commune(pages)
    regular_cycle(pages, walked, households, listed)
    _phase_end(pages, walked, "regular")
    periodic_campaign(pages, walked, commune_id, households, listed)
    reports(pages, walked, commune_id)
    collect(app, walked)
    return walked


START = dt.date(2026, 3, 1)  # the demo is seeded the day before the walks begin


def run_walk(database_url: str | None, workdir: Path, households: int = 30, *, migrate: bool = True) -> Walked:
    """Build a throwaway app in `workdir` (SQLite there unless `database_url`), seed it, walk it, dispose of it."""
    from casework.documents.gallery.setup import driven_clock, prepare, throwaway_app
    from casework.reference import clear_caches

    app = throwaway_app(database_url or f"sqlite:///{workdir / 'gallery.sqlite3'}", workdir)
    try:
        with driven_clock() as clock:
            clock.set(START)
            prepare(app, households, migrate=migrate)
            return walk(app, clock, workdir / "pki")
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        clear_caches()  # the next app must not see this database's cached units
