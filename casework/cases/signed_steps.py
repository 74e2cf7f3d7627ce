"""Where each signed step leads once committed: the upper level back to its inbox, the chairman to the run,
or to the job that renders a big commune's certificates."""

from __future__ import annotations

from flask import url_for

from casework.cases import lists
from casework.models.signing import SigningRequest
from casework.signing import service as signing


@signing.after_commit("upper_approval")
def _after_reply(request: SigningRequest) -> str:
    return url_for("upper.inbox")


@signing.after_commit("recognition_decision")
def _after_decision(request: SigningRequest) -> str:
    job_id = request.payload.get("certificates_job_id")
    if job_id:
        lists.issue_certificates(job_id)
        return url_for("runs.job", job_id=job_id)
    return url_for("runs.detail", run_id=request.payload["run_id"])
