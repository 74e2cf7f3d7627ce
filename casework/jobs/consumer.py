"""Entry point of separate worker processes: `huey_consumer casework.jobs.consumer.huey`.

Importing it builds the app, so the queue is configured from the same settings as the web server.
It first marks failed the jobs whose worker died (their lease lapsed), so they can be run again.
"""

from casework import create_app
from casework.extensions import db
from casework.jobs import lease, queue

app = create_app()
huey = queue.huey

with app.app_context():
    # A consumer starting after a crash: the jobs its predecessor held are failed, not "running" for ever.
    if lease.expire_lapsed():
        db.session.commit()
