"""Flask extension objects, created once and bound to the app in the factory."""

import sqlite3
from pathlib import Path
from typing import Any

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from factcheck.i18n import DeskBabel
from factcheck.models.base import Base

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = DeskBabel()


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite ignores foreign keys unless asked; the desk relies on them (cascades, links)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # A worker's threads and the web server write to the one file: wait for the lock up
        # to 30 s (the default 5 s is too short for a busy machine) rather than fail.
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
