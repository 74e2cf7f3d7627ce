"""Reads that may go to a read replica: the province's reports, the dashboard and the exports.

With `CASEWORK_REPORTS_DATABASE_URL` set (a streaming replica of the main PostgreSQL database), these
queries run on it through the Flask-SQLAlchemy bind "reports", in a session of their own that only
reads and is closed with the app context; the main database keeps its cores for the pages that write.
Without it they run on the main session, as before. A replica lags the primary by a moment: a
report may miss a decision made a second ago, never a committed one for long.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from casework.extensions import db

BIND = "reports"


def configured() -> bool:
    return BIND in (current_app.config.get("SQLALCHEMY_BINDS") or {})


def session() -> Session:
    """The session report and export queries read through."""
    if not configured():
        return db.session  # type: ignore[return-value]
    if "replica_session" not in g:
        g.replica_session = Session(bind=db.engines[BIND], autoflush=False)
    return g.replica_session  # type: ignore[no-any-return]


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def close_replica_session(_error: BaseException | None) -> None:
        opened = g.pop("replica_session", None)
        if opened is not None:
            opened.close()
