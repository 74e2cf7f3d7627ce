"""The one scoped loader of a review run: reads return None, the views answer 404."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.models import ReviewRun, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, household_scope


def view_scope(user: User) -> Scope:
    return household_scope(user, Permission.HOUSEHOLD_VIEW)


def reaches(scope: Scope, commune_id: int, village_id: int | None = None) -> bool:
    """The user sees the commune, the given village of it, or (no village given) any village of it."""
    if scope.covers_commune(commune_id):
        return True
    if village_id is not None:
        return village_id in scope.village_ids
    found = select(Village.id).where(Village.commune_id == commune_id, Village.id.in_(scope.village_ids))
    return db.session.execute(found.limit(1)).first() is not None


def get_run(user: User, run_id: int, *, whole_commune: bool = False) -> ReviewRun | None:
    """The run, when its commune or one of its villages lies in the user's units.

    A village head reaches the run through their villages; `whole_commune` asks for a user whose
    units cover the run's whole commune (the pages that act for the commune).
    """
    run = db.session.get(ReviewRun, run_id)
    scope = view_scope(user)
    if run is None or not reaches(scope, run.commune_id):
        return None
    if whole_commune and not scope.covers_commune(run.commune_id):
        return None
    return run


def commune_level(user: User, run: ReviewRun) -> bool:
    """Whether the user's units cover the run's whole commune (not only some of its villages)."""
    return view_scope(user).covers_commune(run.commune_id)


def get_village(user: User, run: ReviewRun, village_id: int) -> Village | None:
    """A village of the run's commune that lies in the user's units."""
    village = db.session.get(Village, village_id)
    if village is None or village.commune_id != run.commune_id:
        return None
    if not reaches(view_scope(user), run.commune_id, village.id):
        return None
    return village
