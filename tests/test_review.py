"""`respell review` driven headlessly through Textual's pilot: what an editor accepts is written, exactly; what
they reject is remembered and not offered again until the text around it changes; quitting without writing
writes nothing."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import pytest

pytest.importorskip("textual", reason="respell review needs Textual (pip install -e '.[test]' installs it)")

from respell.cli import main  # noqa: E402
from respell.review import Session, review_app, session_for  # noqa: E402
from respell.runner import Settings  # noqa: E402

NEWS = ("The company launched a new satellite tv for pc last week.\n"
        "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n"
        "The launch went well.\n")


def drive(session: Session, *keys: str, edit: str | None = None) -> tuple[str | None, str]:
    """Press ``keys`` in a headless review (``edit``: text typed into the replacement box after the keys);
    returns the app's result and a screenshot (SVG text)."""
    app = review_app(session)
    shot = ""

    async def go() -> None:
        nonlocal shot
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            shot = html.unescape(app.export_screenshot()).replace("\xa0", " ")
            for k in keys:
                if k == "<type>":
                    box = app.query_one("#edit")
                    box.value = edit  # type: ignore[attr-defined]
                    await pilot.press("enter")
                else:
                    await pilot.press(k)
                await pilot.pause()
    asyncio.run(go())
    return app.return_value, shot


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    p = tmp_path / "news.txt"
    p.write_text(NEWS, encoding="utf-8")
    return p


def session(paths: list[str]) -> Session:
    return session_for(paths, Settings.build())


def test_accept_some_reject_others_writes_exactly_the_accepted(news: Path, capsys) -> None:
    s = session(["news.txt"])
    assert [(i.finding.text, i.finding.replacement) for i in s.items] == [
        ("satellite tv for pc", "satellite"), ("synthetic intelligence", "artificial intelligence"),
        ("machine studying", "machine learning")]
    result, shot = drive(s, "a", "r", "a", "w")
    assert result == "write"
    # the first finding was shown: where, the change, rule and confidence, the reason
    assert "news.txt:1:28" in shot and "satellite" in shot and "fingerprint, confidence 1.00" in shot
    assert news.read_text(encoding="utf-8") == (
        "The company launched a new satellite last week.\n"
        "Its engineers rely on synthetic intelligence and machine learning to plan orbits.\n"
        "The launch went well.\n")
    # the rejection is remembered: check no longer reports it, a new review does not offer it
    capsys.readouterr()
    assert main(["check", "--format", "jsonl", "news.txt"]) == 0
    assert capsys.readouterr().out == ""
    assert session(["news.txt"]).items == []
    # ... until the text around it changes
    news.write_text(news.read_text(encoding="utf-8").replace("rely on", "depend on"), encoding="utf-8")
    assert [i.finding.text for i in session(["news.txt"]).items] == ["synthetic intelligence"]


def test_edit_skip_undo_and_accept_all_of_a_phrase(tmp_path: Path, news: Path) -> None:
    (tmp_path / "b.txt").write_text(NEWS.replace("last week", "in May"), encoding="utf-8")
    s = session(["news.txt", "b.txt"])
    assert len(s.items) == 6
    # news.txt: edit the first (typed replacement), skip the second, reject then undo then accept the third;
    # b.txt: accept every "satellite tv for pc" left (one), reject every spinner-swap left (two)
    result, _ = drive(s, "e", "<type>", "s", "r", "u", "a", "A", "minus", "w", edit="satellite dish")
    assert result == "write"
    assert s.counts() == {"accepted": 3, "rejected": 2, "open": 1, "total": 6}
    assert news.read_text(encoding="utf-8") == NEWS.replace("satellite tv for pc", "satellite dish").replace(
        "machine studying", "machine learning")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == NEWS.replace("last week", "in May").replace(
        "satellite tv for pc", "satellite")


def test_accept_all_of_a_rule_then_quit_and_discard_writes_nothing(tmp_path: Path, news: Path) -> None:
    s = session(["news.txt"])
    result, _ = drive(s, "plus", "q", "d")
    assert result == "discard"
    assert news.read_text(encoding="utf-8") == NEWS
    assert not (tmp_path / ".respell-decisions.json").exists()


def test_quit_midway_and_write_keeps_only_what_was_accepted(news: Path) -> None:
    s = session(["news.txt"])
    result, _ = drive(s, "s", "a", "q", "w")
    assert result == "write"
    assert news.read_text(encoding="utf-8") == NEWS.replace("synthetic intelligence", "artificial intelligence")


def test_a_file_changed_during_the_review_is_not_overwritten_and_the_others_are_written(tmp_path: Path,
                                                                                       news: Path) -> None:
    (tmp_path / "b.txt").write_text(NEWS, encoding="utf-8")
    s = session(["news.txt", "b.txt"])
    news.write_text(NEWS + "A line the user added in an editor meanwhile.\n", encoding="utf-8")
    assert s.counts()["total"] == 6
    for item in s.items:
        item.decision = "accept"
    assert s.save() == [
        "respell: error: news.txt: changed while respell was running; not written (run respell again)",
        "respell: fixed b.txt (3 edits)"]
    assert news.read_text(encoding="utf-8") == NEWS + "A line the user added in an editor meanwhile.\n"
    assert "machine learning" in (tmp_path / "b.txt").read_text(encoding="utf-8")


def test_review_refuses_stdin_and_a_pipe(news: Path, capsys) -> None:
    assert main(["review", "-"]) == 2
    assert main(["review", "news.txt"]) == 2  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "respell: error: review reads the keyboard: name files or directories, not - (stdin)",
        "respell: error: review needs a terminal; for scripts use check, diff or fix (with --decisions FILE)"]


def test_review_starts_from_an_exported_decisions_file(tmp_path: Path, news: Path) -> None:
    from respell import decisions as D
    first = session(["news.txt"])
    exported = D.Decisions(tmp_path / "exported.json")
    exported.record(NEWS, first.items[0].finding, D.ACCEPT, "news.txt", write="satellite dish")
    exported.record(NEWS, first.items[2].finding, D.REJECT, "news.txt")
    exported.save()
    s = session_for(["news.txt"], Settings.build(decisions=tmp_path / "exported.json"))
    # the rejected finding is not offered at all, the accepted one is decided already: one finding is left
    assert [(i.finding.text, i.decision, i.preset) for i in s.items] == [
        ("satellite tv for pc", "accept", True), ("synthetic intelligence", None, False)]
    assert s.current is s.items[1]
    result, _ = drive(s, "r", "w")
    assert result == "write"
    assert news.read_text(encoding="utf-8") == NEWS.replace("satellite tv for pc", "satellite dish")
