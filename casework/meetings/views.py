"""The village head records a village meeting once for the whole village."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import clock, permissions
from casework.cycles.settings import run_settings
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.meetings import documents as meeting_documents
from casework.meetings import queries, service
from casework.meetings.forms import MeetingForm, meeting_data
from casework.models import Case, Village
from casework.vocabulary import ATTENDANCE_LABELS
from workflow.dates import format_date

bp = Blueprint("meetings", __name__)


@bp.route("/runs/<int:run_id>/villages/<int:village_id>/meeting", methods=["GET", "POST"])
@login_required
def record(run_id: int, village_id: int):  # type: ignore[no-untyped-def]
    run, village = queries.get_run_and_village(current_user, run_id, village_id) or abort(404)
    whole_list = run_settings(run).meeting_vote_mode == "whole_list"
    # Only the village head records the meeting: say so before the form is filled or read, not after.
    permissions.refuse_unless(permissions.may_take_run_step(current_user, run, "pass_meeting", village))
    cases = {case.id: case for case in queries.cases_to_discuss(run, village)}
    form = MeetingForm()
    if request.method == "GET":
        _prefill(form, village, cases)
    status = 200
    refused = None
    if request.method == "POST":
        status = 422
        if form.validate() & form.check_votes(whole_list):
            try:
                service.record_meeting(run, village, meeting_data(form, whole_list), current_user, clock.today())
            except Refused as error:
                db.session.rollback()
                # The page names the household apart from the reason.
                reason = refuse_into(form, error)  # a refused day stands next to the date field
                refused = {"head_name": error.subject, "reason": reason} if reason else None
                status = error.status
            else:
                db.session.commit()
                meeting = queries.latest_meeting(run, village)
                assert meeting is not None  # just written
                flash(_("Đã ghi kết quả họp dân."), "success")
                return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render_template(
        "pages/cases/meeting.html",
        form=form,
        run=run,
        village=village,
        cases=cases,
        whole_list=whole_list,
        refused=refused,
    ), status


def _prefill(form: MeetingForm, village: Village, cases: dict[int, Case]) -> None:
    form.held_on.data = format_date(clock.today())
    kind, name, _head = meeting_documents.village_parts(village)
    form.venue.data = _("Nhà văn hóa %(village)s", village=f"{kind} {name}")
    form.chair.data = current_user.full_name
    form.attend_village_head.data = 1  # the chair
    for case_id in cases:
        form.votes.append_entry({"case_id": str(case_id)})


@bp.get("/meetings/<int:meeting_id>")
@login_required
def detail(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = queries.get_meeting(current_user, meeting_id) or abort(404)
    run, village = queries.get_run_and_village(current_user, meeting.run_id, meeting.village_id) or abort(404)
    # The categories someone attended (none for meetings recorded before: they show only their total).
    attendance = [
        (gettext(label), meeting.attendance[key])
        for key, label in ATTENDANCE_LABELS.items()
        if meeting.attendance.get(key)
    ]
    return render_template(
        "pages/cases/meeting_result.html", meeting=meeting, run=run, village=village, attendance=attendance
    )
