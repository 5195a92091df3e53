"""The queue's forms besides its filters: the bulk toolbar (which claims are ticked and what
to do to them) and saving the filters as a view."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional

from factcheck.extensions import db
from factcheck.forms import PRIORITY_CHOICES
from factcheck.i18n import lazy_gettext as _l
from factcheck.i18n import lazy_label, lazy_say
from factcheck.models import User
from factcheck.operations import bulk as bulk_ops
from factcheck.operations.claims import DISMISS_REASONS, assignable_users
from factcheck.operations.errors import InvalidInput
from factcheck.validation.forms import HIDDEN_FIELD_PROBLEM, DeskForm
from factcheck.workflow import Priority, is_editor
from factcheck.workflow.terms import N_

ME = "me"
NOBODY = "nobody"


class BulkForm(DeskForm):
    """The queue's toolbar: the ticked claims (``id:version`` each) and the change."""

    claims = SelectMultipleField(_l("Claims"), validate_choice=False)
    action = SelectField(_l("Action"), choices=[SelectChoice(a.value, lazy_label(a))
                                            for a in bulk_ops.BulkAction])
    assignee = SelectField(_l("Assign to"), validate_choice=False, default=ME)
    priority = SelectField(
        _l("Priority"), choices=PRIORITY_CHOICES, default=str(Priority.NORMAL.value)
    )
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=60)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    reason = SelectField(_l("Reason"), choices=[SelectChoice(r, lazy_say(DISMISS_REASONS[r]))
                                            for r in bulk_ops.BULK_DISMISS_REASONS],
                         default=bulk_ops.BULK_DISMISS_REASONS[0])

    def load_choices(self, user: User, people: list[tuple[int, str]] | None = None) -> None:
        """A checker may only take claims; an editor assigns to anyone on the desk (``people``,
        active, checkers first; read here when not given), or back to the queue."""
        if not is_editor(user):
            self.action.choices = [
                SelectChoice(bulk_ops.BulkAction.ASSIGN.value, _l("Assign to me"))
            ]
            self.assignee.choices = [SelectChoice(ME, _l("Me"))]
            return
        if people is None:
            people = [(u.id, u.name) for u in assignable_users(db.session)]
        others = [SelectChoice(str(ident), name) for ident, name in people if ident != user.id]
        self.assignee.choices = [SelectChoice(ME, _l("Me")),
                                 SelectChoice(NOBODY, _l("Nobody (back to the queue)")), *others]

    def ticked(self) -> set[str]:
        """The ``id:version`` values ticked (to tick them again on a refused form)."""
        return set(self.claims.data or [])

    def selection(self) -> list[tuple[int, int]]:
        """The ticked claims as (id, version); a value the page never made is a 400."""
        picked = []
        for value in self.claims.data or []:
            ident, _, version = value.partition(":")
            if not (ident.isdigit() and version.isdigit() and len(value) < 40):
                raise InvalidInput(HIDDEN_FIELD_PROBLEM, field="claims")
            picked.append((int(ident), int(version)))
        return picked

    def change(self) -> bulk_ops.BulkChange:
        """The change chosen, or :class:`InvalidInput` naming the value it still needs."""
        action = bulk_ops.BulkAction(self.action.data)
        match action:
            case bulk_ops.BulkAction.ASSIGN:
                return bulk_ops.BulkChange(action, to_me=self.assignee.data == ME,
                                           assignee=self._assignee())
            case bulk_ops.BulkAction.PRIORITY:
                return bulk_ops.BulkChange(action, priority=Priority(int(self.priority.data)))
            case bulk_ops.BulkAction.TAG:
                tag = " ".join((self.tag.data or "").split())
                if not tag:
                    raise InvalidInput(N_("Type the tag to add."), field="tag")
                return bulk_ops.BulkChange(action, tag=tag)
            case bulk_ops.BulkAction.DUE:
                if self.due_date.data is None:
                    raise InvalidInput(N_("Choose the due date to set."), field="due_date")
                return bulk_ops.BulkChange(action, due_date=self.due_date.data)
        return bulk_ops.BulkChange(action, reason=self.reason.data)

    def _assignee(self) -> User | None:
        value = self.assignee.data or ""
        if value in (ME, NOBODY):
            return None
        user = db.session.get(User, int(value)) if value.isdigit() and len(value) < 10 else None
        if user is None or not user.active:
            raise InvalidInput(N_("Choose someone on the desk to assign to."), field="assignee")
        return user


class SaveViewForm(DeskForm):
    """Save the queue's current filters (the page's query string) under a name."""

    name = StringField(_l("View name"), validators=[Length(max=80)])
    shared = BooleanField(_l("Share with the desk"))
