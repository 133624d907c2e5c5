"""PWA benchmark: app shell size, Save-to-commit latency, first sync of 10,000 records,
and Lighthouse scores when Node and npm are there.

Runs the real server (``fieldbook serve``) on a temporary SQLite file and drives headless
Chromium with Playwright, as the browser tests do. Prints a Markdown table; the results with
the machine they ran on are kept in ``benchmarks/README.md`` (section "PWA").

    .venv/bin/python benchmarks/pwa.py [--records 10000] [--saves 40] [--no-lighthouse]
"""

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from server import create_app  # noqa: E402
from server.changes import stamp, take_seqs  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Visit, new_id, utcnow  # noqa: E402
from tests.factories import PASSWORD, Factory  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

CLIENT = ROOT / "client_web"
CHROMIUM = os.environ.get("FIELDBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LIGHTHOUSE = "lighthouse@12.2.3"


def shell_files() -> list[Path]:
    source = (CLIENT / "sw.js").read_text()
    block = re.search(r"const SHELL = \[(.*?)\];", source, re.S).group(1)
    paths = [p for p in re.findall(r"'([^']+)'", block) if p != "/"]
    return [CLIENT / "sw.js"] + [CLIENT / p.lstrip("/") for p in paths]


def lead_files() -> list[Path]:
    """The team-lead screens the worker also precaches (their own list, in js/lead/)."""
    listing = CLIENT / "js/lead/precache-list.js"
    if not listing.exists():
        return []
    found = re.findall(r"['\"](/[^'\"]+)['\"]", listing.read_text())
    return [CLIENT / p.lstrip("/") for p in found]


def size(files: list[Path]) -> tuple[int, int]:
    """Bytes raw and gzipped (each file alone, as a server would send it)."""
    files = [f for f in files if f.exists()]
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    return raw, zipped


def make_data(url: str, records: int) -> dict:
    """One worker with a neighborhood; a second worker with ``records`` visits, in bulk."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        make = Factory()
        team = make.team()
        saver = make.user(team=team, username="bench-saver")
        heavy = make.user(team=team, username="bench-heavy")
        hood = make.neighborhood(team=team, name="Benchmark Heights")
        make.assignment(saver, hood)
        for row in (saver, heavy, hood):
            stamp(row, new=True)
        db.session.commit()
        first = take_seqs(records)
        now = utcnow()
        rows = [
            {
                "id": new_id(),
                "rev": 1,
                "seq": first + i,
                "deleted": False,
                "created_at": now,
                "updated_at": now,
                "team_id": team.id,
                "organization_id": team.organization_id,
                "neighborhood_id": hood.id,
                "worker_id": heavy.id,
                "notes": f"bench {i}",
                "needs_review": False,
                "field_edited_at": {},
                "started_at": now,
                "duration_minutes": 30,
                "kind": "street_presence",
                "people_engaged": i % 7,
            }
            for i in range(records)
        ]
        db.session.execute(insert(Visit), rows)
        db.session.commit()
        db.engine.dispose()
    return {"saver": "bench-saver", "heavy": "bench-heavy", "hood": "Benchmark Heights"}


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def wait_synced(page, timeout_ms: float = 120_000) -> None:
    message = page.get_by_test_id("sync-message")
    expect(message).to_have_text(re.compile(r"^Synced"), timeout=timeout_ms)


def measure_saves(browser, base_url: str, saves: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base_url, "bench-saver")
    wait_synced(page)
    context.set_offline(True)  # the time to commit on the phone, not the network's
    for _ in range(saves):
        page.get_by_role("button", name="Log visit").click()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Visit saved on this phone")).to_be_visible()
    times = page.evaluate("self.fieldbookMetrics.saves")
    context.close()
    return times


def measure_first_sync(browser, base_url: str, records: int) -> tuple[float, float, int]:
    context = browser.new_context()
    page = context.new_page()
    started = time.perf_counter()
    sign_in(page, base_url, "bench-heavy")
    wait_synced(page)
    wall = time.perf_counter() - started
    in_page = page.evaluate("self.fieldbookMetrics.lastSyncMs") / 1000
    stored = page.evaluate(
        """() => new Promise((ok) => { const r = indexedDB.open('fieldbook');
             r.onsuccess = () => { const q = r.result.transaction('records')
               .objectStore('records').count(); q.onsuccess = () => ok(q.result); }; })"""
    )
    context.close()
    return in_page, wall, stored


def lighthouse(base_url: str) -> dict | None:
    """Lighthouse 12 scores of the sign-in page, or None when npm cannot install it."""
    npm = shutil.which("npm")
    if not npm:
        return None
    work = Path(tempfile.mkdtemp(prefix="fieldbook-lh-"))
    try:
        subprocess.run(
            [npm, "i", "-E", LIGHTHOUSE, "--no-audit", "--no-fund", "--silent"],
            cwd=work,
            check=True,
            capture_output=True,
            timeout=600,
        )
        report = work / "report.json"
        subprocess.run(
            [
                str(work / "node_modules/.bin/lighthouse"),
                base_url + "/",
                "--only-categories=performance,accessibility,best-practices",
                "--chrome-flags=--headless=new --no-sandbox",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            cwd=work,
            check=True,
            capture_output=True,
            timeout=600,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        categories = json.loads(report.read_text())["categories"]
        return {k: round(v["score"] * 100) for k, v in categories.items()}
    except (subprocess.SubprocessError, OSError, KeyError, ValueError) as error:
        print(f"Lighthouse not run: {error}", file=sys.stderr)
        return None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()

    raw, zipped = size(shell_files())
    lead_raw, lead_zipped = size(lead_files())
    tmp = Path(tempfile.mkdtemp(prefix="fieldbook-bench-"))
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    make_data(url, args.records)
    with LiveServer(url, workers=2) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        chromium = browser.version
        saves = sorted(measure_saves(browser, server.url, args.saves))
        sync_s, sync_wall, stored = measure_first_sync(browser, server.url, args.records)
        browser.close()
        scores = None if args.no_lighthouse else lighthouse(server.url)
    shutil.rmtree(tmp, ignore_errors=True)

    p95 = saves[max(0, round(0.95 * len(saves)) - 1)]
    rows = [
        ("App shell, raw", f"{raw / 1024:.1f} KB", ""),
        ("App shell, gzipped", f"{zipped / 1024:.1f} KB", "<= 60 KB"),
        (
            "Lead screens also precached, raw / gzipped",
            f"{lead_raw / 1024:.1f} / {lead_zipped / 1024:.1f} KB",
            "",
        ),
        (
            f"Save to committed in IndexedDB, median of {len(saves)}",
            f"{statistics.median(saves):.1f} ms",
            "<= 50 ms",
        ),
        ("Save to committed in IndexedDB, p95", f"{p95:.1f} ms", "<= 50 ms"),
        (
            f"First sync of {args.records:,} visits into IndexedDB ({stored:,} records)",
            f"{sync_s:.2f} s",
            "<= 5 s",
        ),
        ("  same, from pressing Sign in", f"{sync_wall:.2f} s", ""),
    ]
    for name, score in (scores or {}).items():
        rows.append((f"Lighthouse {name}", str(score), ">= 95"))
    if scores is None and not args.no_lighthouse:
        rows.append(("Lighthouse", "not run (see stderr)", ">= 95"))
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, "
        f"Chromium {chromium}"
    )
    print("| measure | result | target |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
