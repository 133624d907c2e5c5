"""Every error under ``/api`` answers JSON with a message, never an HTML page.

The shape is ``{"error": "<short code>", "message": "<sentence>"}``, plus ``"errors"`` with
field-level messages when a request was invalid (HTTP 400 or 422).
"""

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal_error",
}


def error_response(status: int, message: str, errors: dict | None = None, code: str | None = None):
    """A JSON error response; views and rules call this rather than building their own."""
    body = {"error": code or CODES.get(status, "error"), "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response


def _field_errors(exc: HTTPException) -> dict | None:
    # flask-smorest (webargs) hangs validation messages on the exception, keyed by location.
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if not messages:
        return None
    if isinstance(messages, dict) and len(messages) == 1:
        (only,) = messages.values()
        if isinstance(only, dict):
            return only
    return messages


def _handle_http(exc: HTTPException):
    if not request.path.startswith("/api"):
        return exc
    errors = _field_errors(exc)
    data = getattr(exc, "data", None) or {}
    message = data.get("message") or exc.description or exc.name
    if errors and exc.code in (400, 422):
        fields = ", ".join(sorted(map(str, errors)))
        message = f"Invalid input: {fields}."
    if exc.code == 413:
        message = "The request is too large: at most 1 MiB and 500 mutations per request."
    if exc.code == 429:
        message = f"Too many attempts; try again later ({exc.description})."
    response = error_response(exc.code or 500, message, errors)
    for name, value in exc.get_headers() or []:
        if name.lower() in ("retry-after", "allow"):
            response.headers[name] = value
    return response


def _handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _handle_http(exc)
    if not request.path.startswith("/api"):
        return InternalServerError()
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s", request.path)
    return error_response(500, "Something went wrong on the server; nothing was half-saved.")


#: Push checks its mutations one by one (a bad one must not take the batch down).
_CHECKS_ITS_OWN_BODY = {"/api/v1/sync/push"}


def _nul_field(value, path: str = "") -> str | None:
    """The dotted path of the first string in a JSON value that holds a NUL, or None."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        where = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return where
        found = _nul_field(item, where)
        if found:
            return found
    return None


def _reject_nul():
    # PostgreSQL text cannot hold NUL, and no honest client sends one: refuse it up front, the
    # same on every database, rather than let it reach a query and fail there.
    if not request.path.startswith("/api"):
        return None
    if "\x00" in request.path:
        return error_response(400, "The URL must not contain NUL characters.")
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            return error_response(
                400, f"{name!r} must not contain NUL characters.", {name: ["Contains NUL."]}
            )
    if request.is_json and request.path not in _CHECKS_ITS_OWN_BODY:
        field = _nul_field(request.get_json(silent=True))
        if field:
            return error_response(
                400, f"{field} must not contain NUL characters.", {field: ["Contains NUL."]}
            )
    return None


def _handle_out_of_range(exc: Exception):
    """Last line of defence: a value the database or date arithmetic cannot hold is bad input."""
    from .extensions import db

    db.session.rollback()
    if not request.path.startswith("/api"):
        return InternalServerError()
    return error_response(
        400,
        "A value is out of the range this server stores (a date far in the past or future, a "
        "number too large, or a NUL character); nothing was saved.",
    )


def register(app: Flask) -> None:
    """Install the JSON error handlers."""
    from sqlalchemy.exc import DataError

    app.before_request(_reject_nul)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(DataError, _handle_out_of_range)
    app.register_error_handler(OverflowError, _handle_out_of_range)
    app.register_error_handler(Exception, _handle_unexpected)
