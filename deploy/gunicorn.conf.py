"""gunicorn's settings for the web processes: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be changed from the environment, so one file serves every machine. The web processes
never run jobs: decisions, postings, lists and imports are queued on Redis (CASEWORK_REDIS_URL) for
the `huey_consumer` processes (README, "Running in production").
"""

import gc
import os

# Where nginx (or the load balancer) reaches this node; a unix socket works too ("unix:/run/casework.sock").
bind = [os.environ.get("CASEWORK_BIND", "127.0.0.1:8000")]

# Sync workers: a request that renders a document keeps one CPU busy, so more workers than about twice
# the cores only add memory. Measured on 2 cores (issue 18): 4 workers serve 34 requests/s at p95 ≤ 310 ms.
workers = int(os.environ.get("CASEWORK_WEB_WORKERS") or 2 * (os.cpu_count() or 1))
threads = int(os.environ.get("CASEWORK_WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A page answers in well under a second; a one-page document renders in about 0.1 s and bigger ones go to
# a job. A worker stuck longer than this is killed and replaced (its request gets a 502 from nginx).
timeout = int(os.environ.get("CASEWORK_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # nginx keeps its connections to us open between requests

# WeasyPrint and fontTools keep caches that grow with every document: a worker is replaced after this
# many requests (with jitter, so the workers do not all restart together).
max_requests = int(os.environ.get("CASEWORK_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Each worker builds its own app (and its own database pool) after the fork: nothing opened in the
# master is shared between processes.
preload_app = False

# Behind nginx: the application reads X-Forwarded-For / -Proto itself (werkzeug's ProxyFix, with
# CASEWORK_PROXY_HOPS proxies trusted), so the client's address reaches the sign-in throttling and the
# audit log. gunicorn itself trusts forwarded headers only from these addresses (the proxy).
forwarded_allow_ips = os.environ.get("CASEWORK_FORWARDED_ALLOW_IPS", "127.0.0.1")

# The access log names no person: no client address, no query string (a search holds a name or an ID
# number), no referrer (it may hold one too), no user agent. Path, status, size, time in milliseconds
# and the worker's pid are enough to find a slow page.
accesslog = os.environ.get("CASEWORK_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %(p)s'
errorlog = os.environ.get("CASEWORK_ERROR_LOG", "-")
loglevel = os.environ.get("CASEWORK_LOG_LEVEL", "info")
# An address line or a header set longer than these is refused before the app sees it.
limit_request_line = 8190
limit_request_fields = 100
proc_name = "casework-web"

# gunicorn's control socket (`gunicornc`) defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two servers on one machine would fight over; systemd's signals are enough. Give a path to use it.
control_socket_disable = not os.environ.get("CASEWORK_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["CASEWORK_CONTROL_SOCKET"]


def post_worker_init(worker):
    """Move what the app holds for its whole life (modules, templates, the procedures' machines) out of the
    garbage collector's sight: a full collection then takes about 2 ms instead of 150-200 ms, a pause
    that otherwise lands on some request every few seconds."""
    gc.collect()
    gc.freeze()


def post_request(worker, req, environ, resp):
    """Again once the first requests have compiled the templates and SQL the worker will keep using."""
    if worker.nr in FREEZE_AGAIN_AFTER:
        gc.freeze()


FREEZE_AGAIN_AFTER = {50, 500}
