"""Configuration: defaults, then environment variables prefixed CASEWORK_ (and DATABASE_URL).

Outside development the app refuses to start without real secrets; in development it creates
them once and keeps them in the instance folder, so sessions and encrypted data survive restarts.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

PREFIX = "CASEWORK_"
DEV_ENVIRONMENTS = {"development", "testing"}


class ConfigurationError(RuntimeError):
    pass


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL") or os.environ.get(PREFIX + "DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'casework.sqlite3'}"
    return _with_driver(url)


def _with_driver(url: str) -> str:
    # psycopg 3 is the driver; plain postgresql:// URLs would pick psycopg2.
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    return value


DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "SECRET_KEY": "",
    "PID_ENCRYPTION_KEYS": "",  # comma-separated Fernet keys, newest first (rotation)
    "PID_LOOKUP_KEY": "",  # HMAC key of the blind index used for exact look-ups
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "PERMANENT_SESSION_LIFETIME": 30 * 60,  # shared commune PCs: short sessions
    "WTF_CSRF_TIME_LIMIT": 4 * 3600,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    # Sign-in throttling (casework/auth/service.py): failures of one username from one address before
    # growing delays (2, 4, 8 ... s, capped); failures from one address against any usernames likewise;
    # a username is locked only after many failures from several addresses within the window.
    "LOGIN_FREE_FAILURES": 3,
    "LOGIN_ADDRESS_FREE_FAILURES": 20,
    "LOGIN_MAX_DELAY_SECONDS": 900,
    "LOGIN_WINDOW_MINUTES": 60,
    "LOGIN_LOCK_FAILURES": 50,
    "LOGIN_LOCK_ADDRESSES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    # Behind a reverse proxy (nginx) every request comes from the proxy's address: say how many proxies
    # stand in front, so the client's own address (X-Forwarded-For) is what throttling and the audit log see.
    "PROXY_HOPS": 0,
    "PAGE_SIZE": 25,
    # A list counts its matches up to this many and then says "more than 1,000": an exact count of every
    # household of a province named "Páo" costs more than the page itself.
    "LIST_COUNT_CAP": 1000,
    # The most households one Excel export of the household list may hold: a province's list is refused
    # (before its rows are read) with a word to choose a commune or a village first.
    "EXPORT_HOUSEHOLDS_MAX": 20000,
    # The JSON API (casework/api): calls per token, and the longest life of a personal access token.
    "API_RATE_LIMIT": "600 per minute",
    "API_TOKEN_MAX_DAYS": 366,
    "API_IDEMPOTENCY_DAYS": 7,  # how long a write's answer is kept for a retry with its Idempotency-Key
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "LANGUAGES": "vi,en",
    "SQLALCHEMY_ECHO": False,
    "JOBS_IMMEDIATE": False,  # tests: run a queued job at once
    "JOBS_IN_PROCESS": False,  # the embedded default: worker threads inside the web process
    "PG_BIN_DIR": "",  # where pg_dump / pg_restore live for `flask backup`; empty: the newest installed
    "JOB_HEARTBEAT_SECONDS": 15,  # how often a running job renews its lease
    "JOB_LEASE_SECONDS": 120,  # a running job not renewed for this long lost its worker: it is marked failed
    "JOBS_DB": "",  # the embedded queue's SQLite file; empty means <instance>/jobs.sqlite3
    "REDIS_URL": "",  # the queue on Redis (production, separate `huey_consumer` processes)
    # Where issued documents' (encrypted) bytes go: "database" or "filesystem" (content-addressed files
    # under DOCUMENTS_DIR, empty: <instance>/documents). `flask documents move --to …` moves those issued.
    "DOCUMENTS_STORAGE": "database",
    "DOCUMENTS_DIR": "",
    # A read replica for the province's reports and exports (a second database URL); empty: the main one.
    "REPORTS_DATABASE_URL": "",
    "LIST_CHUNK_ROWS": 500,
    "LIST_WORKERS": 2,
    # More cases than these: the decision with its certificates, or the posting notice with its list,
    # render in a background job with a progress page instead of keeping the request waiting.
    "DECISION_JOB_THRESHOLD": 20,
    "POSTING_JOB_THRESHOLD": 300,
    "IMPORT_JOB_THRESHOLD": 500,  # an import of more rows than this is checked and written by a job
    # Checked before parsing an upload: what a .xlsx may unpack to (a zip bomb is refused at once) and
    # how many data rows an import may have.
    "IMPORT_MAX_UNCOMPRESSED_MB": 40,
    "IMPORT_MAX_ROWS": 20000,
    # The address documents made in the background link to (QR codes); empty: the address the user reached.
    "PUBLIC_BASE_URL": "",
    # Digital signatures (documents.md §5). The folder holds trust/ (root certificates, PEM or DER),
    # intermediates/ and crl/ (revocation lists checked offline); empty means <instance>/pki.
    "SIGNING_PKI_DIR": "",
    "SIGNING_FETCH_REVOCATION": False,  # ask CRL/OCSP servers online; off where the network is closed
    "SIGNING_PKCS11_MODULE": "",  # a token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
    "SIGNING_PKCS11_TOKEN": "",  # the token's label
    "SIGNING_HANDOFF_MINUTES": 30,  # how long a signing agent's download link lives
    # The field app (/field/) wipes the personal data on a phone this many days after it last reached
    # the server (download or sync), and on sign-out.
    "FIELD_WIPE_AFTER_DAYS": 7,
}


def _dev_secrets(instance_path: Path) -> dict[str, str]:
    path = instance_path / "dev-secrets.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "PID_LOOKUP_KEY": secrets.token_urlsafe(48),
    }
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written whole under another name, then linked into place: two processes starting together (the
    # test workers of a fresh checkout) never read a half-written file, and the first one's keys stay.
    temporary = private_file(instance_path / f".dev-secrets.{os.getpid()}.json")
    try:
        temporary.write_text(json.dumps(generated))
        os.link(temporary, path)
    except FileExistsError:
        return dict(json.loads(path.read_text()))
    finally:
        temporary.unlink(missing_ok=True)
    return generated


def private_file(path: Path) -> Path:
    """Make sure `path` exists readable by its owner only (secrets, the SQLite database, its queue)."""
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    else:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def private_sqlite_database(url: str) -> None:
    """The SQLite file holds every household's data: created 600 before SQLAlchemy creates it 644."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    private_file(path)


def build_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        if PREFIX + key in os.environ:
            config[key] = _coerce(os.environ[PREFIX + key], default)
    config["SQLALCHEMY_DATABASE_URI"] = _database_url(instance_path)
    # A pooled connection is tested before use, so the first request after a database restart (or a
    # dropped connection) gets a fresh one instead of an error.
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    config.update(overrides or {})
    if config["REPORTS_DATABASE_URL"]:
        # The read replica for reports and exports (casework/replica.py): a second engine, bind "reports".
        replica = {"url": _with_driver(config["REPORTS_DATABASE_URL"]), "pool_pre_ping": True}
        config["SQLALCHEMY_BINDS"] = {**config.get("SQLALCHEMY_BINDS", {}), "reports": replica}

    explicit = {key for key in DEFAULTS if PREFIX + key in os.environ} | set(overrides or {})
    if config["ENV"] in DEV_ENVIRONMENTS:
        # The development server speaks plain HTTP on 127.0.0.1.
        for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            if key not in explicit:
                config[key] = False
        for key, value in _dev_secrets(instance_path).items():
            config[key] = config[key] or value
    for key in ("SECRET_KEY", "PID_ENCRYPTION_KEYS", "PID_LOOKUP_KEY"):
        if len(str(config[key])) < 32:
            raise ConfigurationError(
                f"{PREFIX}{key} must be set to a real secret outside development (environment is {config['ENV']!r})."
            )
    if config["DOCUMENTS_STORAGE"] not in ("database", "filesystem"):
        raise ConfigurationError(f"{PREFIX}DOCUMENTS_STORAGE must be 'database' or 'filesystem'.")
    config["SIGNING_PKI_DIR"] = config["SIGNING_PKI_DIR"] or str(instance_path / "pki")
    config["LANGUAGES"] = [code.strip() for code in str(config["LANGUAGES"]).split(",")]
    return config
