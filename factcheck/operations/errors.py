"""Errors raised by services for input the rules refuse."""

from factcheck.workflow import WorkflowError


class InvalidInput(WorkflowError):
    """The input does not make sense (offsets outside the text, a claim marked its own
    duplicate …); answered with HTTP 422 and the message beside the form."""

    status_code = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
