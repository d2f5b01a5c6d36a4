"""`respell review`: an editor takes or leaves each finding, one at a time, and only accepted fixes are written.

Two parts: ``Session`` holds the review's state (every finding of every file in order, each accepted, rejected
or undecided, with an undo history) and writes the outcome; ``ReviewApp`` is the terminal interface over it,
built on Textual (see the README for why).  Accepted fixes are written as ``fix`` writes them
(``files.write_atomic``), through the one ``plan.apply``; rejected findings are remembered in the project's
decisions file (``respell.decisions``) so that later ``check`` and ``review`` runs do not offer them again.

This module (and Textual) is imported only by ``respell review``: ``check`` never pays for it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import decisions as D
from .files import InputError, Source, write_atomic
from .plan import Finding, apply
from .render.report import local_reason, sentence_around, shown

ACCEPT, REJECT = D.ACCEPT, D.REJECT


@dataclass
class Item:
    """One finding under review: where it is, the document's spin, and what the editor decided."""
    source: Source
    finding: Finding
    spin: float
    decision: str | None = None
    write: str | None = None      # the editor's own replacement, when edited
    preset: bool = False          # decided by a --decisions file before the review started

    @property
    def replacement(self) -> str:
        return self.finding.replacement if self.write is None else self.write


@dataclass
class Session:
    """The findings under review and what the editor decided; ``pos`` is the finding shown."""

    items: list[Item]
    min_confidence: float = 0.8
    decisions_path: Path | None = None
    pos: int = 0
    history: list[tuple[int, list[tuple[int, str | None, str | None]]]] = field(default_factory=list)

    @classmethod
    def build(cls, analysed: Iterable[tuple[Source, Any]], min_confidence: float, decisions_path: Path | None,
              prior: D.Decisions | None = None) -> "Session":
        items = []
        for src, a in analysed:
            for f in a.findings:
                if f.replacement == f.text:
                    continue
                it = Item(src, f, a.spin.score)
                e = prior.get(src.text, f) if prior else None
                if e is not None:
                    it.decision, it.write, it.preset = e["decision"], e.get("write"), True
                items.append(it)
        s = cls(items, min_confidence, decisions_path)
        s.pos = s._next_open(0)
        return s

    # ------------------------------------------------------------------------------------------ navigation
    def _next_open(self, start: int) -> int:
        for i in range(start, len(self.items)):
            if self.items[i].decision is None:
                return i
        return len(self.items)

    @property
    def current(self) -> Item | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def counts(self) -> dict[str, int]:
        acc = sum(1 for i in self.items if i.decision == ACCEPT)
        rej = sum(1 for i in self.items if i.decision == REJECT)
        return {"accepted": acc, "rejected": rej, "open": len(self.items) - acc - rej, "total": len(self.items)}

    # ------------------------------------------------------------------------------------------- decisions
    def _decide(self, indices: list[int], decision: str | None, write: str | None = None) -> None:
        before = [(i, self.items[i].decision, self.items[i].write) for i in indices]
        self.history.append((self.pos, before))
        for i in indices:
            self.items[i].decision = decision
            self.items[i].write = write if decision == ACCEPT else None
        self.pos = self._next_open(self.pos + 1 if decision is None else self.pos)

    def accept(self, write: str | None = None) -> None:
        if self.current is not None:
            self._decide([self.pos], ACCEPT, write)

    def reject(self) -> None:
        if self.current is not None:
            self._decide([self.pos], REJECT)

    def skip(self) -> None:
        """Leave this finding undecided (it is neither written nor remembered) and go on."""
        if self.current is not None:
            self.history.append((self.pos, []))
            self.pos = self._next_open(self.pos + 1)

    def decide_all(self, decision: str, by: str) -> int:
        """Accept or reject this finding and every later undecided one of the same phrase (``by="phrase"``:
        same text and replacement) or the same rule (``by="rule"``); returns how many."""
        cur = self.current
        if cur is None:
            return 0
        f = cur.finding

        def same(g: Finding) -> bool:
            return g.rule == f.rule if by == "rule" else (g.text.lower(), g.replacement) == (
                f.text.lower(), f.replacement)
        idx = [i for i in range(self.pos, len(self.items))
               if self.items[i].decision is None and same(self.items[i].finding)]
        self._decide(idx, decision)
        return len(idx)

    def undo(self) -> bool:
        if not self.history:
            return False
        pos, before = self.history.pop()
        for i, decision, write in before:
            self.items[i].decision, self.items[i].write = decision, write
        self.pos = pos
        return True

    # ------------------------------------------------------------------------------------------ outcome
    def save(self) -> list[str]:
        """Write every file with accepted fixes (atomically), remember the rejected findings; one line per
        file written, for the user (``respell: error: ...`` for a file that could not be written, the others
        are still written)."""
        lines = []
        by_source: dict[int, list[Item]] = {}
        for it in self.items:
            by_source.setdefault(id(it.source), []).append(it)
        known = D.load(self.decisions_path, missing_ok=True) if self.decisions_path else None
        for items in by_source.values():
            src = items[0].source
            edits = [_as_edit(it) for it in items if it.decision == ACCEPT]
            new = apply(src.text, edits, 0.0)
            if new != src.text:
                if src.path == "-":
                    sys.stdout.write(new)
                else:
                    try:
                        write_atomic(src, new)
                    except InputError as e:  # (edited elsewhere during the review, read-only, full disk)
                        lines.append(f"respell: error: {e}")
                        continue  # nothing of this file written or remembered
                    lines.append(f"respell: fixed {src.path} ({len(edits)} edit{'s' if len(edits) != 1 else ''})")
            if known is not None and src.path != "-":
                written = [e for e in edits if e.replacement != e.text]
                for it in items:
                    if it.decision == REJECT:
                        known.record(new, it.finding, REJECT, src.path, start=D.rebased(written, it.finding))
        if known is not None and any(it.decision == REJECT for it in self.items):
            known.save()
        return lines


def _as_edit(it: Item) -> Finding:
    from dataclasses import replace
    return replace(it.finding, fixable=True, replacement=it.replacement)


# ------------------------------------------------------------------------------------------------- terminal

def describe(session: Session) -> Any:
    """The current finding as rich Text: where, the sentence with the change marked, rule and confidence, the
    reason, the rivals."""
    from rich.text import Text
    it = session.current
    c = session.counts()
    out = Text()
    if it is None:
        out.append("Every finding has been looked at.\n\n", style="bold")
        out.append(f"{c['accepted']} accepted, {c['rejected']} rejected, {c['open']} skipped.\n\n")
        out.append("w", style="bold reverse")
        out.append(" write the accepted fixes   ")
        out.append("d", style="bold reverse")
        out.append(" discard: write nothing   ")
        out.append("u", style="bold reverse")
        out.append(" undo the last decision\n")
        return out
    f, text = it.finding, it.source.text
    line = text.count("\n", 0, f.start) + 1
    col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
    n = session.pos + 1
    out.append(f"{it.source.path}:{line}:{col}", style="bold cyan")
    out.append(f"   finding {n} of {c['total']}   {c['accepted']} accepted, {c['rejected']} rejected\n\n",
               style="dim")
    s, e = sentence_around(text, f.start, f.end)
    out.append(text[s:f.start].replace("\n", " "))
    out.append(shown(f.text), style="bold red strike")
    out.append(shown(it.replacement) if it.replacement else "", style="bold green")
    out.append(text[f.end:e].replace("\n", " ") + "\n\n")
    out.append(f"  {shown(f.text)}", style="red")
    out.append("  ->  ")
    out.append(f"{shown(it.replacement) if it.replacement else '(remove)'}\n", style="bold green")
    applied = f.applies_at(session.min_confidence)
    out.append(f"  {f.rule}, confidence {f.confidence:.2f}", style="bold")
    out.append("  (fix would apply it)\n" if applied else "  (report only: fix would not apply it)\n",
               style="dim" if applied else "yellow")
    reason = local_reason(f.reason)
    out.append(f"  why: {reason}\n" if reason else "")
    if f.rule in ("fingerprint", "spinner-swap", "thesaurus"):
        out.append(f"  document spin score {it.spin:.2f}\n", style="dim")
    rivals = [r for r in f.candidates if r != f.replacement]
    out.append(f"  rivals: {', '.join(rivals) if rivals else 'none'}\n\n")
    for keys, what in KEYS:
        out.append(f" {keys} ", style="bold reverse")
        out.append(f" {what}  ", style="dim")
    return out


KEYS = (("a", "accept"), ("r", "reject"), ("e", "edit"), ("s", "skip"),
        ("A/R", "accept/reject all left of this phrase"), ("+/-", "... of this rule"), ("u", "undo"), ("q", "quit"))


def _app_class():
    """The Textual application, defined on first use so that importing this module does not import Textual."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.screen import ModalScreen
    from textual.widgets import Footer, Input, Static

    class QuitScreen(ModalScreen[str]):
        BINDINGS = [Binding("w", "choose('write')", "write accepted"), Binding("d", "choose('discard')", "discard"),
                    Binding("escape,c", "choose('cancel')", "go on reviewing")]
        DEFAULT_CSS = "QuitScreen { align: center middle; } QuitScreen > Static { width: 64; padding: 1 2; " \
                      "border: thick $accent; background: $surface; }"

        def __init__(self, accepted: int) -> None:
            super().__init__()
            self.accepted = accepted

        def compose(self) -> ComposeResult:
            yield Static(f"Quit the review.\n\n[b]w[/b]  write the {self.accepted} accepted fix(es) and quit\n"
                         "[b]d[/b]  discard: write nothing and quit\n[b]c[/b]  go on reviewing")

        def action_choose(self, what: str) -> None:
            self.dismiss(what)

    class ReviewApp(App[str]):
        """One finding at a time; the keys are listed in the footer."""

        TITLE = "respell review"
        ENABLE_COMMAND_PALETTE = False
        DEFAULT_CSS = "#finding { padding: 1 2; } #edit { display: none; } #edit.editing { display: block; }"
        BINDINGS = [
            Binding("a", "accept", "accept"), Binding("r", "reject", "reject"), Binding("e", "edit", "edit"),
            Binding("s", "skip", "skip"),
            Binding("A", "all('accept', 'phrase')", "accept phrase", show=False),
            Binding("R", "all('reject', 'phrase')", "reject phrase", show=False),
            Binding("plus", "all('accept', 'rule')", "accept rule", show=False),
            Binding("minus", "all('reject', 'rule')", "reject rule", show=False),
            Binding("u", "undo", "undo"), Binding("q", "quit_review", "quit"),
            Binding("w", "finish('write')", "write", show=False),
            Binding("d", "finish('discard')", "discard", show=False),
        ]

        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session
            self.outcome: list[str] = []

        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static(id="finding")
            yield Input(id="edit", placeholder="replacement (Enter: accept with it, Escape: cancel)")
            yield Footer()

        def on_mount(self) -> None:
            self.refresh_finding()

        def refresh_finding(self) -> None:
            self.query_one("#finding", Static).update(describe(self.session))

        def _editing(self) -> bool:
            return self.query_one("#edit", Input).has_class("editing")

        def _act(self, fn, *args) -> None:
            if not self._editing():
                fn(*args)
                self.refresh_finding()

        def action_accept(self) -> None:
            self._act(self.session.accept)

        def action_reject(self) -> None:
            self._act(self.session.reject)

        def action_skip(self) -> None:
            self._act(self.session.skip)

        def action_all(self, decision: str, by: str) -> None:
            self._act(self.session.decide_all, decision, by)

        def action_undo(self) -> None:
            self._act(self.session.undo)

        def action_edit(self) -> None:
            it = self.session.current
            if it is None or self._editing():
                return
            box = self.query_one("#edit", Input)
            box.value = it.replacement
            box.add_class("editing")
            box.focus()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            box = self.query_one("#edit", Input)
            box.remove_class("editing")
            self.session.accept(write=event.value)
            self.refresh_finding()

        def on_key(self, event) -> None:
            if event.key == "escape" and self._editing():
                self.query_one("#edit", Input).remove_class("editing")
                event.stop()

        def action_finish(self, what: str) -> None:
            if self.session.done and not self._editing():
                self._end(what)

        def action_quit_review(self) -> None:
            if self._editing():
                return

            def chosen(what: str | None) -> None:
                if what in ("write", "discard"):
                    self._end(what)
            self.push_screen(QuitScreen(self.session.counts()["accepted"]), chosen)

        def _end(self, what: str) -> None:
            if what == "write":
                self.outcome = self.session.save()
            self.exit(what)

    return ReviewApp


def review_app(session: Session):
    return _app_class()(session)


def session_for(paths: list[str], settings) -> Session:
    """The review of ``paths`` under ``settings``: every finding not rejected before, in file order."""
    from .runner import _analyses, decisions, inputs
    texts, records = inputs(paths, settings)
    for p in records:
        print(f"respell: note: {p}: JSON Lines records are not reviewed (use check --jsonl)", file=sys.stderr)
    root = getattr(settings.config, "root", None)
    prior = D.load(settings.decisions) if settings.decisions else None
    return Session.build(_analyses(texts, settings), settings.min_confidence, D.project_file(root), prior)


def run_review(paths: list[str], settings) -> int:
    from .cli import Fail
    if "-" in paths:
        raise Fail("review reads the keyboard: name files or directories, not - (stdin)")
    try:
        import textual  # noqa: F401
    except ImportError:
        raise Fail("respell review needs Textual: pip install 'respell[review]'") from None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Fail("review needs a terminal; for scripts use check, diff or fix (with --decisions FILE)")
    session = session_for(paths, settings)
    if not session.items:
        print("respell: nothing to review", file=sys.stderr)
        return 0
    app = review_app(session)
    what = app.run()
    for line in app.outcome:
        print(line, file=sys.stderr)
    c = session.counts()
    if what == "write":
        print(f"respell: {c['accepted']} accepted, {c['rejected']} rejected, {c['open']} left", file=sys.stderr)
    else:
        print("respell: review discarded: nothing written", file=sys.stderr)
    if any(line.startswith("respell: error:") for line in app.outcome):
        return 2
    return 1 if what == "write" and c["accepted"] else 0
