"""The page loads in real Chromium from the live server, with no request to another origin."""

from urllib.parse import urlparse


def test_home_page_loads_from_the_live_server_only(page, base_url):
    origins = set()
    page.on("request", lambda request: origins.add(urlparse(request.url).netloc))
    page.goto("/")
    assert page.title() == "Fieldbook"
    assert origins == {urlparse(base_url).netloc}
