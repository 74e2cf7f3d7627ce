"""The household import as a background job: the file kept encrypted on the job until a worker reads it."""

from __future__ import annotations

import base64

from flask_babel import gettext as _

from casework import crypto
from casework.exchange.importing import Target
from casework.exchange.reading import FileRefused, read_upload
from casework.exchange.service import resolve_target, run_import, target_value
from casework.extensions import db
from casework.jobs import JobContext, job_task
from casework.models import Job, User

KIND = "household_import"


def queue_import(user: User, target: Target, filename: str, content: bytes, rows: int, valid_only: bool) -> Job:
    job = Job(
        kind=KIND,
        commune_id=target.commune.id,
        params={
            "village_id": target.village.id if target.village else None,
            "filename": filename[:200],
            "valid_only": valid_only,
        },
        payload_ciphertext=crypto.encrypt(base64.b64encode(content).decode()),
        total_rows=rows,
        created_by_id=user.id,
    )
    db.session.add(job)
    return job


@job_task
def import_households(job: Job) -> None:
    user = db.session.get_one(User, job.created_by_id)
    content = base64.b64decode(crypto.decrypt(job.payload_ciphertext or b""))
    target = resolve_target(user, target_value(job))
    if target is None:
        raise FileRefused(_("Bạn không còn quyền nhập hộ vào địa bàn này."))
    try:
        source = read_upload(job.param("filename", ""), content)
    except FileRefused as refused:
        JobContext.finish(job, "failed", error=str(refused))
        db.session.commit()
        return
    result = run_import(
        source,
        target,
        user,
        valid_only=bool(job.param("valid_only")),
        job_id=job.id,
        on_progress=JobContext.progress(job),
    )
    if result.outcome is None:
        JobContext.finish(job, "failed", result=result.summary(), error=_("Tệp có lỗi; chưa nhập hộ nào."))
    else:
        JobContext.finish(job, result=result.summary())
    db.session.commit()  # the households and the job's end: one commit
