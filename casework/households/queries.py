"""Reads of households, always scoped to the user's administrative units."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, or_, select, text
from sqlalchemy.orm import defer

from casework.errors import Refused
from casework.extensions import db
from casework.models import AdminUnit, Household, HouseholdPhoto, Member, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, household_scope
from workflow.names import search_key


def households_statement(
    user: User,
    *,
    query: str = "",
    village_id: int | None = None,
    commune_id: int | None = None,
    indexed: bool = True,
) -> Select[tuple[Household]]:
    """The households the user may see matching the list's filter (search ignores diacritics), unordered.

    `indexed=False` for one commune's or village's households: reading its few thousand households by
    village and testing each is cheaper than the trigram index's candidates across the whole province
    (which PostgreSQL would otherwise intersect with each village's in turn).
    """
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    statement = select(Household).where(scope.household_filter())
    if village_id:
        statement = statement.where(Household.village_id == village_id)
    if commune_id:
        in_commune = select(Village.id).where(Village.commune_id == commune_id)
        statement = statement.where(Household.village_id.in_(in_commune))
    words = search_key(query).split()
    if words:
        pattern = search_pattern(query)
        # A pattern without a word of 3 letters gives the trigram index nothing to look up: it would read all of it.
        indexed = indexed and max(len(word) for word in words) >= SHORTEST_WORD
        searched = Household.search_text if indexed else Household.search_text.concat("")  # an expression: no index
        statement = statement.where(searched.like(pattern, escape="/"))
        if len(words) > 1:  # one word lies within one member's name in `search_text` already
            statement = statement.where(_member_named(pattern))
    return statement


def _member_named(pattern: str) -> ColumnElement[bool]:
    """One member's own name has the words, not two members' names side by side in `search_text` (which
    only narrows the search, through its trigram index). A scalar subquery, not EXISTS: PostgreSQL then
    looks up the few members of each household the LIKE let through, and never joins the whole table."""
    one = select(Member.id).where(Member.household_id == Household.id, Member.name_search_key.like(pattern, escape="/"))
    return one.limit(1).scalar_subquery().is_not(None)


def search_pattern(query: str) -> str:
    """The LIKE pattern of what was typed: its words in order, other words allowed between them, so that
    "Giàng Páo" finds Giàng Seo Páo; '' for an empty query. pg_trgm's index reads the trigrams of each word."""
    words = search_key(query).split()
    escaped = [word.replace("/", "//").replace("%", "/%").replace("_", "/_") for word in words]
    return "%" + "%".join(escaped) + "%" if escaped else ""


SHORTEST_WORD = 3  # a trigram: a pattern whose words are all shorter gives the index nothing to look up


def check_query(query: str, *, wide: bool) -> None:
    """A search across more than one commune needs a word of three letters or more: "Ly" alone would read
    every household of the province. Within one commune (a few thousand households) any query is served."""
    words = search_key(query).split()
    if wide and words and max(len(word) for word in words) < SHORTEST_WORD:
        raise Refused(
            _("Hãy gõ ít nhất 3 chữ cái của họ tên (ví dụ: “Páo”, “Giàng Seo”), hoặc chọn một xã trước khi tìm."),
            field="q",
        )


@dataclass
class HouseholdPage:
    """One page of the household list. `total` is exact up to the list's count cap; beyond it `more` is
    set and `total` is the cap ("more than 1,000 households"), and the pages are no longer counted."""

    items: list[Household]
    page: int
    per_page: int
    total: int
    more: bool
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def pages(self) -> int | None:
        """The number of pages, None when there are more matches than the cap."""
        return None if self.more else max(1, -(-self.total // self.per_page))


def matches_statement(statement: Select[tuple[Household]], cap: int) -> Select[tuple[int]]:
    """The ids of the first cap + 1 matches found, in the list's order: how many there are is the capped
    count, and when they are no more than the cap the page is cut from them (no second search)."""
    found = statement.with_only_columns(Household.id, Household.head_sort_key).limit(cap + 1).subquery()
    return select(found.c.id).order_by(found.c.head_sort_key, found.c.id)


def page_ids_statement(statement: Select[tuple[Household]], *, page: int, size: int, walk: bool) -> Select:
    """The ids of the page's rows plus one (whether a next page exists) when there are more matches than the cap.

    `walk` (across a province): read the sort key's index in order and stop at the page's last row.
    Otherwise (one commune's few thousand) the matches are sorted; the key is then an expression the
    index cannot give, so the planner does not walk a whole province's index for one commune.
    """
    first = Household.head_sort_key if walk else Household.head_sort_key.concat("")
    ordered = statement.with_only_columns(Household.id).order_by(first, Household.id)
    return ordered.offset((page - 1) * size).limit(size + 1)


@contextmanager
def _walking(walk: bool) -> Iterator[None]:
    """On PostgreSQL, for the next statement, a plan that reads the sort key's index in order: more matches
    than the cap were just counted, so the walk stops early, while the planner's guess of how many rows a
    LIKE matches can be a hundred times too low and make it sort every match of a broad name instead."""
    if not walk or db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    db.session.execute(text("SET LOCAL enable_bitmapscan = off"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        db.session.execute(text("SET LOCAL enable_bitmapscan = on"))
        db.session.execute(text("SET LOCAL enable_seqscan = on"))


def chosen_rows_statement(ids: list[int]) -> Select[tuple[Household]]:
    return select(Household).where(Household.id.in_(ids)).order_by(Household.head_sort_key, Household.id)


def list_households(
    user: User,
    *,
    query: str = "",
    village_id: int | None = None,
    commune_id: int | None = None,
    page: int = 1,
    size: int = 25,
    wide: bool = True,
) -> HouseholdPage:
    """Households the user may see, sorted by the head's given name (conventions.md §3): the first matches'
    ids, with more than the cap the page's ids, then the page's households.

    `wide`: the list may span several communes (False when it is one commune's or village's).
    A page number below 1 shows the first page; one past the end shows an empty page (no 404).
    """
    page = max(1, page)
    statement = households_statement(user, query=query, village_id=village_id, commune_id=commune_id, indexed=wide)
    cap = current_app.config["LIST_COUNT_CAP"]
    ids = list(db.session.execute(matches_statement(statement, cap)).scalars())
    more = len(ids) > cap
    if more:
        with _walking(wide):
            chosen = list(db.session.execute(page_ids_statement(statement, page=page, size=size, walk=wide)).scalars())
    else:
        chosen = ids[(page - 1) * size : page * size + 1]
    items = list(db.session.execute(chosen_rows_statement(chosen)).scalars())
    return HouseholdPage(items[:size], page, size, total=min(len(ids), cap), more=more, has_next=len(items) > size)


def _communes_reached(scope: Scope) -> Select[tuple[AdminUnit]]:
    villages = select(Village.commune_id).where(Village.effective_to.is_(None))
    if not scope.everywhere:
        villages = villages.where(or_(Village.commune_id.in_(scope.commune_ids), Village.id.in_(scope.village_ids)))
    return select(AdminUnit).where(AdminUnit.effective_to.is_(None), AdminUnit.id.in_(villages))


def more_than(statement: Select[tuple[Household]], limit: int) -> bool:
    """Whether the statement matches more than `limit` households: at most limit + 1 ids are read, never
    every match of a province."""
    found = statement.with_only_columns(Household.id).order_by(None).limit(limit + 1).subquery()
    return db.session.execute(select(func.count()).select_from(found)).scalar_one() > limit


def check_export(
    user: User,
    *,
    query: str = "",
    village_id: int | None = None,
    commune_id: int | None = None,
    wide: bool,
    listed: HouseholdPage | None = None,
) -> None:
    """Refuses the Excel export of a list before a row of it is read: a short name across several communes
    (check_query), or more households than EXPORT_HOUSEHOLDS_MAX (counted up to it, or told by the list
    page's own count when that count reaches far enough)."""
    check_query(query, wide=wide)
    limit = current_app.config["EXPORT_HOUSEHOLDS_MAX"]
    if listed is not None and (not listed.more or listed.total >= limit):
        too_many = listed.more or listed.total > limit
    else:
        statement = households_statement(user, query=query, village_id=village_id, commune_id=commune_id, indexed=wide)
        too_many = more_than(statement, limit)
    if not too_many:
        return
    if village_id:
        advice = _("Hãy gõ họ tên để thu hẹp danh sách trước khi xuất.")
    elif wide:
        advice = _("Hãy chọn một xã hoặc một thôn trước khi xuất.")
    else:
        advice = _("Hãy chọn một thôn trước khi xuất.")
    raise Refused(
        _("Danh sách này có hơn %(num)s hộ, quá số hộ xuất Excel được một lần.", num=format_number(limit))
        + " "
        + advice
    )


def communes_to_choose(scope: Scope) -> list[AdminUnit]:
    """The current communes whose households the scope reaches (those with villages), by name: one query."""
    statement = _communes_reached(scope)
    return list(db.session.execute(statement.order_by(AdminUnit.name, AdminUnit.id)).scalars())


def spans_communes(scope: Scope) -> bool:
    """Whether the scope reaches more than one commune's households (those communes_to_choose lists),
    without loading a province's communes: at most two ids are read."""
    statement = _communes_reached(scope).with_only_columns(AdminUnit.id).limit(2)
    return len(db.session.execute(statement).all()) > 1


def is_wide(several_communes: bool, *, commune_id: int | None, village_id: int | None) -> bool:
    """A search is wide when it may span several communes: the user reaches more than one commune and
    the filter names neither a commune nor a village (the list page, the API, the Excel export)."""
    return several_communes and not (commune_id or village_id)


def get_household(
    user: User, household_id: int, permission: Permission = Permission.HOUSEHOLD_VIEW
) -> Household | None:
    """The household, or None when it does not exist or lies outside the user's units."""
    scope = household_scope(user, permission)
    return db.session.execute(
        select(Household).where(Household.id == household_id, scope.household_filter())
    ).scalar_one_or_none()


def photos_of(household: Household) -> list[HouseholdPhoto]:
    """The dwelling's photos from the field app, newest first, without their (encrypted) bytes."""
    return list(
        db.session.execute(
            select(HouseholdPhoto)
            .where(HouseholdPhoto.household_id == household.id)
            .options(defer(HouseholdPhoto.sealed_content))
            .order_by(HouseholdPhoto.taken_at.desc().nulls_last(), HouseholdPhoto.id.desc())
        ).scalars()
    )


def get_photo(household: Household, photo_id: int) -> HouseholdPhoto | None:
    return db.session.execute(
        select(HouseholdPhoto).where(HouseholdPhoto.id == photo_id, HouseholdPhoto.household_id == household.id)
    ).scalar_one_or_none()
