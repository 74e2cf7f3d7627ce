"""Entry point of separate worker processes: `huey_consumer casework.jobs.consumer.huey`.

Importing it builds the app, so the queue is configured from the same settings as the web server.
"""

from casework import create_app
from casework.jobs import queue

app = create_app()
huey = queue.huey
