"""Browser tests: the real server as a subprocess, driven by real headless Chromium.

Chromium comes from Debian (``apt-get install chromium``); Playwright cannot download its own
here. Without it these tests skip with a loud reason, unless ``FIELDBOOK_REQUIRE_BROWSER=1``
(set by CI), which turns the skip into a failure.

One server (and one SQLite file) serves the whole session; each test makes its own users with
``seed`` so tests do not see each other's data.
"""

import os
import shutil
from pathlib import Path

import pytest

from server import create_app
from server.extensions import db
from tests.factories import PASSWORD, Factory
from tests.live_server import LiveServer

CHROMIUM = os.environ.get("FIELDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # All browser tests on one xdist worker: Chromium is heavy on two cores.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    reason = (
        f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}. Install it with "
        "`apt-get install -y chromium`."
    )
    if os.environ.get("FIELDBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " FIELDBOOK_REQUIRE_BROWSER=1 makes this a failure.")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_database(tmp_path_factory):
    """The session's SQLite file with the schema made."""
    path = tmp_path_factory.mktemp("browser") / "fieldbook.sqlite"
    url = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_server(live_database, _require_chromium):
    with LiveServer(live_database) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(live_server):
    """Playwright's base URL: the live server (overrides pytest-base-url's fixture)."""
    return live_server.url


@pytest.fixture
def seed(live_database):
    """Write test data into the live server's database: ``seed(lambda make: make.user())``.

    Returns what the function returns, with attributes loaded, so tests can use ids and names.
    """
    app = create_app({"SQLALCHEMY_DATABASE_URI": live_database, "SECRET_KEY": "x"})

    def run(build):
        with app.app_context():
            result = build(Factory())
            for obj in result if isinstance(result, (list, tuple)) else [result]:
                if hasattr(obj, "_sa_instance_state"):
                    db.session.refresh(obj)
                    db.session.expunge(obj)
            db.session.remove()
            return result

    yield run
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def password():
    return PASSWORD
