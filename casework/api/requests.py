"""A household's request logged by commune staff (Mẫu số 01, Mẫu số 04): the case it opens, with its receipt.

The same form checks, permission question and service as the page "Tiếp nhận giấy đề nghị"; the answer is the
new case as `GET /cases/{id}` gives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import abort
from werkzeug.datastructures import MultiDict

from casework import clock, permissions
from casework.api.cases import CaseOut, full_case
from casework.api.core import bp, endpoint, user
from casework.api.errors import ApiError
from casework.api.spec import Input, answers, spec
from casework.cases import service
from casework.cases.forms import RequestForm
from casework.households import queries as household_queries

TAG = "cases"


class RequestIn(Input):
    form: Literal["mau_01", "mau_04"] = "mau_01"
    request_kind: Literal["poverty_review", "average_living_standard", "low_income_worker"] = "poverty_review"
    requested_exit: Literal["exit_poor", "exit_near_poor"] | None = None
    applicant_member_id: int
    reason: str
    channel: Literal["in_person", "post", "online_portal", "via_village_head"] = "in_person"
    signed_place: str = ""
    signed_on: dt.date
    received_on: dt.date


def _formdata(data: RequestIn) -> MultiDict[str, str]:
    fields = data.model_dump()
    fields["requested_exit"] = data.requested_exit or ""
    fields["signed_on"] = f"{data.signed_on:%d/%m/%Y}"
    fields["received_on"] = f"{data.received_on:%d/%m/%Y}"
    return MultiDict({name: str(value) for name, value in fields.items()})


@bp.post("/households/<int:household_id>/requests")
@spec.validate(json=RequestIn, resp=answers(CaseOut, status=201, write=True), tags=[TAG])
@endpoint("cases", write=True)
def log_request(household_id: int, json: RequestIn):  # type: ignore[no-untyped-def]
    """Log a request the household signed: the case opens in the month's cycle or the campaign, its receipt
    is issued (numbered from the commune's register)."""
    household = household_queries.get_household(user(), household_id) or abort(404)
    permissions.refuse_unless(permissions.may_log_request(user(), household))
    form = RequestForm(formdata=_formdata(json), meta={"csrf": False})
    form.applicant_member_id.choices = [(m.id, m.full_name) for m in household.members]
    if not form.validate():
        raise ApiError(422, [(name, str(message)) for name, messages in form.errors.items() for message in messages])
    data = service.RequestData(
        form=json.form,
        request_kind="exit_request" if json.form == "mau_04" else json.request_kind,
        requested_exit=json.requested_exit,
        applicant_member_id=json.applicant_member_id,
        reason=form.reason.data,
        channel=json.channel,
        signed_place=form.signed_place.data,
        signed_on=json.signed_on,
        received_on=json.received_on,
    )
    case = service.log_request(household, data, user(), clock.today())  # a Refused answers with its field
    return full_case(case), 201, {"ETag": f'"{case.version_id}"', "Location": f"/api/v1/cases/{case.id}"}
