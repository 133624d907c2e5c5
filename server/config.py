"""Configuration: defaults in code, then the environment (``FIELDBOOK_*``), then a test's mapping.

Secrets never have a usable default in production: without ``FIELDBOOK_SECRET_KEY`` the app
makes a random key per process, which is safe but logs everybody out on restart, so the CLI
warns about it.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

#: The protocol version this server speaks (DESIGN: "Sync protocol 1").
PROTOCOL_VERSION = 1


def defaults(instance_path: str) -> dict:
    """The settings every deployment starts from."""
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "fieldbook.sqlite"),
        "SECRET_KEY": None,
        "FIELDBOOK_TIMEZONE": "America/Chicago",
        # A worker may stay offline for days; a week by default before signing in again.
        "FIELDBOOK_SESSION_DAYS": 7,
        "FIELDBOOK_LOGIN_RATE_LIMIT": "10 per 5 minutes",
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_NAME": "fieldbook_session",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "API_TITLE": "Fieldbook",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        # How a client authenticates, stated once for the whole document (server/auth).
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Fieldbook's API. Sign in with POST /api/v1/auth/login; the session "
                "is an HttpOnly cookie, and every state-changing request carries the "
                "X-CSRF-Token header from the sign-in answer. Errors are JSON "
                '{"error", "message", "errors"?}.'
            },
            "components": {
                "securitySchemes": {
                    "session": {"type": "apiKey", "in": "cookie", "name": "fieldbook_session"},
                    "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
                }
            },
            "security": [{"session": [], "csrf": []}],
        },
        "JSON_SORT_KEYS": False,
    }


#: Environment variable -> (config key, converter).
ENVIRONMENT = {
    "FIELDBOOK_DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "FIELDBOOK_SECRET_KEY": ("SECRET_KEY", str),
    "FIELDBOOK_TIMEZONE": ("FIELDBOOK_TIMEZONE", str),
    "FIELDBOOK_SESSION_DAYS": ("FIELDBOOK_SESSION_DAYS", int),
    "FIELDBOOK_LOGIN_RATE_LIMIT": ("FIELDBOOK_LOGIN_RATE_LIMIT", str),
    "FIELDBOOK_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "FIELDBOOK_SECURE_COOKIES": ("SESSION_COOKIE_SECURE", lambda v: v.lower() in {"1", "true"}),
    "FIELDBOOK_PROXY_COUNT": ("FIELDBOOK_PROXY_COUNT", int),
}


def from_environment(environ=os.environ) -> dict:
    """The settings the environment overrides."""
    found = {}
    for name, (key, convert) in ENVIRONMENT.items():
        if environ.get(name):
            found[key] = convert(environ[name])
    return found


def finish(config: dict) -> None:
    """Derive the settings that depend on others, after every layer is applied."""
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_hex(32)
        config["FIELDBOOK_EPHEMERAL_SECRET"] = True
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=int(config["FIELDBOOK_SESSION_DAYS"]))
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        # The psycopg 3 driver is the one we install; plain postgresql:// would ask for psycopg2.
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://") :]
