"""The fact-check desk: a Flask application factory."""

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import gettext

from factcheck import config, instance, site
from factcheck.workflow.terms import N_

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance.protect_directory(Path(app.instance_path))
    config.load(app, test_config)
    site.configure(app)
    instance.protect_database(app)
    register_extensions(app)
    register_input_checks(app)
    register_jobs(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_security_headers(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, login, CSRF protection and translations to ``app``."""
    from factcheck import (
        i18n,
        models,  # noqa: F401  (registers every table on the metadata)
    )
    from factcheck.auth import throttle as login_throttle
    from factcheck.auth.sessions import load_user
    from factcheck.extensions import csrf, db, login_manager, migrate
    from factcheck.matching import claim_vectors  # noqa: F401  (stores claims' vectors on flush)
    from factcheck.public import pagecache
    from factcheck.transactions import register_transaction_handling

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please log in to see the desk.")
    login_manager.localize_callback = gettext  # flashed in the visitor's language
    login_manager.login_message_category = "info"

    login_manager.user_loader(load_user)
    i18n.register(app)
    register_transaction_handling(app)
    login_throttle.init_app(app)
    pagecache.register(app)  # inside ProxyFix: it sees the request as the app does
    trust_proxies(app)


def trust_proxies(app: Flask) -> None:
    """Believe ``X-Forwarded-For/-Proto/-Host`` from as many proxies as ``TRUSTED_PROXY_COUNT``.

    Behind nginx or Caddy every request comes from the proxy's address; the login throttle
    counts per client address, and https detection needs the original scheme. Only headers
    set by proxies we run may be believed, so the count is configured, never guessed (0: the
    app faces the internet directly and ignores those headers).
    """
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = int(app.config.get("TRUSTED_PROXY_COUNT") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_input_checks(app: Flask) -> None:
    """Bounded ``<int:…>`` ids and a 400 for unreadable URLs (before any route exists)."""
    from factcheck.validation import register_converters, register_request_guard

    register_converters(app)
    register_request_guard(app)


def register_jobs(app: Flask) -> None:
    """Point the job queue at its storage and register every area's jobs."""
    from importlib import import_module

    from factcheck.jobs import JOB_MODULES
    from factcheck.jobs.queue import queue

    queue.init_app(app)
    for module in JOB_MODULES:
        import_module(module)


def register_blueprints(app: Flask) -> None:
    """Mount the desk, the public site, authentication and administration."""
    from factcheck import api
    from factcheck.admin import (
        audit,  # noqa: F401  (adds /admin/audit to the admin blueprint)
        factchecks,  # noqa: F401  (adds /admin/factchecks)
        jobs,  # noqa: F401  (adds /admin/jobs to the admin blueprint)
        suggestions,  # noqa: F401  (adds /admin/suggestions)
        tokens,  # noqa: F401  (adds /admin/tokens)
    )
    from factcheck.admin.views import bp as admin_bp
    from factcheck.auth import tokens as account_tokens  # noqa: F401  (adds /account/tokens)
    from factcheck.auth.views import bp as auth_bp
    from factcheck.desk.views import bp as desk_bp
    from factcheck.exports.views import bp as exports_bp
    from factcheck.intake.views import bp as intake_bp
    from factcheck.notifications.views import bp as notifications_bp
    from factcheck.public import (
        colours,
        embeds,  # noqa: F401  (its routes join the public blueprint)
        sitemaps,  # noqa: F401  (its routes join the public blueprint)
    )
    from factcheck.public.views import bp as public_bp
    from factcheck.webhooks.views import bp as webhooks_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(intake_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(webhooks_bp)
    colours.register(app)
    api.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages (or JSON) for 403, 404, 409, 413, 422 and workflow refusals."""
    from factcheck.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """The ``flask`` commands: users, demo, suggest, backup/restore, worker, tokens, export,
    articles, outlets, notifications and public export."""
    from factcheck.api.cli import tokens_cli
    from factcheck.backups import backup_command, restore_command
    from factcheck.commands import demo_cli, users_cli
    from factcheck.exports.desk import export_command
    from factcheck.factchecks.cli import factchecks_cli
    from factcheck.intake.cli import articles_cli, outlets_cli
    from factcheck.jobs.cli import worker_command
    from factcheck.matching.cli import match_command
    from factcheck.notifications.cli import notifications_cli
    from factcheck.public.export import public_cli
    from factcheck.suggestions.cli import suggest_command

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(factchecks_cli)
    app.cli.add_command(match_command)
    app.cli.add_command(suggest_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(export_command)
    app.cli.add_command(articles_cli)
    app.cli.add_command(outlets_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(public_cli)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share (Markdown rendering, dates, labels)."""
    from factcheck.rendering import register
    from factcheck.suggestions.wording import register as register_wording

    register(app)
    register_wording(app)


def register_security_headers(app: Flask) -> None:
    """CSP, nosniff, framing, referrer, permissions, HSTS and private caching on every response."""
    from factcheck import headers

    headers.register(app)
