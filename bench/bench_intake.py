"""Intake at scale: 50 outlets × 100 items polled, extracted and given their fast (lexical)
suggestions by one worker, from a local feed server.

Builds a throwaway database (SQLite by default, ``--backend postgresql`` for the local
server), starts a local news site with ``--outlets`` RSS feeds of ``--items`` distinct
articles each, adds the outlets, and starts one worker (``flask worker``, a separate process
with ``--threads`` threads, ``FACTCHECK_ENCODER=none`` so only the fast lexical scorer runs).
The clock starts when the polls are queued (as the scheduler does every minute) and stops
when every feed item is stored. Prints the articles per minute, the worker's peak resident
memory (VmHWM) and, separately, the throughput of the slower model scoring (the sentence
encoder's second opinion) over a sample of the stored articles. Goal: ≤ 5 minutes.

    python -m bench.bench_intake [--outlets 50] [--items 100] [--threads 4] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from bench.bench_public_feed import POSTGRES, database
from factcheck import create_app
from factcheck.extensions import db
from factcheck.intake.jobs import schedule_due_outlets
from factcheck.models import Article, Job, JobState, OutletItem
from factcheck.models.intake import ItemState
from factcheck.operations.outlets import add_outlet
from factcheck.suggestions import suggest_sentences
from tests.http_server import Handler, LocalServer, serve

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 300
SUBJECTS = ["The ministry", "Alexander Lukashenko", "The central bank", "Customs officers",
            "The railway company", "A government spokesperson", "The statistics office"]
VERBS = ["said", "stated", "claimed", "announced", "reported", "insisted"]
OBJECTS = ["wagons were detained at the border", "tonnes of grain left the port",
           "people crossed the border", "cars were inspected", "jobs were created",
           "million roubles were spent on roads", "percent more potash was exported"]
FILLER = ["The meeting lasted most of the afternoon.", "Reporters waited outside the building.",
          "The weather in the capital stayed mild.", "Further talks are planned for the spring.",
          "Officials did not take questions afterwards."]


def article_text(outlet: int, item: int) -> list[str]:
    """About 20 sentences of news, unique to this outlet and item (so none is a duplicate)."""
    rng = random.Random(outlet * 100_003 + item)
    paragraphs = []
    for p in range(6):
        sentences = []
        for _ in range(3):
            if rng.random() < 0.5:
                sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that "
                                 f"{rng.randint(2, 90_000):,} {rng.choice(OBJECTS)}.")
            else:
                sentences.append(rng.choice(FILLER))
        if p == 0:
            sentences.append(f"This is report {item} of outlet {outlet}.")
        paragraphs.append(" ".join(sentences))
    return paragraphs


def news_site(outlets: int, items: int) -> LocalServer:
    """Feeds at ``/feed/<outlet>.rss`` and article pages at ``/a/<outlet>/<item>``."""
    site = LocalServer()

    def feed(h: Handler, outlet: int) -> None:
        entries = "".join(
            f"<item><title>Report {i}</title><link>{site.base}/a/{outlet}/{i}</link>"
            f"<guid>{site.base}/a/{outlet}/{i}</guid></item>" for i in range(items)
        )
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {outlet}'
                f"</title><link>{site.base}/</link>{entries}</channel></rss>").encode()
        h.send_bytes(200, body, "application/rss+xml")

    def page(h: Handler, outlet: int, item: int) -> None:
        text = "".join(f"<p>{p}</p>" for p in article_text(outlet, item))
        body = (f'<!doctype html><html lang="en"><head><title>Report {item} | Outlet {outlet}'
                f'</title><meta property="og:site_name" content="Outlet {outlet}"></head><body>'
                f"<nav><a href='/'>Home</a></nav><article><h1>Report {item}</h1>{text}"
                f"</article><footer>About us</footer></body></html>").encode()
        h.send_bytes(200, body, "text/html; charset=utf-8")

    class Routes(dict):  # type: ignore[type-arg]
        """Paths answered by pattern rather than listed one by one."""

        def get(self, path: str, default=None):  # type: ignore[no-untyped-def, override]
            parts = path.strip("/").split("/")
            if parts[0] == "feed" and len(parts) == 2:
                return lambda h: feed(h, int(parts[1].split(".")[0]))
            if parts[0] == "a" and len(parts) == 3:
                return lambda h: page(h, int(parts[1]), int(parts[2]))
            return default

    site.routes = Routes()
    return site


@contextmanager
def worker(env: dict[str, str], threads: int, log: Path):  # type: ignore[no-untyped-def]
    """``flask worker`` in its own process, its log written to ``log``; stopped (and reaped)
    on exit. (Not a pipe: nobody reads it while the bench runs, and once its 64 KB buffer is
    full the worker blocks on its next log line — the whole bench then stalls.)"""
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", str(threads)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=output,
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux ``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(backend: str, outlets: int, items: int, threads: int, sample: int) -> None:
    with database(backend, POSTGRES) as url, tempfile.TemporaryDirectory() as folder, \
            serve(news_site(outlets, items)) as site:
        env = {**os.environ, "DATABASE_URL": url, "FETCH_ALLOW_PRIVATE": "1",
               "FACTCHECK_ENCODER": "none", "FACTCHECK_JOBS_URL": f"sqlite:///{folder}/jobs.db",
               "FACTCHECK_SECRET_KEY": "bench", "FACTCHECK_SITE_URL": "http://bench.test"}
        os.environ.update({k: env[k] for k in ("FETCH_ALLOW_PRIVATE", "FACTCHECK_ENCODER")})
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "JOBS_URL": env["FACTCHECK_JOBS_URL"], "SITE_URL": "http://bench.test"})
        with app.app_context():
            upgrade()
            for n in range(outlets):
                add_outlet(db.session, None, f"{site.base}/feed/{n}.rss", f"Outlet {n}")
            db.session.commit()
            total = outlets * items
            log = Path(folder) / "worker.log"
            with worker(env, threads, log) as process:
                time.sleep(3)  # the worker is up and waiting before the clock starts
                started = time.perf_counter()
                schedule_due_outlets()
                done, last_report = 0, started
                while done < total:
                    time.sleep(1)
                    if process.poll() is not None:
                        raise SystemExit(log.read_text(errors="replace")[-3000:])
                    done = db.session.scalar(select(func.count(OutletItem.id)).where(
                        OutletItem.state != ItemState.NEW)) or 0
                    db.session.rollback()
                    if time.perf_counter() - last_report > 30:
                        last_report = time.perf_counter()
                        print(f"  … {done}/{total} after {last_report - started:.0f} s",
                              flush=True)
                elapsed = time.perf_counter() - started
                peak = peak_rss_mb(process.pid)
            stored = db.session.scalar(select(func.count(Article.id)))
            failed = db.session.scalar(select(func.count(OutletItem.id)).where(
                OutletItem.state == ItemState.FAILED))
            failed_jobs = db.session.scalar(select(func.count(Job.id)).where(
                Job.state == JobState.FAILED))
            print(f"backend {backend}: {outlets} outlets × {items} items, one worker with "
                  f"{threads} threads, lexical suggestions")
            print(f"  {stored} articles stored in {elapsed:.1f} s "
                  f"({stored / elapsed * 60:.0f} articles/minute); goal ≤ {GOAL_SECONDS} s: "
                  f"{'met' if elapsed <= GOAL_SECONDS else 'MISSED'}")
            print(f"  items failed {failed}, jobs failed {failed_jobs}")
            print(f"  worker peak RSS {peak:.0f} MB")
            bodies = list(db.session.scalars(select(Article.body).limit(sample)))
        os.environ.pop("FACTCHECK_ENCODER")
        suggest_sentences(bodies[0])  # load the encoder before timing
        started = time.perf_counter()
        for body in bodies:
            suggest_sentences(body, use_encoder=True)
        model = time.perf_counter() - started
        print(f"  model scoring (encoder's second opinion, in this process): {len(bodies)} "
              f"articles in {model:.1f} s ({len(bodies) / model * 60:.0f} articles/minute)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outlets", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sample", type=int, default=200, help="articles for model scoring")
    args = parser.parse_args()
    run(args.backend, args.outlets, args.items, args.threads, args.sample)


if __name__ == "__main__":
    main()
