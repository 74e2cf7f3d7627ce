"""Case-management server for the review of poor and near-poor households."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """config → extensions → blueprints → errors → cli."""
    from casework import cli, errors, inputs, jobs, web
    from casework.config import build_config, private_sqlite_database
    from casework.extensions import babel, csrf, db, login_manager, migrate

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "casework" / "static"),
        instance_relative_config=True,
    )
    app.config.from_mapping(build_config(Path(app.instance_path), config))
    private_sqlite_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(
        app,
        locale_selector=web.select_locale,
        default_translation_directories=str(ROOT / "casework" / "translations"),
    )
    inputs.init_app(app)
    web.init_app(app)
    errors.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    return app
