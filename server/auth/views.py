"""``/api/v1/auth``: sign in, sign out, and who am I (DESIGN, "Sync protocol 1 — HTTP surface")."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from ..extensions import db, limiter
from ..models import User
from ..schemas.auth import LoginSchema, SessionSchema
from .passwords import verify_password
from .session import csrf_token, current_user, end_session, login_required, start_session

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-in and sessions")


def _login_username() -> str:
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    return "user:" + (name.strip().lower() if isinstance(name, str) else "")


def _login_limit() -> str:
    return current_app.config["FIELDBOOK_LOGIN_RATE_LIMIT"]


def _refused(response) -> bool:
    return response.status_code != 200


def _session_body(user) -> dict:
    return {"user": user, "csrf_token": csrf_token()}


@blp.route("/login")
class Login(MethodView):
    # Two budgets: one per address (guessing many names) and one per username (many addresses
    # guessing one name). Only refused attempts count: a worker who signs in again and again on
    # a flaky network never locks themselves out.
    decorators = [
        limiter.limit(_login_limit, key_func=_login_username, deduct_when=_refused),
        limiter.limit(_login_limit, deduct_when=_refused),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, SessionSchema)
    def post(self, credentials):
        """Sign in; sets the session cookie and answers the user and the CSRF token."""
        username = credentials["username"].strip()
        user = db.session.execute(
            db.select(User).filter(db.func.lower(User.username) == username.lower())
        ).scalar_one_or_none()
        if not verify_password(user.password_hash if user else None, credentials["password"]):
            abort(401, message="Wrong username or password.")
        if not user.active:
            abort(403, message="This account is deactivated; ask your admin.")
        start_session(user)
        return _session_body(user)


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Sign out: ends every session of the user, on every device (unsent entries stay)."""
        # The session is a signed cookie: clearing it here does not stop a copy of it. Bumping
        # the user's session_version does, and a sign-out anywhere also ends a lost phone's.
        user = current_user()
        if user is not None:
            user.session_version += 1
            db.session.commit()
        end_session()


@blp.route("/me")
class Me(MethodView):
    decorators = [login_required]

    @blp.response(200, SessionSchema)
    def get(self):
        """The signed-in user and the CSRF token, so a reloaded app recovers its token."""
        return _session_body(current_user())
