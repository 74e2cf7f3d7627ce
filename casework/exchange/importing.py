"""Check every row of an uploaded household file, then write the valid households in one go.

Rules are the household form's: each row goes through ``MemberForm`` (names, dates, lengths,
issue date after birth, old CMND), the personal ID through ``workflow.identity.check_pid``, and a
household needs exactly one head and at most 40 members. Duplicated personal IDs are found
within the file and, through the HMAC blind index, against every stored member.

Matching (documented for users on the import page): rows with the same "Mã hộ" are one household.
A code ``HGD-<id>`` of a household in the village the rows go to, within the user's units,
updates that household; its rows edit the members named by "Mã thành viên" (or holding the same
ID number) and add the others; members absent from the file are kept. The code of a household of
another village within the user's units is refused (it would silently copy the household); any
other code (a household the user does not reach, another system's code) creates a new household.

Nothing is written unless every household is valid, or the user chose to import the valid ones
(a household is imported whole or not at all); casework/exchange/writing.py writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from wtforms import SelectField

from casework import crypto
from casework.exchange import columns as cols
from casework.exchange.reading import SourceFile, SourceRow, cell_text
from casework.exchange.rowform import RowForm, check_choice_in_set
from casework.extensions import db
from casework.households import service
from casework.households.data import MemberData
from casework.households.forms import MemberForm
from casework.models import AdminUnit, Household, IdDocumentType, Member, Relationship, Sex, User, Village
from casework.permissions import Permission
from casework.reference import ethnicity_choices, known_pid_prefixes
from casework.scoping import household_scope
from workflow.identity import check_pid, normalize_pid
from workflow.names import search_key

MAX_MEMBERS = 40
ADDRESS_LIMIT = 300
LOOKUP_CHUNK = 500
FIELD_COLUMN = {
    "full_name": "full_name",
    "sex": "sex",
    "birth_date": "birth_date",
    "ethnicity_code": "ethnicity",
    "relationship_to_head": "relationship",
    "activity_status": "activity",
    "id_document_type": "id_document_type",
    "personal_id_number": "personal_id",
    "legacy_id_number": "legacy_id",
    "id_issue_date": "id_issue_date",
    "id_issuer": "id_issuer",
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the column's heading as the user sees it
    message: str

    def text(self) -> str:
        return _("Dòng %(row)d, cột '%(column)s': %(message)s", row=self.row, column=self.column, message=self.message)


@dataclass
class Target:
    """Where the households go: one village, or the commune's villages named in the 'Thôn' column."""

    commune: AdminUnit
    village: Village | None
    villages: dict[str, Village]  # search_key(name) → village of the commune within the user's units


@dataclass
class PlannedHousehold:
    code: str
    rows: list[int]
    village: Village | None
    existing: Household | None
    members: list[MemberData] = field(default_factory=list)
    member_rows: list[int] = field(default_factory=list)  # the row each member came from
    permanent_address: str = ""
    current_address: str = ""
    valid: bool = True


@dataclass
class ImportPlan:
    households: list[PlannedHousehold]
    problems: list[RowProblem]
    notices: list[str]
    rows: int

    @property
    def valid(self) -> list[PlannedHousehold]:
        return [h for h in self.households if h.valid]

    @property
    def invalid(self) -> list[PlannedHousehold]:
        return [h for h in self.households if not h.valid]

    def problem_texts(self, limit: int = 1000) -> list[str]:
        return [p.text() for p in sorted(self.problems, key=lambda p: p.row)[:limit]]


def _label(key: str) -> str:
    return cols.LABEL_OF[key]


class _Checker:
    """Row checks that need the database (ethnic groups, ID prefixes), loaded once per import."""

    def __init__(self) -> None:
        choices = ethnicity_choices()
        self.ethnicity_choices = [("", ""), *choices]
        self.ethnicities = {code: code for code, _n in choices}
        for code, name in choices:  # "Hmông (Mông)" is found as "Hmông", "Mông" or the whole name
            for spelling in (name, *re.split(r"[()]", name)):
                if spelling.strip():
                    self.ethnicities.setdefault(search_key(spelling), code)
        self.prefixes = known_pid_prefixes()
        self.masked_ids = 0
        self.form = MemberForm()
        self.form.ethnicity_code.choices = self.ethnicity_choices
        for select_field in self.form:
            if isinstance(select_field, SelectField):
                check_choice_in_set(select_field)
        self.keys: dict[str, str] = {}
        self.row_form = RowForm(self.form, list(FIELD_COLUMN))  # one form checks every row

    def key(self, text: str) -> str:
        """`search_key`, remembered: the choice columns repeat a handful of texts on every row."""
        try:
            return self.keys[text]
        except KeyError:
            found = self.keys[text] = search_key(text)
            return found

    def choice(self, row: SourceRow, key: str, lookup: dict[str, Any], problems: list[RowProblem]) -> Any:
        text = cell_text(row.values.get(key))
        if not text:
            problems.append(RowProblem(row.number, _label(key), _("Không được để trống.")))
            return None
        found = lookup.get(self.key(text))
        if found is None:
            allowed = ", ".join(dict.fromkeys(str(label) for label in _labels_of(key)))
            problems.append(
                RowProblem(
                    row.number,
                    _label(key),
                    _("'%(v)s' không có trong danh sách: %(allowed)s.", v=text, allowed=allowed),
                )
            )
        return found

    def member(self, row: SourceRow, problems: list[RowProblem]) -> MemberData | None:
        before = len(problems)
        sex = self.choice(row, "sex", cols.SEX_LOOKUP, problems)
        relationship = self.choice(row, "relationship", cols.RELATIONSHIP_LOOKUP, problems)
        activity = self.choice(row, "activity", cols.ACTIVITY_LOOKUP, problems)
        document_text = cell_text(row.values.get("id_document_type"))
        document = cols.ID_DOCUMENT_LOOKUP.get(self.key(document_text)) if document_text else None
        if document_text and document is None:
            self.choice(row, "id_document_type", cols.ID_DOCUMENT_LOOKUP, problems)
        pid = self._pid(row, problems)
        ethnicity_text = cell_text(row.values.get("ethnicity"))
        ethnicity = self.ethnicities.get(self.key(ethnicity_text)) if ethnicity_text else ""
        if ethnicity is None:
            problems.append(
                RowProblem(row.number, _label("ethnicity"), _("Không có dân tộc '%(v)s'.", v=ethnicity_text))
            )
        form = self.form
        errors = self.row_form.check(
            {
                "full_name": cell_text(row.values.get("full_name")),
                "sex": sex.value if sex else Sex.MALE.value,
                "birth_date": cell_text(row.values.get("birth_date")),
                "ethnicity_code": ethnicity or "",
                "relationship_to_head": relationship.value if relationship else Relationship.OTHER.value,
                "activity_status": activity.value if activity else "employed",
                "id_document_type": (document or (IdDocumentType.CCCD if pid else IdDocumentType.NONE)).value,
                "personal_id_number": pid,
                "legacy_id_number": normalize_pid(cell_text(row.values.get("legacy_id"))).replace("*", ""),
                "id_issue_date": cell_text(row.values.get("id_issue_date")),
                "id_issuer": cell_text(row.values.get("id_issuer")),
            }
        )
        for name, messages in errors.items():
            column = FIELD_COLUMN.get(name)
            if column and not (column in ("sex", "relationship", "activity") and len(problems) > before):
                problems.extend(RowProblem(row.number, _label(column), str(m)) for m in messages)
        confirmed = self.key(cell_text(row.values.get("personal_id_confirmed"))) in ("co", "x", "yes", "1")
        if pid and form.parsed_birth:
            self._check_pid(row, pid, form.parsed_birth[0].year, sex is Sex.FEMALE, confirmed, problems)
        if len(problems) > before:
            return None
        data = form.to_data()
        data.personal_id_confirmed = confirmed
        data.legacy_id_number = data.legacy_id_number or None
        data.member_id = None
        return data

    def _pid(self, row: SourceRow, problems: list[RowProblem]) -> str:
        value = row.values.get("personal_id")
        if isinstance(value, int | float) and not isinstance(value, bool):
            digits = str(int(value))
            if len(digits) < 12:
                problems.append(
                    RowProblem(
                        row.number,
                        _label("personal_id"),
                        _(
                            "Số định danh bị lưu dạng số nên mất chữ số 0 ở đầu; "
                            "hãy định dạng cột là Văn bản (Text) và nhập đủ 12 số."
                        ),
                    )
                )
                return ""
            return digits
        text = normalize_pid(cell_text(value))
        if "*" in text:  # a masked number from an export: not a number, keep what is stored
            self.masked_ids += 1
            return ""
        return text

    def _check_pid(
        self, row: SourceRow, pid: str, year: int, female: bool, confirmed: bool, problems: list[RowProblem]
    ) -> None:
        result = check_pid(pid, birth_year=year, female=female, known_prefixes=self.prefixes)
        if result.ok or (confirmed and not result.malformed):
            return
        for message in result.messages():
            problems.append(RowProblem(row.number, _label("personal_id"), message))
        if not result.malformed:
            problems.append(
                RowProblem(
                    row.number,
                    _label("personal_id"),
                    _("Nếu số trên thẻ đúng như vậy, ghi 'Có' ở cột '%(c)s'.", c=_label("personal_id_confirmed")),
                )
            )


def _labels_of(key: str) -> list[str]:
    return {
        "sex": list(cols.SEX_LABELS.values()),
        "relationship": list(cols.RELATIONSHIP_LABELS.values()),
        "activity": list(cols.ACTIVITY_LABELS.values()),
        "id_document_type": list(cols.ID_DOCUMENT_LABELS.values()),
    }[key]


def plan_import(
    source: SourceFile, target: Target, user: User, on_progress: Callable[[int, int], None] | None = None
) -> ImportPlan:
    problems = [RowProblem(row, _label(key), message) for row, key, message in source.legacy_errors]
    checker = _Checker()
    groups: dict[str, list[tuple[SourceRow, MemberData | None]]] = {}
    for index, row in enumerate(source.rows, start=1):
        code = cell_text(row.values.get("household_code"))
        if not code:
            problems.append(RowProblem(row.number, _label("household_code"), _("Không được để trống.")))
        row_problems: list[RowProblem] = []
        data = checker.member(row, row_problems)
        problems.extend(row_problems)
        groups.setdefault(code or f"#{row.number}", []).append((row, data))
        if on_progress and index % 500 == 0:
            on_progress(index, len(source.rows))
    scope = household_scope(user, Permission.HOUSEHOLD_EDIT)
    households = [_plan_household(code, rows, target, scope, problems) for code, rows in groups.items()]
    _find_duplicates(households, problems)
    bad_rows = {p.row for p in problems}
    for household in households:
        household.valid = not bad_rows.intersection(household.rows)
    notices = list(source.notices)
    if checker.masked_ids:
        notices.append(
            _("%(n)d số định danh đang bị che (***) nên được bỏ qua: hộ đã có giữ nguyên số cũ.", n=checker.masked_ids)
        )
    return ImportPlan(households, problems, notices, len(source.rows))


def _village_of(row: SourceRow, target: Target, problems: list[RowProblem]) -> Village | None:
    if target.village is not None:
        return target.village  # the chosen village wins; the 'Thôn' column is not read
    name = cell_text(row.values.get("village"))
    if not name:
        problems.append(RowProblem(row.number, _label("village"), _("Không được để trống khi nhập cho cả xã.")))
        return None
    village = target.villages.get(search_key(name))
    if village is None:
        problems.append(
            RowProblem(
                row.number,
                _label("village"),
                _("Thôn '%(v)s' không thuộc %(c)s hoặc không thuộc địa bàn của bạn.", v=name, c=target.commune.name),
            )
        )
    return village


def _plan_household(
    code: str, rows: list[tuple[SourceRow, MemberData | None]], target: Target, scope: Any, problems: list[RowProblem]
) -> PlannedHousehold:
    first = rows[0][0]
    head_rows = [r for r, d in rows if d and d.relationship_to_head is Relationship.HEAD]
    lead = head_rows[0] if head_rows else first
    village = _village_of(lead, target, problems)
    plan = PlannedHousehold(code=code, rows=[r.number for r, _d in rows], village=village, existing=None)
    addresses = [cell_text(r.values.get("permanent_address")) for r in (lead, *(r for r, _d in rows))]
    plan.permanent_address = next((a for a in addresses if a), "")
    current = [cell_text(r.values.get("current_address")) for r in (lead, *(r for r, _d in rows))]
    plan.current_address = next((a for a in current if a), plan.permanent_address)
    if not plan.permanent_address:
        problems.append(RowProblem(lead.number, _label("permanent_address"), _("Không được để trống.")))
    for key, value in (("permanent_address", plan.permanent_address), ("current_address", plan.current_address)):
        if len(value) > ADDRESS_LIMIT:
            problems.append(RowProblem(lead.number, _label(key), _("Tối đa %(n)d ký tự.", n=ADDRESS_LIMIT)))
    existing_id = cols.parse_code(code, cols.HOUSEHOLD_PREFIX)
    if existing_id is not None and village is not None:
        household = db.session.get(Household, existing_id)
        if household is not None and scope.covers_village(household.village):
            if household.village_id == village.id:
                plan.existing = household
            else:
                # A household of another village of the user's: importing it here would silently copy it.
                problems.append(
                    RowProblem(
                        lead.number,
                        _label("household_code"),
                        _(
                            "Hộ %(code)s thuộc %(village)s, không thuộc nơi đang nhập. Để cập nhật hộ này, chọn "
                            "nhập cho cả xã (thôn theo cột 'Thôn'); để tạo hộ mới, xoá mã hộ.",
                            code=code,
                            village=household.village.name,
                        ),
                    )
                )
    stored = {m.id: m for m in plan.existing.members} if plan.existing else {}
    for row, data in rows:
        if data is None:
            continue
        member_id = cols.parse_code(cell_text(row.values.get("member_code")), cols.MEMBER_PREFIX)
        if member_id in stored:
            data.member_id = member_id
        plan.members.append(data)
        plan.member_rows.append(row.number)
    _check_heads(plan, rows, lead, problems)
    return plan


def _check_heads(
    plan: PlannedHousehold, rows: list[tuple[SourceRow, MemberData | None]], lead: SourceRow, problems: list[RowProblem]
) -> None:
    if any(d is None for _r, d in rows):
        return  # the broken rows already say what to fix; counting heads without them would mislead
    kept = kept_members(plan)
    heads = sum(1 for m in [*plan.members, *kept] if m.relationship_to_head is Relationship.HEAD)
    if heads != 1:
        problems.append(
            RowProblem(
                lead.number,
                _label("relationship"),
                _("Hộ '%(code)s' phải có đúng một chủ hộ (đang có %(n)d).", code=plan.code, n=heads),
            )
        )
    if len(plan.members) + len(kept) > MAX_MEMBERS:
        problems.append(RowProblem(lead.number, _label("full_name"), _("Hộ có quá %(n)d thành viên.", n=MAX_MEMBERS)))


def kept_members(plan: PlannedHousehold) -> list[MemberData]:
    """Stored members the file does not mention: an import never removes anyone."""
    if plan.existing is None:
        return []
    named = {m.member_id for m in plan.members if m.member_id}
    return [_stored_as_data(m) for m in plan.existing.members if m.id not in named]


def _stored_as_data(member: Member) -> MemberData:
    return MemberData(
        full_name=member.full_name,
        sex=member.sex,
        birth_date=member.birth_date,
        birth_date_precision=member.birth_date_precision,
        relationship_to_head=member.relationship_to_head,
        activity_status=member.activity_status,
        ethnicity_code=member.ethnicity_code,
        id_document_type=member.id_document_type,
        personal_id=None,
        personal_id_confirmed=member.personal_id_confirmed,
        id_issue_date=member.id_issue_date,
        id_issuer=member.id_issuer,
        member_id=member.id,
    )


def _find_duplicates(households: list[PlannedHousehold], problems: list[RowProblem]) -> None:
    seen: dict[str, int] = {}
    rows_of: list[tuple[int, PlannedHousehold, MemberData]] = []
    for household in households:
        rows_of.extend((n, household, m) for n, m in zip(household.member_rows, household.members, strict=True))
    for number, _household, member in rows_of:
        if not member.personal_id:
            continue
        if member.personal_id in seen:
            problems.append(
                RowProblem(
                    number,
                    _label("personal_id"),
                    _("Số định danh trùng với dòng %(n)d trong tệp.", n=seen[member.personal_id]),
                )
            )
        else:
            seen[member.personal_id] = number
    index = crypto.lookup_indexer()
    lookups = {index(m.personal_id): (n, h, m) for n, h, m in rows_of if m.personal_id}
    for lookup, holder_id, holder_household in _holders(list(lookups)):
        number, household, member = lookups[lookup]
        same_household = household.existing is not None and household.existing.id == holder_household
        if same_household and member.member_id in (None, holder_id):
            member.member_id = holder_id  # the row edits the member holding that number
            continue
        problems.append(RowProblem(number, _label("personal_id"), _(service.DUPLICATE_ELSEWHERE)))


def _holders(keys: list[str]) -> list[Any]:
    """(lookup, member id, household id) of the stored members holding these numbers: on PostgreSQL in one
    statement (one array parameter), elsewhere in chunks a statement's parameters can hold."""
    query = select(Member.personal_id_lookup, Member.id, Member.household_id)
    if db.session.get_bind().dialect.name == "postgresql":
        wanted = Member.personal_id_lookup == any_(bindparam("keys", keys, type_=ARRAY(String)))
        return list(db.session.execute(query.where(wanted)))
    chunks = (keys[start : start + LOOKUP_CHUNK] for start in range(0, len(keys), LOOKUP_CHUNK))
    return [row for chunk in chunks for row in db.session.execute(query.where(Member.personal_id_lookup.in_(chunk)))]
