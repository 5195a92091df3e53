"""Social-media noise goes before a post is matched; the words of the claim stay."""

from __future__ import annotations

import pytest

from factcheck.matching.clean import clean


@pytest.mark.parametrize(("post", "cleaned"), [
    # links of every shape
    ("Look at this https://t.co/RDCRlsgKPD pic.twitter.com/qDBdWh0RdO www.example.com/a",
     "Look at this"),
    # the embedded-post sign-off: the name stays (claims often say who posted), the rest goes
    ("Newborn named an emoji: 😍😍 — Game IU IU (@GameIUIU) January 30, 2019",
     "Newborn named an emoji: Game IU IU"),
    # a sign-off inside the quotes a CSV export adds, with its doubled quotes
    ('"Sergeant tells me: ""these are not protestors"" — Erin Burnett (@ErinBurnett) '
     'September 22, 2016"', '"Sergeant tells me: "these are not protestors" Erin Burnett'),
    # hashtags run together are split into words, handles lose the sign
    ("citizen.#ImpeachTrump#StopTheHate thanks @AMC_Theatres",
     "citizen. Impeach Trump Stop The Hate thanks AMC Theatres"),
    ("RT: Vote #Vote2020 #USArmy", "Vote Vote 2020 US Army"),
    # quotation marks of every style read as one; apostrophes inside words stay apostrophes
    ("Trump Jr. called teachers 'losers'", 'Trump Jr. called teachers "losers"'),
    ("‘Family Matters’ star didn’t die, “Snopes’s” rating",
     '"Family Matters" star didn\'t die, "Snopes\'s" rating'),
    ("", ""),
])
def test_clean(post: str, cleaned: str) -> None:
    assert clean(post) == cleaned
