"""The session cookie's ``Secure`` flag follows the request: set whenever it came over HTTPS.

Flask decides ``Secure`` from configuration alone; a deployment served over HTTPS should not
depend on someone remembering ``FIELDBOOK_SECURE_COOKIES=1``. Behind a TLS-terminating proxy,
``FIELDBOOK_PROXY_COUNT`` (the number of trusted proxies) makes ``X-Forwarded-Proto`` count.
"""

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, ``Secure`` on HTTPS requests or when configured."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        return has_request_context() and request.is_secure


def install(app: Flask) -> None:
    """Use the session interface above and trust the configured number of proxies."""
    app.session_interface = SessionInterface()
    proxies = int(app.config.get("FIELDBOOK_PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
