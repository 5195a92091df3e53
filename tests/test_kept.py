"""What a process keeps between requests: used while fresh, dropped when old or crowded out."""

from __future__ import annotations

from factcheck.kept import Kept


def test_an_answer_is_used_until_it_is_too_old():
    now = [100.0]
    kept = Kept(size=4, max_age=60, clock=lambda: now[0])
    kept.put("dashboard", "drawn")
    now[0] += 60
    assert kept.get("dashboard") == "drawn"
    now[0] += 1
    assert kept.get("dashboard") is None


def test_the_least_recently_used_answer_makes_room():
    kept = Kept(size=2, max_age=60)
    kept.put("en", 1)
    kept.put("ru", 2)
    assert kept.get("en") == 1  # used: "ru" is now the least recent
    kept.put("uk", 3)
    assert (kept.get("en"), kept.get("ru"), kept.get("uk")) == (1, None, 3)
    kept.clear()
    assert kept.get("en") is None
