"""Reference data read on many pages (ethnic groups, registration-province codes), cached per process."""

from __future__ import annotations

import csv
from functools import lru_cache

from flask import current_app
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Ethnicity, UnitLevel


def ethnicity_choices() -> list[tuple[str, str]]:
    return _ethnicities(current_app.config["SQLALCHEMY_DATABASE_URI"])


@lru_cache(maxsize=4)
def _ethnicities(database: str) -> list[tuple[str, str]]:
    rows = db.session.execute(select(Ethnicity.code, Ethnicity.name).order_by(Ethnicity.code))
    return [(code, name) for code, name in rows]


def known_pid_prefixes() -> frozenset[str] | None:
    """Registration-province prefixes of personal ID numbers: the pre-2025 province codes.

    Cards were not re-issued after the 2025 merger, so the old codes stay valid. With no unit
    data loaded the prefix is not checked at all rather than rejected.
    """
    codes = db.session.execute(
        select(AdminUnit.code).where(AdminUnit.level == UnitLevel.PROVINCE, AdminUnit.effective_to.is_not(None))
    ).scalars()
    prefixes = frozenset("0" + code for code in codes)
    return prefixes or None


def clear_caches() -> None:
    _ethnicities.cache_clear()


@lru_cache(maxsize=1)
def _scoring_regions() -> dict[str, str]:
    from casework.units.loader import DATA_DIR

    with (DATA_DIR / "scoring_regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["legacy_province_code"]: row["scoring_region"] for row in csv.DictReader(handle)}


def scoring_region(legacy_province_code: str | None) -> str | None:
    """The B1 column of a rural commune, through the province it belonged to before 2025."""
    return _scoring_regions().get(legacy_province_code or "")
