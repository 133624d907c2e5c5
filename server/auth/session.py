"""The signed session cookie, the current user, and the CSRF rule.

The session is Flask's signed cookie (the app servers keep no state, so several can run behind
a load balancer). It holds the user id, the user's ``session_version`` at sign-in, and a CSRF
token. Every request re-reads the user: a deactivated user, or one whose sessions were ended
(``session_version`` bumped), is refused at once.
"""

import hmac
import secrets
from functools import wraps

from flask import Flask, abort, g, request, session

from ..errors import error_response
from ..extensions import db

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: Sign-in has no session yet, so no token to send; it is rate-limited instead.
CSRF_EXEMPT = {"/api/v1/auth/login"}


def start_session(user) -> str:
    """Sign ``user`` in on this client; returns the new CSRF token."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["ver"] = user.session_version
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def end_session() -> None:
    """Sign out on this client."""
    session.clear()


def csrf_token() -> str | None:
    """The token the client must echo in ``X-CSRF-Token``."""
    return session.get("csrf")


def current_user():
    """The signed-in, active user of this request, or None."""
    if "fieldbook_user" in g:
        return g.fieldbook_user
    from ..models import User

    user = None
    uid = session.get("uid")
    if uid:
        found = db.session.get(User, uid)
        if found is not None and found.active and found.session_version == session.get("ver"):
            user = found
        else:
            session.clear()
    g.fieldbook_user = user
    return user


def _check_csrf():
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api"):
        return None
    if request.path in CSRF_EXEMPT:
        return None
    expected = session.get("csrf")
    sent = request.headers.get("X-CSRF-Token", "")
    if not expected or not hmac.compare_digest(expected, sent):
        if not session.get("uid"):
            return error_response(401, "Sign in first.")
        return error_response(403, "Missing or wrong X-CSRF-Token header.", code="csrf")
    return None


def register_request_hooks(app: Flask) -> None:
    """Check CSRF before any state-changing API view runs."""
    app.before_request(_check_csrf)
    # ``g`` outlives a request when an app context was already pushed (tests, CLI), so the
    # cached user must not leak into the next request.
    app.teardown_request(lambda _exc: g.pop("fieldbook_user", None))


def login_required(view):
    """Refuse with 401 JSON unless a valid session is signed in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            abort(401, "Sign in first.")
        return view(*args, **kwargs)

    return wrapper
