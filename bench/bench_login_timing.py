"""Does a refused login take the same time for an unknown e-mail as for a wrong password?

If it did not, an attacker could tell which e-mails have accounts by timing the login form.
Builds a throwaway SQLite desk with one user whose password is hashed with the production
argon2 parameters (argon2-cffi's defaults, as ``factcheck.models.users`` uses them), then posts
the real login form (with its CSRF token) through the test client, alternating an unknown
e-mail and the known e-mail with a wrong password, and prints the median, p95 and mean of each
in milliseconds and the difference of the medians. The login throttle is turned off so every
attempt reaches the password check.

    python -m bench.bench_login_timing [--rounds 60]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from flask.testing import FlaskClient
from flask_migrate import upgrade

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import users
from factcheck.operations.desk import create_user
from factcheck.workflow import Role

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
EMAIL = "checker@newsroom.example"
PASSWORD = "correct horse battery"  # noqa: S105  (a throwaway benchmark account)


def attempt(client: FlaskClient, email: str) -> float:
    """Post the login form with a wrong password; return the milliseconds the POST took."""
    page = client.get("/login").get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, "no CSRF token on the login page"
    form = {"csrf_token": match.group(1), "email": email, "password": "a wrong guess entirely"}
    start = time.perf_counter()
    response = client.post("/login", data=form)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 401, response.status_code
    return elapsed


def describe(label: str, times: list[float]) -> str:
    """One line: median, p95 and mean in milliseconds."""
    p95 = statistics.quantiles(times, n=20)[-1]
    return (f"{label:<28} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   "
            f"mean {statistics.fmean(times):7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="attempts of each kind")
    args = parser.parse_args()

    hasher = users._hasher
    print(f"argon2 parameters: time_cost={hasher.time_cost} memory_cost={hasher.memory_cost} KiB "
          f"parallelism={hasher.parallelism}")
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite'}",
            "RATELIMIT_ENABLED": False,
        })
        with app.app_context():
            upgrade()
            create_user(db.session, EMAIL, "Checker", Role.CHECKER, PASSWORD)
            db.session.commit()
        client = app.test_client()
        for _ in range(3):  # warm up: templates, the dummy hash, the connection pool
            attempt(client, "nobody@newsroom.example")
            attempt(client, EMAIL)
        unknown: list[float] = []
        wrong: list[float] = []
        for n in range(args.rounds):
            unknown.append(attempt(client, f"nobody{n}@newsroom.example"))
            wrong.append(attempt(client, EMAIL))
        with app.app_context():
            db.engine.dispose()

    print(describe("unknown e-mail", unknown))
    print(describe("known e-mail, wrong password", wrong))
    difference = statistics.median(unknown) - statistics.median(wrong)
    print(f"difference of medians (unknown - wrong): {difference:+.2f} ms "
          f"({difference / statistics.median(wrong) * 100:+.1f}%), over {args.rounds} rounds each")


if __name__ == "__main__":
    main()
