"""Households and their members: list (commune, village, name ignoring diacritics; cursor paging),
read, create and update, through the web form's own validation and the same save service."""

from __future__ import annotations

from typing import Any, Literal

from flask import abort, request
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from casework.access import service as access
from casework.api.core import bp, endpoint, expected_version, token, user
from casework.api.errors import ApiError, fail
from casework.api.formdata import form_day
from casework.api.paging import DEFAULT_LIMIT, MAX_LIMIT, page
from casework.api.spec import Input, answers, spec
from casework.crypto import decrypt
from casework.extensions import db
from casework.households import queries, service
from casework.households.forms import HouseholdForm, as_choices
from casework.models import Household, Village
from casework.permissions import Permission, may
from casework.reference import ethnicity_choices, known_pid_prefixes
from casework.scoping import household_scope, villages_in_scope
from workflow.identity import mask_pid

TAG = "households"


class MemberOut(BaseModel):
    id: int
    position: int
    full_name: str
    sex: Literal["male", "female"]
    birth_date: str = Field(description="YYYY-MM-DD; only the year counts when birth_date_precision is 'year'")
    birth_date_precision: Literal["day", "year"]
    ethnicity_code: str | None
    relationship_to_head: str
    activity_status: str
    id_document_type: str
    personal_id_masked: str | None = Field(description="The personal ID number, masked (0010******45)")
    personal_id_confirmed: bool
    id_issue_date: str | None
    id_issuer: str | None


class HouseholdOut(BaseModel):
    id: int
    village_id: int
    village_name: str
    commune_id: int
    commune_name: str
    permanent_address: str
    current_address: str
    head_name: str | None
    version: int = Field(description="Send it back as If-Match (or `version`) when updating")
    members: list[MemberOut]

    @classmethod
    def of(cls, household: Household) -> HouseholdOut:
        return cls(
            id=household.id,
            village_id=household.village_id,
            village_name=household.village.name,
            commune_id=household.village.commune_id,
            commune_name=household.village.commune.name,
            permanent_address=household.permanent_address,
            current_address=household.current_address,
            head_name=household.head.full_name if household.head else None,
            version=household.version_id,
            members=[
                MemberOut(
                    id=m.id,
                    position=m.position,
                    full_name=m.full_name,
                    sex=m.sex.value,
                    birth_date=m.birth_date.isoformat(),
                    birth_date_precision="year" if m.birth_date_precision == "year" else "day",
                    ethnicity_code=m.ethnicity_code,
                    relationship_to_head=m.relationship_to_head.value,
                    activity_status=m.activity_status.value,
                    id_document_type=m.id_document_type.value,
                    personal_id_masked=mask_pid(decrypt(m.personal_id_ciphertext))
                    if m.personal_id_ciphertext
                    else None,
                    personal_id_confirmed=m.personal_id_confirmed,
                    id_issue_date=m.id_issue_date.isoformat() if m.id_issue_date else None,
                    id_issuer=m.id_issuer,
                )
                for m in household.members
            ],
        )


class HouseholdSummary(BaseModel):
    id: int
    village_id: int
    commune_id: int
    head_name: str | None
    members: int
    version: int


class HouseholdPage(BaseModel):
    items: list[HouseholdSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class HouseholdFilter(BaseModel):
    commune: int | None = Field(None, ge=1, le=2**31 - 1, description="Only this commune's households")
    village: int | None = Field(None, ge=1, le=2**31 - 1, description="Only this village's households")
    q: str | None = Field(
        None,
        max_length=100,
        description="A member's name; accents and case are ignored. Across several communes (neither `commune` "
        "nor `village`) it needs a word of 3 letters or more (422 on `q`)",
    )
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class MemberIn(Input):
    id: int | None = Field(None, ge=1, le=2**31 - 1, description="The member this row edits; omit to add one")
    full_name: str = Field(max_length=120)
    sex: Literal["male", "female"]
    birth_date: str = Field(max_length=10, description="YYYY-MM-DD, dd/mm/yyyy, or YYYY for the elderly")
    ethnicity_code: str | None = Field(None, max_length=2)
    relationship_to_head: Literal[
        "head", "spouse", "parent", "child", "grandparent", "grandchild", "sibling", "child_in_law", "other"
    ]
    activity_status: Literal["employed", "not_employed", "in_school"]
    id_document_type: Literal["cccd", "can_cuoc", "cmnd", "none"] = "cccd"
    personal_id_number: str | None = Field(None, max_length=20, description="Omit on update to keep the stored one")
    personal_id_confirmed: bool = Field(False, description="The number was re-checked on the card; see `warning`")
    personal_id_warning: str | None = Field(None, max_length=200, description="The `warning` of the 422 to confirm")
    legacy_id_number: str | None = Field(None, max_length=12)
    id_issue_date: str | None = Field(None, max_length=10)
    id_issuer: str | None = Field(None, max_length=120)


class HouseholdIn(Input):
    village_id: int = Field(ge=1, le=2**31 - 1)
    permanent_address: str = Field(max_length=300)
    current_address: str = Field(max_length=300)
    members: list[MemberIn] = Field(min_length=1, max_length=40)
    version: int | None = Field(None, ge=0, le=2**31 - 1, description="For updates, unless If-Match is sent")


def _formdata(data: HouseholdIn) -> MultiDict[str, Any]:
    fields: list[tuple[str, Any]] = [
        ("village_id", str(data.village_id)),
        ("permanent_address", data.permanent_address),
        ("current_address", data.current_address),
    ]
    for index, member in enumerate(data.members):
        row = member.model_dump(exclude={"id", "personal_id_confirmed", "personal_id_warning"})
        row.update(birth_date=form_day(member.birth_date), id_issue_date=form_day(member.id_issue_date))
        row.update(member_id=str(member.id or ""), personal_id_warned=member.personal_id_warning or "")
        if member.personal_id_confirmed:
            row["personal_id_confirmed"] = "y"
        fields += [(f"members-{index}-{name}", "" if value is None else str(value)) for name, value in row.items()]
    return MultiDict(fields)


def _form_errors(form: HouseholdForm) -> ApiError:
    """The form's messages, each under the JSON path of its field (members.0.full_name)."""
    errors: list[tuple[str | None, str]] = []
    for name, messages in form.errors.items():
        if name != "members":
            errors += [(name, str(m)) for m in messages]
            continue
        for index, row in enumerate(form.members.entries):
            for field_name, row_messages in row.form.errors.items():
                field_name = "personal_id_number" if field_name == "personal_id_warned" else field_name
                errors += [(f"members.{index}.{field_name}", str(m)) for m in row_messages]
            warned = row.form.personal_id_warned.data
            if row.form.personal_id_number.errors and warned:
                errors.append((f"members.{index}.warning", warned))
        errors += [("members", str(m)) for m in form.household_errors()]
    return ApiError(422, errors or [(None, _("Dữ liệu chưa hợp lệ."))])


def _validated(data: HouseholdIn, household: Household | None) -> HouseholdForm:
    form = HouseholdForm(formdata=_formdata(data), meta={"csrf": False})
    scope = household_scope(user(), Permission.HOUSEHOLD_EDIT)
    form.village_id.choices = as_choices([(v.id, v.name) for v in villages_in_scope(scope)])
    for entry in form.members:
        entry.form.ethnicity_code.choices = as_choices([("", "—"), *ethnicity_choices()])
    valid = form.validate()
    if not (form.check_personal_ids(known_pid_prefixes()) and valid):
        raise _form_errors(form)
    conflicts = service.personal_id_conflicts(form.to_data(), household)
    if conflicts:
        form.attach_row_errors(conflicts)
        raise _form_errors(form)
    chosen = db.session.get(Village, data.village_id)
    if chosen is None or not may(user(), Permission.HOUSEHOLD_EDIT, chosen):
        raise fail(422, _("Thôn này không thuộc địa bàn của bạn."), "village_id")
    return form


def _etag(household: Household) -> dict[str, str]:
    return {"ETag": f'"{household.version_id}"'}


@bp.get("/households")
@spec.validate(query=HouseholdFilter, resp=answers(HouseholdPage), tags=[TAG])
@endpoint("households")
def list_households(query: HouseholdFilter) -> HouseholdPage:
    """Households in the token user's units, by the head's name. Across several communes (no `commune`
    or `village`), `q` needs a word of three letters or more, as on the web's list (422 on `q`)."""
    scope = household_scope(user(), Permission.HOUSEHOLD_VIEW)
    wide = queries.is_wide(queries.spans_communes(scope), commune_id=query.commune, village_id=query.village)
    queries.check_query(query.q or "", wide=wide)
    statement = queries.households_statement(
        user(), query=query.q or "", village_id=query.village, commune_id=query.commune, indexed=wide
    )
    rows, cursor = page(
        statement.options(joinedload(Household.village), selectinload(Household.members)),  # no query per row
        (Household.head_sort_key, Household.id),
        lambda h: (h.head_sort_key, h.id),
        cursor=query.cursor,
        limit=query.limit,
    )
    items = [
        HouseholdSummary(
            id=h.id,
            village_id=h.village_id,
            commune_id=h.village.commune_id,
            head_name=h.head.full_name if h.head else None,
            members=len(h.members),
            version=h.version_id,
        )
        for h in rows
    ]
    return HouseholdPage(items=items, next_cursor=cursor)


@bp.get("/households/<int:household_id>")
@spec.validate(resp=answers(HouseholdOut), tags=[TAG])
@endpoint("households")
def get_household(household_id: int):  # type: ignore[no-untyped-def]
    """One household with its members (ID numbers masked); the read is written to the access log."""
    household = queries.get_household(user(), household_id) or abort(404)
    access.household_viewed(user(), household, api_token=token().id)
    return HouseholdOut.of(household), 200, _etag(household)


@bp.post("/households")
@spec.validate(json=HouseholdIn, resp=answers(HouseholdOut, status=201, write=True), tags=[TAG])
@endpoint("households", write=True)
def create_household(json: HouseholdIn):  # type: ignore[no-untyped-def]
    """A new household with its members: the web form's checks, the same save."""
    if not may(user(), Permission.HOUSEHOLD_EDIT):
        abort(403)
    form = _validated(json, None)
    household = service.save_household(None, form.to_data(), user())
    return HouseholdOut.of(household), 201, {**_etag(household), "Location": f"{request.path}/{household.id}"}


@bp.put("/households/<int:household_id>")
@spec.validate(json=HouseholdIn, resp=answers(HouseholdOut, write=True), tags=[TAG])
@endpoint("households", write=True)
def update_household(household_id: int, json: HouseholdIn):  # type: ignore[no-untyped-def]
    """Replace the household and its members (rows name the members they edit; others are removed)."""
    household = queries.get_household(user(), household_id) or abort(404)
    if not may(user(), Permission.HOUSEHOLD_EDIT, household):
        abort(403)
    if expected_version(json.version) != household.version_id:
        raise fail(409, _("Hộ này vừa được người khác sửa. Hãy đọc lại rồi gửi lại thay đổi."), "version")
    form = _validated(json, household)
    saved = service.save_household(household, form.to_data(), user())
    return HouseholdOut.of(saved), 200, _etag(saved)
