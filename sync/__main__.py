"""``python -m sync`` (or ``python -m sync.client``): the reference client on the command line.

For support staff (what is pending on this replica, what was rejected, when did it last sync)
and as a load generator (``load --visits N`` makes synthetic visits and pushes them)::

    python -m sync --server http://127.0.0.1:5000 --db phone.sqlite login ana < password.txt
    python -m sync --server http://127.0.0.1:5000 --db phone.sqlite sync
    python -m sync --db phone.sqlite status
"""

import argparse
import getpass
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from .client import Device, SyncError
from .transport import HttpTransport

KINDS = ("street_presence", "home_visit", "follow_up", "community_event", "school")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sync", description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:5000", help="the server's base URL")
    parser.add_argument("--db", required=True, help="the device's replica (an SQLite file)")
    commands = parser.add_subparsers(dest="command", required=True)
    login = commands.add_parser("login", help="sign in (password from stdin, or a prompt)")
    login.add_argument("username")
    commands.add_parser("push", help="send the outbox")
    commands.add_parser("pull", help="fetch the changes since the last pull")
    commands.add_parser("sync", help="push, then pull")
    commands.add_parser("status", help="pending count, last sync, cursor, rejected mutations")
    load = commands.add_parser("load", help="create synthetic visits and push them")
    load.add_argument("--visits", type=int, required=True, help="how many visits to make")
    load.add_argument("--batch", type=int, default=500, help="mutations per push (<= 500)")
    load.add_argument("--neighborhood", help="neighborhood id (default: the team's first)")
    load.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data")
    return parser


def synthetic_visit(neighborhood_id: str, rng: random.Random, now: datetime) -> dict:
    """A plausible visit: no names, a tally, a time in the last four weeks."""
    started = now - timedelta(minutes=rng.randrange(0, 28 * 24 * 60))
    return {
        "neighborhood_id": neighborhood_id,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_minutes": rng.choice((15, 30, 45, 60, 90)),
        "kind": rng.choice(KINDS),
        "people_engaged": rng.randrange(0, 12),
        "location": None,
        "notes": "",
    }


def _load(device: Device, args, out) -> int:
    neighborhood = args.neighborhood
    if neighborhood is None:
        device.pull()
        neighborhoods = device.records("neighborhoods")
        if not neighborhoods:
            print("error: no neighborhood on this replica; pass --neighborhood ID", file=sys.stderr)
            return 1
        neighborhood = min(neighborhoods, key=lambda i: neighborhoods[i].get("code") or i)
    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    made = time.perf_counter()
    for _ in range(args.visits):
        device.create("visits", synthetic_visit(neighborhood, rng, now))
    device.batch_size = max(1, min(args.batch, 500))
    start = time.perf_counter()
    counts = device.push()
    seconds = time.perf_counter() - start
    rate = args.visits / seconds if seconds else float("inf")
    print(
        f"made {args.visits} visits in {start - made:.2f} s; pushed in {seconds:.2f} s "
        f"({rate:,.0f} records/s): {json.dumps(counts, sort_keys=True)}",
        file=out,
    )
    return 0


def main(argv=None, out=sys.stdout, stdin=sys.stdin) -> int:
    """Run one command; exit 0 on success, 1 with one clear line on failure."""
    args = _parser().parse_args(argv)
    transport = HttpTransport(args.server)
    device = Device(args.db, transport)
    try:
        if args.command == "login":
            password = stdin.readline().rstrip("\n") if not stdin.isatty() else getpass.getpass()
            user = device.login(args.username, password)
            print(f"signed in as {user['username']} ({user['role']})", file=out)
        elif args.command == "push":
            print(json.dumps(device.push(), sort_keys=True), file=out)
        elif args.command == "pull":
            print(f"pulled {device.pull()} changes", file=out)
        elif args.command == "sync":
            print(json.dumps(device.sync(), sort_keys=True), file=out)
        elif args.command == "status":
            print(json.dumps(device.status(), indent=2, sort_keys=True), file=out)
        elif args.command == "load":
            return _load(device, args, out)
    except (SyncError, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        # The server may have renewed the cookie; keep it for the next run.
        with device.replica.tx:
            device.replica.put("session", transport.session_state())
        getattr(transport, "close", lambda: None)()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
