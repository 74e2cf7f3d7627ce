"""Villages are local data of a commune: added, renamed and closed (never deleted) by its staff."""

from __future__ import annotations

from sqlalchemy import select

from casework import audit, clock
from casework.extensions import db
from casework.models import AdminUnit, User, Village


def name_taken(commune: AdminUnit, name: str, except_id: int | None = None) -> bool:
    query = select(Village.id).where(
        Village.commune_id == commune.id, Village.name == name, Village.effective_to.is_(None)
    )
    if except_id is not None:
        query = query.where(Village.id != except_id)
    return db.session.execute(query).first() is not None


def add_village(commune: AdminUnit, name: str, actor: User) -> Village:
    village = Village(commune_id=commune.id, name=name, effective_from=clock.today())
    db.session.add(village)
    db.session.flush()  # the id goes into the audit entry
    audit.record("village_create", user_id=actor.id, subject=f"village:{village.id}", name=name)
    return village


def rename_village(village: Village, name: str, actor: User) -> None:
    audit.record("village_rename", user_id=actor.id, subject=f"village:{village.id}", old=village.name, new=name)
    village.name = name


def close_village(village: Village, actor: User) -> None:
    """Merged or dissolved: kept for history, no longer offered for new households."""
    village.effective_to = clock.today()
    audit.record("village_close", user_id=actor.id, subject=f"village:{village.id}")
