"""How a device reaches the server: a small interface, and its HTTP implementation.

The client talks to a :class:`Transport`, never to ``requests`` directly, so tests can plug in
one that wraps Flask's test client or injects faults (a lost answer, a duplicate) without
``sync/`` importing Flask. A transport owns the session: its cookie and the CSRF token that
every state-changing request must echo in ``X-CSRF-Token`` (DESIGN, "Sync protocol 1").
"""

from dataclasses import dataclass
from typing import Any

import requests

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Response:
    """What the server answered: the status and the decoded JSON body (None when not JSON)."""

    status: int
    body: Any


class NetworkError(Exception):
    """No answer was read. ``maybe_delivered``: the server may have got (and applied) it."""

    def __init__(self, message: str, maybe_delivered: bool = True):
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class Transport:
    """Sends one request; subclasses implement :meth:`_send` and the cookie accessors."""

    def __init__(self):
        self.csrf_token: str | None = None

    def request(self, method: str, path: str, json=None, params=None) -> Response:
        """Send ``method path`` with the CSRF header on unsafe methods; raise NetworkError."""
        headers = {"Accept": "application/json"}
        if method.upper() in UNSAFE_METHODS and self.csrf_token:
            headers["X-CSRF-Token"] = self.csrf_token
        return self._send(method.upper(), path, json, params, headers)

    def _send(self, method, path, json, params, headers) -> Response:
        raise NotImplementedError

    def cookies(self) -> dict[str, str]:
        """The session cookies, to keep them across runs of the command line."""
        raise NotImplementedError

    def set_cookies(self, cookies: dict[str, str]) -> None:
        raise NotImplementedError

    def session_state(self) -> dict:
        """Everything needed to resume the session later: cookies and CSRF token."""
        return {"cookies": self.cookies(), "csrf_token": self.csrf_token}

    def restore_session(self, state: dict | None) -> None:
        if not state:
            return
        self.set_cookies(state.get("cookies") or {})
        self.csrf_token = state.get("csrf_token")


class HttpTransport(Transport):
    """The real thing: a ``requests.Session`` against ``base_url``."""

    def __init__(self, base_url: str, timeout: float = 60.0, session=None):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def _send(self, method, path, json, params, headers) -> Response:
        try:
            answer = self.session.request(
                method,
                self.base_url + path,
                json=json,
                params=params,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.ConnectionError as exc:
            # A refused connection never reached the server; a reset one may have.
            refused = "refused" in str(exc).lower()
            raise NetworkError(str(exc), maybe_delivered=not refused) from exc
        except requests.RequestException as exc:  # timeouts, broken answers
            raise NetworkError(str(exc), maybe_delivered=True) from exc
        try:
            body = answer.json()
        except ValueError:
            body = None
        return Response(answer.status_code, body)

    def cookies(self) -> dict[str, str]:
        return {cookie.name: cookie.value for cookie in self.session.cookies}

    def set_cookies(self, cookies: dict[str, str]) -> None:
        for name, value in cookies.items():
            self.session.cookies.set(name, value)

    def close(self) -> None:
        self.session.close()
