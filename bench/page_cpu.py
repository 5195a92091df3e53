"""CPU time per desk page, in process: where a page's milliseconds go once SQL is cheap.

Over HTTP (:mod:`bench.bench_queue`) a page's wall time on a shared machine is noisy; the CPU
time the process spends on one request (``time.process_time``: Python, the template and the
database driver, SQLite's own work included, but not a PostgreSQL server's) is steady enough to
compare two versions of a page. Against a desk made by :mod:`bench.desk_scale`, logged in as
its editor through Flask's test client, each case is requested twice to warm up and then
``--repeat`` times; the median and the fastest request are printed. ``--profile CASE`` prints
the functions that case spends its time in (cProfile, sorted by own time).

    python -m bench.page_cpu --database sqlite:////tmp/desk.sqlite [--repeat 30]
    python -m bench.page_cpu --database sqlite:////tmp/desk.sqlite --profile dashboard
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from typing import Any

from flask.testing import FlaskClient

from bench.bench_queue import cases
from bench.desk_scale import EDITOR, PASSWORD, bench_app
from bench.load_clients import CSRF

#: The cases timed by default: the queue's typical ones and every other desk page.
DEFAULT_CASES = ("queue: no filter", "queue: as it opens (an editor's: unassigned or overdue)",
                 "queue: search hit", "claim page", "article, 200 claims", "dashboard")
SITE = {"base_url": "http://bench.test"}


def logged_in(app: Any) -> FlaskClient:
    """A test client logged in as the bench's editor."""
    client = app.test_client()
    page = client.get("/login", **SITE).get_data(as_text=True)
    token = CSRF.search(page)
    assert token is not None
    client.post("/login", data={"email": EDITOR, "password": PASSWORD,
                                "csrf_token": token.group(1)}, **SITE)
    return client


def cpu_ms(client: FlaskClient, path: str, repeat: int) -> list[float]:
    """CPU milliseconds of each of ``repeat`` requests of ``path`` (after two warm-up ones)."""
    for _ in range(2):
        response = client.get(path, **SITE)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    spent = []
    for _ in range(repeat):
        began = time.process_time()
        client.get(path, **SITE)
        spent.append((time.process_time() - began) * 1000)
    return spent


def profile(client: FlaskClient, path: str, repeat: int, lines: int) -> None:
    """The functions ``path`` spends its CPU time in, over ``repeat`` requests."""
    client.get(path, **SITE)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(repeat):
        client.get(path, **SITE)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)


def main() -> None:
    """Time (or profile) the desk pages of one generated desk."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a generated desk")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--case", action="append", help="a case label (default: the usual six)")
    parser.add_argument("--all", action="store_true", help="every case of bench.bench_queue")
    parser.add_argument("--profile", metavar="CASE", help="profile this case instead")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    app = bench_app(args.database)
    found = dict(cases(app))
    client = logged_in(app)
    if args.profile:
        profile(client, found[args.profile], args.repeat, args.lines)
        return
    wanted = list(found) if args.all else (args.case or DEFAULT_CASES)
    print(f"{'case':<58} {'median':>7} {'fastest':>7}  "
          f"(CPU ms per request, {args.repeat} requests)")
    for label in wanted:
        spent = cpu_ms(client, found[label], args.repeat)
        print(f"{label:<58} {statistics.median(spent):>7.1f} {min(spent):>7.1f}", flush=True)


if __name__ == "__main__":
    main()
