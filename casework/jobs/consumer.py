"""Entry point of separate worker processes: `huey_consumer casework.jobs.consumer.huey`.

Importing it builds the app, so the queue is configured from the same settings as the web server.
It first marks failed the jobs whose worker died (their lease lapsed), so they can be run again,
and each of its workers starts the renderer pool of long lists (casework/documents/lists.py) at once:
otherwise the first posting notice or decision after a deploy waits 1-3 s for it.
"""

from casework import create_app
from casework.documents.lists import start_pool
from casework.extensions import db
from casework.jobs import lease, queue

app = create_app()
huey = queue.huey

with app.app_context():
    # A consumer starting after a crash: the jobs its predecessor held are failed, not "running" for ever.
    if lease.expire_lapsed():
        db.session.commit()


@huey.on_startup()
def start_list_renderers() -> None:
    start_pool(app.config["LIST_WORKERS"])
