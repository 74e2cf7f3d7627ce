"""Background jobs: one `Job` row per job the user waits for, one runner, one Huey queue.

`queue.py` holds the Huey instance (configured from the app's config, never from the environment at
import) and the in-process worker; `runner.py` holds the decorator every feature's `tasks.py` uses.
"""

from casework.jobs.queue import huey, init_app
from casework.jobs.runner import JobContext, can_run_again, job_status, job_task, public_url, run_again

__all__ = ["JobContext", "can_run_again", "huey", "init_app", "job_status", "job_task", "public_url", "run_again"]
