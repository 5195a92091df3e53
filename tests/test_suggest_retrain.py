"""``flask suggest retrain``: the desk's decisions refine its suggestions; the admin page shows it.

Runs on both databases, against the real demo desk (its claims quoted from articles and the
suggestions its editor rejected) and against decisions made through the desk's own pages.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from factcheck.demo.interview import REJECTED_OPENINGS
from factcheck.demo.loader import load_demo
from factcheck.models import RejectedSuggestion, SuggestionModel
from factcheck.operations.retrain import active_desk_model, desk_decisions, retrain
from factcheck.operations.suggestions import article_suggestions, reject_suggestion
from factcheck.suggestions import suggest_sentences
from factcheck.workflow import Role


def test_demo_desk_has_accepted_and_rejected_decisions(session):
    load_demo(session)
    session.commit()
    decisions = desk_decisions(session)
    assert sum(d.label == 0 for d in decisions) == len(REJECTED_OPENINGS)
    assert sum(d.label == 1 for d in decisions) >= 5
    assert session.scalar(select(func.count()).select_from(RejectedSuggestion)) == len(
        REJECTED_OPENINGS
    )


def test_retrain_on_the_demo_reports_before_and_after_and_is_stored(runner, session):
    load_demo(session)
    session.commit()
    result = runner.invoke(args=["suggest", "retrain"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("decisions: ")
    assert any(line.startswith("before: log_loss ") for line in lines)
    assert any(line.startswith("after: log_loss ") for line in lines)
    assert lines[-1].startswith(("kept: ", "not kept: "))
    run = session.scalar(select(SuggestionModel))
    assert run is not None
    assert run.decisions == len(desk_decisions(session))
    assert 0 < run.heldout_decisions < run.decisions
    assert run.kept == lines[-1].startswith("kept: ")
    assert (run.weights is not None) == run.kept
    assert (active_desk_model(session) is not None) == run.kept


def test_too_few_decisions_change_nothing_and_say_so(runner, session, desk):
    desk.article("Prices rose 5% in 2021. I think it is great.")
    session.commit()
    result = runner.invoke(args=["suggest", "retrain"])
    assert result.exit_code == 0, result.output
    assert "not retrained: need at least 8 decisions" in result.output
    run = session.scalar(select(SuggestionModel))
    assert run is not None and not run.kept and run.weights is None
    assert active_desk_model(session) is None


def test_a_kept_model_only_when_better_and_it_changes_the_desks_suggestions(session, desk):
    editor = desk.editor()
    article = desk.article(
        "\n".join(
            f"The agency reported that {n} new schools opened in region {n}."
            for n in range(2, 40)
        )
    )
    session.commit()
    before = article_suggestions(session, article)
    assert before, "the shipped model suggests these sentences"
    for suggestion in before:  # this desk never checks school openings
        reject_suggestion(session, editor, article, suggestion.start, suggestion.end)
    for n in range(30, 38):  # ...but it does check arrests
        sentence = f"Police detained {n} people after the protest, the ministry said."
        other = desk.article(sentence)
        desk.claim(editor=editor, statement=f"{n} detained", article=other, quote_start=0,
                   quote_end=len(sentence))
    session.commit()
    result = retrain(session)
    session.commit()
    run = result.run
    assert run.before["log_loss"] > run.after["log_loss"]
    assert run.kept
    model = active_desk_model(session)
    assert model is not None
    fresh = desk.article("The agency reported that 41 new schools opened in region 41.")
    session.commit()
    [verdict] = suggest_sentences(fresh.body, desk=model)
    assert any(r.startswith("this desk usually rejects such sentences") for r in verdict.reasons)


def test_admin_page_shows_when_retraining_last_ran_and_its_figures(
    client, login, session, desk, runner
):
    admin = desk.user(Role.ADMIN)
    session.commit()
    login(client, admin)
    page = client.get("/admin/suggestions").get_data(as_text=True)
    assert "Never retrained on this desk" in page
    load_demo(session)
    session.commit()
    assert runner.invoke(args=["suggest", "retrain"]).exit_code == 0
    run = session.scalar(select(SuggestionModel))
    page = client.get("/admin/suggestions").get_data(as_text=True)
    assert f'<time datetime="{run.trained_at:%Y-%m-%dT%H:%M:%S}Z"' in page
    assert "Ran <time" in page and ">just now</time> on" in page
    assert f"on {run.decisions} decisions ({run.heldout_decisions} held out)" in page
    assert f"<td>{run.before['log_loss']}</td>" in page
    assert f"<td>{run.after['log_loss']}</td>" in page


def test_admin_page_is_for_admins_only(client, login, session, desk):
    editor = desk.editor()
    session.commit()
    login(client, editor)
    assert client.get("/admin/suggestions").status_code == 403


def test_suggest_file_contract_is_unchanged_beside_retrain(runner, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Prices rose 5% in 2021.\nI think it is great.\n", encoding="utf-8")
    result = runner.invoke(args=["suggest", str(path), "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["suggested"] for r in rows] == [True, False]
    assert list(rows[0]) == ["start", "end", "text", "score", "suggested", "reasons"]
    text = runner.invoke(args=["suggest", str(path)])
    assert text.exit_code == 0 and text.output.startswith("* ")
