"""The village head records a village meeting once for the whole village."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import clock
from casework.cases import meetings, transitions
from casework.cases.forms import MeetingForm
from casework.cases.settings import run_settings
from casework.extensions import db
from casework.models import ReviewRun, Village, VillageMeeting
from casework.permissions import Permission
from casework.scoping import household_scope
from workflow.dates import format_date

bp = Blueprint("meetings", __name__)


def _run_and_village(run_id: int, village_id: int) -> tuple[ReviewRun, Village]:
    run = db.session.get(ReviewRun, run_id)
    village = db.session.get(Village, village_id)
    if run is None or village is None or village.commune_id != run.commune_id:
        abort(404)
    if not household_scope(current_user, Permission.HOUSEHOLD_VIEW).covers_village(village):
        abort(404)
    return run, village


@bp.route("/runs/<int:run_id>/villages/<int:village_id>/meeting", methods=["GET", "POST"])
@login_required
def record(run_id: int, village_id: int):  # type: ignore[no-untyped-def]
    run, village = _run_and_village(run_id, village_id)
    whole_list = run_settings(run).meeting_vote_mode == "whole_list"
    cases = {case.id: case for case in meetings.cases_to_discuss(run, village)}
    if cases:  # only the village head records the meeting: say so before the form is filled, not after
        transitions.acting_role(current_user, next(iter(cases.values())), "pass_meeting")
    form = MeetingForm()
    if request.method == "GET":
        form.held_on.data = format_date(clock.today())
        form.venue.data = _("Nhà văn hóa %(village)s", village=village.name)
        form.chair.data = current_user.full_name
        for case_id in cases:
            form.votes.append_entry({"case_id": str(case_id)})
    status = 200
    refused = None
    if request.method == "POST":
        status = 422
        if form.validate() & form.check_votes(whole_list):
            data = meetings.MeetingData(
                held_on=form.held_on.day,
                started_at=form.started_at.time,
                ended_at=form.ended_at.time,
                venue=form.venue.data.strip(),
                chair=form.chair.data.strip(),
                secretary=form.secretary.data.strip(),
                supervisors=form.supervisors.data.strip(),
                attendee_count=form.attendee_count.data,
                votes=[
                    meetings.Vote(int(e.form.case_id.data), e.form.agree_count.data or 0, e.form.opinion.data or "")
                    for e in form.votes
                ],
                whole_list_agree=form.whole_list_agree.data if whole_list else None,
            )
            try:
                meetings.record_meeting(run, village, data, current_user, clock.today())
            except meetings.MeetingRefused as error:
                db.session.rollback()
                refused = error
                status = 409
            else:
                db.session.commit()
                meeting = (
                    db.session.query(VillageMeeting)
                    .filter_by(run_id=run.id, village_id=village.id)
                    .order_by(VillageMeeting.id.desc())
                    .first()
                )
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


@bp.get("/meetings/<int:meeting_id>")
@login_required
def detail(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = db.session.get(VillageMeeting, meeting_id)
    if meeting is None:
        abort(404)
    run, village = _run_and_village(meeting.run_id, meeting.village_id)
    return render_template("pages/cases/meeting_result.html", meeting=meeting, run=run, village=village)
