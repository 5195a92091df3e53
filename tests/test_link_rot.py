"""Link rot: the periodic check fetches every evidence URL again from a real local server and
reports pages that went away or changed — on the claim page, the dashboard, the queue and the
public verdict page (which then links to the archived copy)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from factcheck.archive.linkcheck import schedule_link_checks
from factcheck.models import Claim, Event, Evidence, Job, utcnow
from factcheck.operations import claims as claim_ops
from factcheck.operations import publishing
from factcheck.workflow import Role
from tests.archive_helpers import PAGE
from tests.dashboard_helpers import data_rows, description
from tests.evidence_helpers import page_text, site_fixture, sqlite_jobs_fixture  # noqa: F401
from tests.jobs_helpers import work


def cited(desk, session, jobs, url: str, *, publish: bool = False, public: bool = True):  # type: ignore[no-untyped-def]
    """A claim whose one source is ``url``, captured by the worker; published if asked."""
    checker = desk.user(Role.CHECKER)
    editor = desk.editor()
    claim = desk.claim(assignee=checker, editor=editor)
    evidence = desk.evidence(claim, checker, url=url, is_public=public,
                             private_reason=None if public else "Off the record")
    if publish:
        claim_ops.mark_sourced(session, checker, claim, claim.version)
        publishing.rate(session, checker, claim, claim.version, rating=desk.rating("False"),
                       summary="No such detentions.", explanation="Customs data.")
        publishing.publish(session, editor, claim, claim.version)
    session.commit()
    work(jobs)
    session.expire_all()
    assert evidence.capture is not None, evidence.capture_error
    return claim, evidence


def a_week_later(session) -> None:  # type: ignore[no-untyped-def]
    """Every check is now older than the interval."""
    session.execute(update(Evidence).values(link_checked_at=utcnow() - timedelta(days=8)))
    session.commit()


def run_checks(session, jobs) -> list[str]:  # type: ignore[no-untyped-def]
    """What the hourly schedule does, then the worker; the hosts sent."""
    hosts = schedule_link_checks(session)
    session.commit()
    work(jobs)
    session.expire_all()
    return hosts


def test_a_page_that_goes_away_after_capture_is_reported_gone(
    desk, session, site, jobs, as_user
):
    claim, evidence = cited(desk, session, jobs, site.url("/news/vanishing"))
    healthy, _ = cited(desk, session, jobs, site.url("/news/customs"))
    site.gone.add("/news/vanishing")
    a_week_later(session)

    assert run_checks(session, jobs) == ["127.0.0.1"]

    assert (evidence.link_state, evidence.link_status) == ("gone", 404)
    note = session.scalars(
        select(Event.note).where(Event.claim_id == claim.id, Event.kind == "evidence_link_checked")
    ).one()
    assert "HTTP 404" in note
    client = as_user(desk.editor())
    page = page_text(client.get(f"/claims/{claim.id}"))
    assert "Gone" in page and "HTTP 404" in page and "Open the archived copy" in page
    html = client.get("/dashboard").get_data(as_text=True)
    assert data_rows(html, "sources") == {
        "Gone": ["1"], "Changed since capture": ["0"], "Live, unchanged": ["1"]}
    assert "Gone: 1; Changed since capture: 0; Live, unchanged: 1." in description(
        html, "sources")
    dashboard = page_text(client.get("/dashboard"))
    assert "Sources gone or changed" in dashboard and f"#{claim.id} " in dashboard
    assert f"#{healthy.id} " not in dashboard
    queue = page_text(client.get("/desk?state=all&rotten=1"))
    assert f"/claims/{claim.id}" in queue and f"/claims/{healthy.id}\"" not in queue


def test_a_page_that_changes_is_reported_changed(desk, session, site, jobs):
    claim, evidence = cited(desk, session, jobs, site.url("/news/changing"))
    site.versions["/news/changing"] = PAGE.replace(b"No wagons.", b"1,500 wagons.")
    a_week_later(session)

    run_checks(session, jobs)

    assert (evidence.link_state, evidence.link_status) == ("changed", 200)
    assert evidence.capture.sha256 != ""  # the capture is kept as it was
    assert session.scalars(select(Claim.id).where(Claim.evidence.any(
        Evidence.link_state == "changed"))).all() == [claim.id]


def test_an_unchanged_page_is_checked_again_only_after_the_interval(desk, session, site, jobs):
    _, evidence = cited(desk, session, jobs, site.url("/news/customs"))
    asked = len(site.server.paths)

    assert run_checks(session, jobs) == []  # captured just now: not due
    assert len(site.server.paths) == asked

    a_week_later(session)
    assert run_checks(session, jobs) == ["127.0.0.1"]
    assert evidence.link_state == "ok" and len(site.server.paths) == asked + 1
    assert evidence.link_checked_at > utcnow() - timedelta(minutes=5)


def test_the_interval_is_a_setting(app, desk, session, site, jobs):
    cited(desk, session, jobs, site.url("/news/customs"))
    session.execute(update(Evidence).values(link_checked_at=utcnow() - timedelta(days=2)))
    session.commit()

    assert schedule_link_checks(session) == []
    app.config["LINK_CHECK_DAYS"] = 1
    assert schedule_link_checks(session) == ["127.0.0.1"]


def test_one_host_gets_one_request_at_a_time_with_a_pause(desk, session, site, jobs):
    for path in ("/news/customs", "/news/changing", "/news/other"):
        cited(desk, session, jobs, site.url(path))
    a_week_later(session)
    site.times.clear()

    assert schedule_link_checks(session) == ["127.0.0.1"]
    session.commit()
    assert schedule_link_checks(session) == []  # that host's job is still waiting
    session.commit()
    assert len(session.scalars(select(Job).where(Job.name == "archive.check_host")).all()) == 1
    work(jobs)

    assert len(site.times) == 3 and site.most_in_flight == 1
    gaps = [b - a for a, b in zip(site.times, site.times[1:], strict=False)]
    assert min(gaps) >= 0.2


def test_a_source_whose_capture_failed_is_captured_by_the_next_check(desk, session, site, jobs):
    site.gone.add("/news/vanishing")
    checker = desk.user(Role.CHECKER)
    claim = desk.claim(assignee=checker)
    evidence = desk.evidence(claim, checker, url=site.url("/news/vanishing"))
    session.commit()
    work(jobs)
    session.expire_all()
    assert evidence.capture_state == "failed"
    site.gone.clear()

    run_checks(session, jobs)  # never checked: due at once

    assert evidence.capture_state == "captured" and evidence.link_state == "ok"


def test_the_schedule_runs_hourly_on_hueys_scheduler(jobs, desk, session, site):
    cited(desk, session, jobs, site.url("/news/customs"))
    a_week_later(session)
    now = utcnow().replace(tzinfo=None)

    periodic = {t.name: t for t in jobs.read_periodic(now.replace(minute=23, second=0))}
    assert "schedule_link_checks" not in {
        t.name for t in jobs.read_periodic(now.replace(minute=22, second=0))
    }
    jobs.execute(periodic["schedule_link_checks"])

    assert session.scalars(select(Job.args).where(Job.name == "archive.check_host")).all() == [
        {"host": "127.0.0.1"}
    ]


def test_the_public_page_links_a_gone_source_to_the_archived_copy(
    app, desk, session, site, jobs, client
):
    claim, evidence = cited(desk, session, jobs, site.url("/news/vanishing"), publish=True)
    page = page_text(client.get(f"/verdicts/{claim.slug}"))
    assert "archived copy" not in page  # live and unchanged: the live link is enough

    site.gone.add("/news/vanishing")
    a_week_later(session)
    run_checks(session, jobs)

    page = page_text(client.get(f"/verdicts/{claim.slug}"))
    archived = f"/verdicts/{claim.slug}/sources/{evidence.id}/archived"
    assert "This page is no longer available" in page and f'href="{archived}"' in page
    copy = client.get(archived)
    assert copy.status_code == 200 and copy.data == PAGE
    assert copy.headers["Content-Disposition"].startswith("attachment")
    assert copy.headers["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_archived_copies_are_public_only_for_public_sources_of_published_verdicts(
    desk, session, site, jobs, client
):
    draft, draft_evidence = cited(desk, session, jobs, site.url("/news/customs"))
    published, _ = cited(desk, session, jobs, site.url("/news/other"), publish=True)
    private_claim, private_evidence = cited(desk, session, jobs, site.url("/news/changing"),
                                            publish=True, public=False)

    for slug, evidence_id in (
        (draft.slug, draft_evidence.id),              # not published
        (published.slug, draft_evidence.id),          # another claim's source
        (private_claim.slug, private_evidence.id),    # kept off the public page
    ):
        response = client.get(f"/verdicts/{slug}/sources/{evidence_id}/archived")
        assert response.status_code == 404, (slug, evidence_id)
