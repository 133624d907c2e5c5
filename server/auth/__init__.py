"""Sign-in, sessions and CSRF: who is asking, checked on every request under ``/api``."""

from flask import Flask

from .passwords import hash_password, verify_password
from .session import current_user, login_required, register_request_hooks

__all__ = [
    "current_user",
    "hash_password",
    "login_required",
    "register",
    "verify_password",
]


def register(app: Flask) -> None:
    """Install the session cookie and the CSRF checks."""
    from . import cookie

    cookie.install(app)
    register_request_hooks(app)
