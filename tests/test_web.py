"""``/`` serves the PWA under a strict Content-Security-Policy and the security headers."""

import re
from html.parser import HTMLParser

import pytest

from server import create_app
from server.web import CLIENT_DIR, SECURITY_HEADERS


@pytest.fixture(scope="module")
def web():
    # These pages touch no database: one app for the module, on an in-memory SQLite URL.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})
    return Browser(app.test_client())


class Browser:
    """GETs that read and close each response, so no served file is left open."""

    def __init__(self, client):
        self.client = client

    def get(self, path):
        response = self.client.get(path)
        response.get_data()
        response.close()
        return response


def _csp(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_root_serves_the_pwa_shell(web):
    response = web.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<title>Fieldbook</title>" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-cache"


def test_csp_allows_only_this_origin_and_no_inline_script(web):
    csp = _csp(web.get("/"))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    sources = [source for values in csp.values() for source in values]
    assert not [s for s in sources if "unsafe" in s or "://" in s or s in ("*", "https:", "http:")]


@pytest.mark.parametrize("path", ["/", "/api/v1/auth/me", "/no-such-file.js"])
def test_security_headers_are_on_every_response(web, path):
    response = web.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name


def test_security_headers_say_no_framing_sniffing_or_referrer(web):
    headers = web.get("/").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline_scripts, self.handlers, self.urls = 0, [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        self.urls += [attrs[k] for k in ("src", "href") if attrs.get(k)]
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        self._in_script = False


def test_index_html_has_no_inline_script_and_no_other_origin():
    tags = _Tags()
    tags.feed((CLIENT_DIR / "index.html").read_text())
    assert tags.inline_scripts == 0
    assert tags.handlers == []
    assert not [u for u in tags.urls if re.match(r"^(https?:)?//", u)]


def test_service_worker_is_never_cached_and_may_control_the_whole_app(web):
    if not (CLIENT_DIR / "sw.js").exists():
        pytest.fail("client_web/sw.js is missing")
    response = web.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
