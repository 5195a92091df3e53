"""The session type services accept: a plain SQLAlchemy session or Flask-SQLAlchemy's scoped one."""

from typing import Any, TypeAlias

from sqlalchemy.orm import Session, scoped_session

DbSession: TypeAlias = Session | scoped_session[Any]
