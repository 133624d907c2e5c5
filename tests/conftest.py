"""Fixtures: app -> client -> auth helper, on SQLite always and on PostgreSQL when configured.

Every test that takes ``app`` (or anything built on it) runs once per database: ``sqlite``
always, ``postgres`` too when ``FIELDBOOK_TEST_POSTGRES_URL`` is set. Each test starts from
empty tables.
"""

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server import create_app
from server.extensions import db

from .factories import Factory

POSTGRES_URL = os.environ.get("FIELDBOOK_TEST_POSTGRES_URL")
DATABASES = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])


def _postgres_database_url(worker: str) -> str:
    """One PostgreSQL database per pytest-xdist worker, made on first use."""
    base = make_url(POSTGRES_URL)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    name = f"{base.database}_fieldbook_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url(worker_id):
    if not POSTGRES_URL:
        pytest.skip("FIELDBOOK_TEST_POSTGRES_URL is not set")
    return _postgres_database_url(worker_id)


@pytest.fixture(scope="session")
def worker_id(request):
    """The pytest-xdist worker name, or ``main`` without xdist."""
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path):
    """A database URL for one test: a fresh SQLite file, or the worker's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_url")


def _empty_database():
    if db.engine.dialect.name == "postgresql":
        db.metadata.create_all(db.engine)
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        db.create_all()


@pytest.fixture
def app(database_url, tmp_path):
    """A fresh app on an empty database."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": True,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        _empty_database()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Small factories for seed data: ``make.user(role="lead")``, ``make.visit(...)``."""
    return Factory()


class Auth:
    """Signs a test client in and adds the CSRF header to state-changing calls."""

    def __init__(self, client):
        self.client = client
        self.csrf = None

    def login(self, username, password="correct horse battery"):
        response = self.client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response

    def headers(self):
        return {"X-CSRF-Token": self.csrf} if self.csrf else {}

    def post(self, url, **kw):
        return self.client.post(url, headers=self.headers(), **kw)

    def put(self, url, **kw):
        return self.client.put(url, headers=self.headers(), **kw)

    def patch(self, url, **kw):
        return self.client.patch(url, headers=self.headers(), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self.headers(), **kw)

    def get(self, url, **kw):
        return self.client.get(url, **kw)


@pytest.fixture
def auth(client):
    return Auth(client)


# --- CI: a skipped test is a failure when FIELDBOOK_REQUIRE_ALL=1 ---------------------------

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(f"{report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")


def pytest_sessionfinish(session, exitstatus):
    if (
        os.environ.get("FIELDBOOK_REQUIRE_ALL") == "1"
        and _skipped
        and not hasattr(session.config, "workerinput")
    ):
        print("\nFIELDBOOK_REQUIRE_ALL=1 and these tests were skipped:")
        for line in _skipped:
            print("  " + line)
        session.exitstatus = 1
