"""The desk under load: gunicorn (4 workers) on PostgreSQL, 50 simulated people at once.

Creates a fresh PostgreSQL database, seeds it through the real services (the demo desk, plus
bench checkers with claims of their own, editors with rated claims waiting, and published
verdicts), starts gunicorn on a free loopback port, logs every simulated desk member in once
(reusing the cookie, so login throttling does not get in the way), then for ``--duration``
seconds drives a mix: readers on verdict pages, the index and the feeds; checkers opening their
claims and adding evidence and comments; editors publishing and then correcting. It prints
requests/s, p50/p95/p99 per kind, the errors, and the lost writes (acknowledged writes missing
from the database afterwards), then drops the database.

    python -m bench.bench_load [--duration 60] [--readers 35 --checkers 11 --editors 4]
                               [--think 1.0] [--postgres postgresql://postgres@127.0.0.1/postgres]

Each simulated person pauses between actions as people do: a random pause averaging
``--think`` seconds (exponentially distributed, so some come back at once). ``--think 0`` makes
every client send its next request the moment the last one answered: 50 machines, not 50
people, which measures how the queue behaves past saturation rather than what people see.

Goals (issue 9): 0 errors, 0 lost writes, public p95 ≤ 50 ms, desk p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.load_clients import PUBLIC_KINDS, Checker, Editor, Person, Reader, Results, Sample
from bench.load_desk import PASSWORD, create_database, drop_database, lost_writes, seed

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
MAX_DURATION = 600  # seconds: a bench, not a soak test
MAX_CLIENTS = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(url: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """gunicorn with the shipped ``gunicorn.conf.py`` (workers and threads as asked), on
    loopback only, as a production desk runs it behind its proxy."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
        "FACTCHECK_SITE_URL": f"http://127.0.0.1:{port}",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603  (fixed argument list)
        [str(gunicorn), "--config", str(ROOT / "gunicorn.conf.py"),
         "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2):  # noqa: S310
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited before serving; see its output above") from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(samples: list[Sample], seconds: float) -> tuple[float, float, int]:
    """Print the table; return public p95, desk p95 and the number of errors."""
    kinds = sorted({s.kind for s in samples}, key=lambda k: (k not in PUBLIC_KINDS, k))
    print(f"\n{'kind':<20} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6}")
    for kind in kinds:
        these = [s for s in samples if s.kind == kind]
        millis = [s.millis for s in these]
        print(f"{kind:<20} {len(these):>8} {len(these) / seconds:>7.1f} "
              f"{percentile(millis, 50):>8.1f} {percentile(millis, 95):>8.1f} "
              f"{percentile(millis, 99):>8.1f} {sum(not s.ok for s in these):>6}")
    public = [s.millis for s in samples if s.kind in PUBLIC_KINDS]
    desk = [s.millis for s in samples if s.kind not in PUBLIC_KINDS]
    errors = sum(not s.ok for s in samples)
    print(f"{'all public':<20} {len(public):>8} {len(public) / seconds:>7.1f} "
          f"{percentile(public, 50):>8.1f} {percentile(public, 95):>8.1f} "
          f"{percentile(public, 99):>8.1f}")
    print(f"{'all desk':<20} {len(desk):>8} {len(desk) / seconds:>7.1f} "
          f"{percentile(desk, 50):>8.1f} {percentile(desk, 95):>8.1f} "
          f"{percentile(desk, 99):>8.1f}")
    print(f"{'total':<20} {len(samples):>8} {len(samples) / seconds:>7.1f}"
          f"{'':>27} {errors:>6}")
    return percentile(public, 95), percentile(desk, 95), errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--readers", type=int, default=35)
    parser.add_argument("--checkers", type=int, default=11)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause between one person's actions, seconds (0: none, "
                             "every client sends its next request at once: a stress test)")
    parser.add_argument("--verdicts", type=int, default=200, help="published verdicts to seed")
    parser.add_argument("--rated", type=int, default=40, help="rated claims waiting per editor")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="gunicorn threads per worker (1: sync workers, as shipped)")
    parser.add_argument("--postgres", default=POSTGRES, help="server to create the database on")
    args = parser.parse_args()
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be between 0 and {MAX_DURATION} seconds")
    clients = args.readers + args.checkers + args.editors
    if not 0 < clients <= MAX_CLIENTS or min(args.checkers, args.editors) < 1:
        parser.error(f"between 1 and {MAX_CLIENTS} clients, with at least one checker and editor")

    name, url = create_database(args.postgres)
    server = None
    try:
        began = time.perf_counter()
        desk = seed(url, checkers=args.checkers, editors=args.editors,
                    verdicts=args.verdicts, rated_each=args.rated)
        print(f"seeded {name} in {time.perf_counter() - began:.1f} s: {len(desk.slugs)} "
              f"published verdicts, {args.checkers} checkers, {args.editors} editors", flush=True)
        port = free_port()
        server = start_gunicorn(url, port, args.workers, args.threads)
        results = Results()
        people: list[Person] = []
        common = {"port": port, "results": results, "think": args.think}
        for n in range(args.readers):
            people.append(Reader(f"r{n}", seed=n, slugs=desk.slugs, **common))
        for n, who in enumerate(desk.checkers):
            people.append(Checker(f"c{n}", seed=1000 + n, email=who.email, password=PASSWORD,
                                  claims=who.claims, **common))
        for n, who in enumerate(desk.editors):
            people.append(Editor(f"e{n}", seed=2000 + n, email=who.email, password=PASSWORD,
                                 claims=who.claims, rating_id=desk.rating_id, **common))
        for person in people:
            person.start()
        for person in people:
            person.ready.wait(120)
        print(f"gunicorn on 127.0.0.1:{port} ({args.workers} workers × {args.threads} threads); "
              f"{clients} clients logged in; {args.duration:.0f} s of load, think time "
              f"{args.think:g} s", flush=True)
        start = time.monotonic()
        for person in people:
            person.deadline = start + args.duration
            person.go.set()
        for person in people:
            person.join(args.duration + 60)
        seconds = time.monotonic() - start

        public_p95, desk_p95, errors = report(results.samples, seconds)
        missing = lost_writes(url, results.acknowledged)
        acked = {kind: len(markers) for kind, markers in results.acknowledged.items()}
        print(f"\nacknowledged writes: {acked}")
        print(f"lost writes: {sum(missing.values())} {missing}")
        for failure in results.failures:
            print(f"  error: {failure}")
        print(f"\ngoal: errors 0 → {errors}; lost writes 0 → {sum(missing.values())}; "
              f"public p95 ≤ 50 ms → {public_p95:.1f} ms; desk p95 ≤ 200 ms → {desk_p95:.1f} ms")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        drop_database(args.postgres, name)


if __name__ == "__main__":
    main()
