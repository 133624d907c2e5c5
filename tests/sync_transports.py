"""Transports for tests: the Flask test client as a ``sync.transport.Transport``, and faults.

``sync/`` must not import Flask, so the adapter lives here. :class:`FaultyTransport` wraps any
transport and, on demand, drops a request before it is sent, lets the server commit and then
loses the answer, answers 503, sends a request twice, or replays an old request later.
"""

import threading

from sync.transport import NetworkError, Response, Transport


class FlaskTransport(Transport):
    """Requests through ``app.test_client()``: the real app, in-process, with its cookie jar."""

    def __init__(self, client):
        super().__init__()
        self.client = client

    def _send(self, method, path, json, params, headers) -> Response:
        answer = self.client.open(
            path, method=method, json=json, query_string=params, headers=headers
        )
        return Response(answer.status_code, answer.get_json(silent=True))

    def cookies(self) -> dict[str, str]:
        return {cookie.key: cookie.value for cookie in self.client._cookies.values()}

    def set_cookies(self, cookies: dict[str, str]) -> None:
        for name, value in cookies.items():
            self.client.set_cookie(name, value)


class FaultyTransport(Transport):
    """Wraps ``inner``; ``plan`` holds the faults to inject, one per request, in order.

    Faults: ``"drop"`` (never sent), ``"lose"`` (sent and committed, answer lost), ``"503"``
    (never sent, the server says it is unavailable), ``"twice"`` (sent twice, the second
    answer returned). ``sent`` keeps every request that reached the server, for replays.
    """

    def __init__(self, inner: Transport):
        super().__init__()
        self.inner = inner
        self.plan: list[str | None] = []
        self.sent: list[tuple] = []
        self.offline = False
        self._lock = threading.Lock()

    @property
    def csrf_token(self):
        return self.inner.csrf_token

    @csrf_token.setter
    def csrf_token(self, value):
        if hasattr(self, "inner"):
            self.inner.csrf_token = value

    def request(self, method, path, json=None, params=None) -> Response:
        with self._lock:
            fault = self.plan.pop(0) if self.plan else None
        if self.offline or fault == "drop":
            raise NetworkError("offline", maybe_delivered=False)
        if fault == "503":
            return Response(503, {"error": "unavailable", "message": "injected"})
        answer = self.inner.request(method, path, json=json, params=params)
        self.sent.append((method, path, json, params))
        if fault == "twice":
            answer = self.inner.request(method, path, json=json, params=params)
            self.sent.append((method, path, json, params))
        if fault == "lose":
            raise NetworkError("answer lost after the server committed", maybe_delivered=True)
        return answer

    def replay(self, index: int) -> Response:
        """Send an earlier request again, as a network that delivers late would."""
        method, path, json, params = self.sent[index]
        return self.inner.request(method, path, json=json, params=params)

    def cookies(self):
        return self.inner.cookies()

    def set_cookies(self, cookies):
        self.inner.set_cookies(cookies)


class Recorder(Transport):
    """Wraps ``inner`` and keeps every request and answer, to look at what went on the wire."""

    def __init__(self, inner: Transport):
        super().__init__()
        self.inner = inner
        self.calls: list[tuple] = []

    @property
    def csrf_token(self):
        return self.inner.csrf_token

    @csrf_token.setter
    def csrf_token(self, value):
        if hasattr(self, "inner"):
            self.inner.csrf_token = value

    def request(self, method, path, json=None, params=None) -> Response:
        answer = self.inner.request(method, path, json=json, params=params)
        self.calls.append((method, path, json, params, answer))
        return answer

    def pushes(self) -> list[dict]:
        return [json for method, path, json, _p, _a in self.calls if path.endswith("/push")]

    def cookies(self):
        return self.inner.cookies()

    def set_cookies(self, cookies):
        self.inner.set_cookies(cookies)
