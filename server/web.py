"""Serves the PWA in ``client_web/`` at ``/``, with a strict Content-Security-Policy.

The app loads nothing from any other origin and runs no inline script; the headers say so, so
that an injected ``<script>`` or a third-party request is refused by the browser itself.
"""

import hashlib
import os
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

CLIENT_DIR = Path(__file__).resolve().parent.parent / "client_web"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self)",
}

bp = Blueprint("web", __name__)


def _client_dir() -> Path:
    # Tests of the update flow serve a changed copy of the app from another directory.
    return Path(os.environ.get("FIELDBOOK_CLIENT_DIR") or CLIENT_DIR)


@bp.get("/")
def index():
    response = send_from_directory(_client_dir(), "index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def shell_version(root: Path) -> str:
    """A digest of every file of the app but ``sw.js``: the service worker's cache version.

    Served inside ``sw.js``, so that any change to the app (the lead screens included) changes
    the worker's bytes, and the browser installs it and offers the update; nobody has to
    remember to bump a number.
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "sw.js" and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@bp.get("/sw.js")
def service_worker():
    root = _client_dir()
    source = (root / "sw.js").read_text()
    version = f"const VERSION = '{shell_version(root)}';"
    source = re.sub(r"const VERSION = '[^']*';", version, source)
    response = Response(source, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/<path:filename>")
def static_file(filename: str):
    response = send_from_directory(_client_dir(), filename)
    # Revalidated on every load: the service worker's cache holds the offline copy.
    response.headers["Cache-Control"] = "no-cache"
    if filename.endswith(".webmanifest"):
        response.mimetype = "application/manifest+json"
    return response


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register(app: Flask) -> None:
    """Serve the PWA and add the security headers to every response."""
    app.register_blueprint(bp)
    app.after_request(_security_headers)
