"""Flask extension objects, created once and bound to the app in the factory."""

from pathlib import Path

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from factcheck.models.base import Base

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
