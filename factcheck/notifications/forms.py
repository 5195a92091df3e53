"""The e-mail choices form: one select per kind of notification the person can get."""

from __future__ import annotations

from typing import Any

from wtforms import SelectChoice, SelectField

from factcheck.models import User
from factcheck.notifications.preferences import CHOICES, DELIVERY_LABELS, deliveries_for, kinds_for
from factcheck.validation.forms import DeskForm


class PreferencesForm(DeskForm):
    """How each kind of notification reaches the person by e-mail (fields added below, one
    per kind; the editors' overdue list only for editors)."""

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            offered = set(kinds_for(user))
            for kind in CHOICES:
                if kind not in offered:
                    del self[kind]

    def chosen(self) -> dict[str, str]:
        """Kind → delivery, for the fields on the form."""
        return {f.name: str(f.data) for f in self if f.name in CHOICES}


for _kind, (_label, _default) in CHOICES.items():
    setattr(
        PreferencesForm,
        _kind,
        SelectField(
            _label,
            choices=[SelectChoice(d.value, DELIVERY_LABELS[d]) for d in deliveries_for(_kind)],
            default=_default.value,
        ),
    )
