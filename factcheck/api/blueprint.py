"""The one blueprint every JSON API endpoint is added to (``/api/v1``).

Areas add their endpoints here, as the desk's modules add theirs to the desk blueprint:
``from factcheck.api.blueprint import bp`` and list the module in
:data:`factcheck.api.API_MODULES`. See the package docstring for the decorators to use.
"""

from flask_smorest import Blueprint

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="The desk's JSON API: the same rules and events as the pages.",
)


#: The largest JSON body: an article at its limit, every character escaped (``\uXXXX``).
MAX_BODY_BYTES = 8 * 1024 * 1024


@bp.before_request
def read_json_body_safely() -> None:
    """Read a JSON body once, before any endpoint, refusing what the parser cannot take.

    Python's parser raises ``RecursionError`` (a 500) on deeply nested arrays; that and any
    other unreadable body is a 400 here. The body is bounded well below the app-wide upload
    limit (which is sized for snapshots).
    """
    from flask import abort, request

    from factcheck.api.problems import problem

    request.max_content_length = MAX_BODY_BYTES
    if not request.is_json or not request.content_length:
        return
    try:
        request.get_json()
    except RecursionError:
        abort(problem(400, "This request could not be understood",
                      "The JSON body is nested too deeply.", kind="invalid-input"))
