"""The desk's rating scale and its settings."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base


class Rating(Base):
    """One step of the ordered rating scale.

    ``value`` is the ClaimReview ``ratingValue``; ratings that sit outside the true–false line
    (Unproven, Misleading) have no value of their own — see :mod:`factcheck.claimreview` for how
    they are published.
    """

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    label: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#777777")
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Rating {self.label} {self.value}>"


class DeskSettings(Base):
    """Desk-wide settings: a single row, id 1."""

    __tablename__ = "desk_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_name: Mapped[str] = mapped_column(String(200), default="Fact-check desk")
    organisation_url: Mapped[str] = mapped_column(String(2000), default="https://example.org/")
    logo_url: Mapped[str | None] = mapped_column(String(2000))
    two_person_rule: Mapped[bool] = mapped_column(default=True)
    methodology: Mapped[str] = mapped_column(Text, default="")
    #: The zone the desk's times are shown in, for anyone who has not chosen their own.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    #: The desk pages' language for anyone who has not chosen their own (and for visitors
    #: whose browser asks for none the desk speaks).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
