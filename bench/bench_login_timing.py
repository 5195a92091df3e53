"""Does a refused login take the same time for an unknown e-mail as for a wrong password?

If it did not, an attacker could tell which e-mails have accounts by timing the login form.
Builds a throwaway SQLite desk with one user whose password is hashed with the production
argon2 parameters (argon2-cffi's defaults, as ``factcheck.models.users`` uses them), then posts
the real login form (with its CSRF token) through the test client, alternating an unknown
e-mail and the known e-mail with a wrong password (in a random order each round, so drift in
the machine's load falls on both alike), and prints the median, p95 and mean of each in
milliseconds and the difference of the medians. The login throttle is turned off so every
attempt reaches the password check.

It ends with a verdict from the 95% bootstrap interval of the difference of the medians. When
the whole interval lies within ±``--tolerance`` per cent of the median (less than a network's
jitter hides), the two cannot be told apart: "no account-enumeration timing difference", exit
status 0. When it excludes zero and reaches beyond that, it says which one is slower (status
1). When it holds zero but is wider than that, the machine was too noisy to tell (status 2).

    python -m bench.bench_login_timing [--rounds 60] [--tolerance 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
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


def median_difference_interval(
    first: list[float], second: list[float], resamples: int = 2000
) -> tuple[float, float]:
    """95% bootstrap interval of median(first) - median(second) (seeded: the same figures
    give the same interval)."""
    pick = random.Random(20261201)  # noqa: S311  (resampling, not a secret)
    differences = sorted(
        statistics.median(pick.choices(first, k=len(first)))
        - statistics.median(pick.choices(second, k=len(second)))
        for _ in range(resamples)
    )
    return differences[int(resamples * 0.025)], differences[int(resamples * 0.975) - 1]


def verdict(unknown: list[float], wrong: list[float], tolerance: float) -> tuple[int, str]:
    """The exit status (0 same, 1 different, 2 too noisy to say) and the sentence saying so."""
    low, high = median_difference_interval(unknown, wrong)
    limit = statistics.median(wrong) * tolerance / 100
    interval = f"95% interval of the difference [{low:+.2f}, {high:+.2f}] ms"
    bound = f"±{tolerance:g}% of the median = ±{limit:.2f} ms"
    if -limit <= low and high <= limit:
        return 0, f"VERDICT: no account-enumeration timing difference ({interval}, within {bound})"
    if low <= 0 <= high:
        return 2, (f"VERDICT: INCONCLUSIVE, too noisy to tell ({interval}, wider than {bound}): "
                   "run more --rounds, on a quieter machine")
    slower = "an unknown e-mail" if low > 0 else "a wrong password"
    return 1, (f"VERDICT: TIMING DIFFERENCE: {slower} takes longer ({interval}, beyond "
               f"{bound}): e-mails with accounts can be told apart by timing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="attempts of each kind")
    parser.add_argument("--tolerance", type=float, default=5.0,
                        help="per cent of the median treated as no difference")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")
    order = random.Random(7)  # noqa: S311  (an order of attempts, not a secret)

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
            if order.random() < 0.5:
                unknown.append(attempt(client, f"nobody{n}@newsroom.example"))
                wrong.append(attempt(client, EMAIL))
            else:
                wrong.append(attempt(client, EMAIL))
                unknown.append(attempt(client, f"nobody{n}@newsroom.example"))
        with app.app_context():
            db.engine.dispose()

    print(describe("unknown e-mail", unknown))
    print(describe("known e-mail, wrong password", wrong))
    difference = statistics.median(unknown) - statistics.median(wrong)
    print(f"difference of medians (unknown - wrong): {difference:+.2f} ms "
          f"({difference / statistics.median(wrong) * 100:+.1f}%), over {args.rounds} rounds each")
    status, sentence = verdict(unknown, wrong, args.tolerance)
    print(sentence)
    sys.exit(status)


if __name__ == "__main__":
    main()
