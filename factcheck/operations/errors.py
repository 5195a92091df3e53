"""Errors raised by services for input the rules refuse."""

from typing import Any

from factcheck.workflow import WorkflowError
from factcheck.workflow.terms import N_


class InvalidInput(WorkflowError):
    """The input does not make sense (offsets outside the text, a claim marked its own
    duplicate …); answered with HTTP 422 and the message beside the form."""

    status_code = 422

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field


class MissingVersion(InvalidInput):
    """A change that does not say which version of the claim it was made from (HTTP 400).

    Without it the stale-edit check could not run, so the change is refused rather than
    allowed to overwrite someone else's work.
    """

    status_code = 400

    def __init__(self) -> None:
        super().__init__(
            N_(
                "This form did not say which version of the claim it showed; reload the page "
                "and try again."
            ),
            field="version",
        )


class SettingsIncomplete(WorkflowError):
    """The desk's settings are not ready for what was asked (publishing under a placeholder
    organisation address); answered with HTTP 409 and a sentence naming the settings page."""

    status_code = 409
