"""The list for the national poverty and population databases: full ID numbers, authorised users only.

The column set is provisional data (data/national_columns.toml) until the province publishes its
format. Every member of each poor / near-poor household recognised for the year, within the
user's scope for Permission.NATIONAL_EXPORT; the view logs the transfer with its legal basis.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from casework import crypto
from casework.exchange import columns as cols
from casework.exchange.exports import (
    CLASS_TEXT,
    MOVEMENT_TEXT,
    RECOGNISED_CLASSES,
    Export,
    birth_value,
    file_name,
    footer,
    header_lines,
    recognised_statuses,
)
from casework.exchange.workbook import Column, Sheet, write_workbook
from casework.extensions import db
from casework.models import AdminUnit, Household, HouseholdStatus, Member, User
from casework.permissions import Permission
from casework.scoping import household_scope

DATA = Path(__file__).resolve().parent / "data" / "national_columns.toml"


@lru_cache(maxsize=1)
def layout() -> dict[str, Any]:
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def _pid(member: Member | None) -> str:
    return crypto.decrypt(member.personal_id_ciphertext) if member and member.personal_id_ciphertext else ""


def _sources(number: int, status: HouseholdStatus, household: Household, member: Member, commune: AdminUnit) -> dict:  # type: ignore[type-arg]
    province = commune.parent
    return {
        "row_number": number,
        "province_code": province.code if province else "",
        "commune_code": commune.code,
        "commune_name": commune.name,
        "village": household.village.name,
        "household_code": cols.household_code(household.id),
        "household_class": CLASS_TEXT.get(status.household_class, status.household_class),
        "movement": MOVEMENT_TEXT.get(status.movement or "", status.movement or ""),
        "year": status.year,
        "head_pid": _pid(household.head),
        "full_name": member.full_name,
        "personal_id": _pid(member),
        "birth_date": birth_value(member),
        "sex": cols.SEX_LABELS[member.sex],
        "ethnicity_code": member.ethnicity_code or "",
        "relationship": cols.RELATIONSHIP_LABELS[member.relationship_to_head],
        "permanent_address": household.permanent_address,
    }


def export_national(user: User, *, year: int, purpose: str) -> Export:
    spec = layout()
    columns = [Column(c["source"], c["label"], c.get("kind", "text"), width=c.get("width")) for c in spec["columns"]]
    scope = household_scope(user, Permission.NATIONAL_EXPORT)
    rows: list[dict[str, Any]] = []
    communes: dict[int, AdminUnit] = {}
    households = 0
    for status, household in recognised_statuses(scope, year, RECOGNISED_CLASSES):
        commune_id = household.village.commune_id
        if commune_id not in communes:
            communes[commune_id] = db.session.get_one(AdminUnit, commune_id)
        households += 1
        for member in household.members:
            rows.append(_sources(len(rows) + 1, status, household, member, communes[commune_id]))
    sheet = Sheet(
        title=spec["title"],
        subtitles=[f"Năm {year}", spec["subtitle"]],
        header_lines=header_lines(set(communes)),
        columns=columns,
        rows=rows,
        footer_lines=footer(user, purpose),
        tab="CSDL quốc gia",
    )
    return Export(
        file_name(f"csdl-quoc-gia-{year}"),
        write_workbook([sheet]),
        len(rows),
        {
            "year": year,
            "households": households,
            "communes": sorted(communes),
            "full_ids": True,
            "legal_basis": spec.get("legal_basis", ""),
        },
    )
