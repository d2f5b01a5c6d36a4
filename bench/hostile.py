"""Hostile inputs: does any pattern or input shape make respell's time grow faster than its input?

Why this exists: a regular expression that backtracks turns one odd file into minutes ('<!' * 100000 in an
HTML file took 29 s), and a tool run in commit hooks and pipelines over untrusted text must stay linear.  Time
is not asserted in the test suite, so this is where it is measured.

Run:  python bench/hostile.py [--size N] [--only patterns,inputs] [--big]

patterns  every regular expression of the rules, markup, ignores and text modules (and ftfy's badness pattern
          the encoding rule runs), each over probes made by repeating short pieces of its own literal
          characters, used as respell uses it (finditer, or match/fullmatch for the anchored ones): the time at
          4x the size over the time at 1x.  Linear is about 4; a pattern whose worst
          probe gives more than 8 is flagged SUPERLINEAR.
inputs    whole inputs through the library (check with the markup's prose spans), at 1x and 4x: unclosed
          markup ('<!', '<?', backticks, RST literals), many overlapping candidates, double-escaped entities,
          a long line of spun text, deeply nested JSON records through the JSONL parser.  With --big, also
          one 50 MB line (the memory figure is the process's peak RSS growth).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MODULES = ["respell.markup", "respell.ignores", "respell.text", "respell.engine", "respell.scan",
           "respell.render.report", "respell.rules._common", "respell.rules.encoding", "respell.rules.furniture",
           "respell.rules.glued", "respell.rules.spelling_variety", "respell.rules.typography"]
FLAG = 8.0
# Patterns respell only ever matches at one place (a line's or the text's start, or a whole candidate line):
# probed that way, since trying every start is not how they run.
ANCHORED = {"markup._FENCE_OPEN": "match", "markup._LIST_ITEM": "match", "markup._REF_DEF": "match",
            "markup._FRONT_MATTER": "match", "markup._RST_EXPLICIT": "match", "markup._RST_FIELD": "match",
            "markup._RST_DOCTEST": "match", "furniture._FIRST_LINE_RE": "match",
            "furniture.BYLINE_RE": "fullmatch", "markup._EMAIL_LOCAL": "match",
            **{f"furniture.PATTERNS[{i}]": "fullmatch" for i in range(64)}}


def patterns() -> Iterator[tuple[str, Any]]:
    """(name, compiled pattern) for every pattern the modules hold at top level, alone or in lists/tuples."""
    import regex

    from respell.text import LazyPattern
    seen: set[int] = set()
    for modname in MODULES:
        module = importlib.import_module(modname)
        for attr, value in sorted(vars(module).items()):
            items = value if isinstance(value, (list, tuple)) else [value]
            for i, item in enumerate(items):
                item = item[0] if isinstance(item, tuple) and item else item
                if isinstance(item, LazyPattern):
                    item = item.compiled()
                if isinstance(item, (regex.Pattern, re.Pattern)) and id(item) not in seen:
                    seen.add(id(item))
                    yield f"{modname.split('.')[-1]}.{attr}" + (f"[{i}]" if len(items) > 1 else ""), item
    from respell.rules.encoding import _badness_re
    yield "ftfy.BADNESS_RE", _badness_re()


def probes(pattern: Any) -> list[str]:
    """Short pieces to repeat: the pattern's literal characters alone and in the pairs its source writes them,
    plus pieces every markup pattern meets."""
    source = pattern.pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    source = re.sub(r"\\[pPdwsSWDbBAZ]\{?\w*\}?", "", source)
    # (a pattern may be a long alternation of words: its letters alone, and only the pairs with punctuation)
    chars = sorted({c for c in source if c.isprintable()})[:60]
    pairs = sorted({source[i:i + 2] for i in range(len(source) - 1) if source[i:i + 2].isprintable()
                    and "\\" not in source[i:i + 2] and not source[i:i + 2].isalnum()})[:40]
    pieces = set(chars) | set(pairs)
    pieces |= {"a ", "a\n", "<!", "<?", "<a ", "``", "`a", "&amp;", "a@", "http://a", ":a:`", "..", " \n", "a" * 3,
               "\u00c3\u00a9", "\x85", "-a", "[a]", "(a", "a.", "| a"}
    return sorted(pieces)


def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _ratio(run: Callable[[str], object], piece: str, size: int) -> tuple[float, float]:
    small = piece * max(1, size // len(piece))
    large = piece * max(1, 4 * size // len(piece))
    t1 = min(_time(lambda: run(small)) for _ in range(2))
    t4 = min(_time(lambda: run(large)) for _ in range(2))
    return t4, t4 / max(t1, 2e-5)


def bench_patterns(size: int) -> list[str]:
    rows = []
    for name, pattern in patterns():
        started = time.perf_counter()
        def run(s: str, p=pattern, binary=isinstance(pattern.pattern, bytes), how=ANCHORED.get(name)) -> None:
            data = s.encode("utf-8") if binary else s
            if how:
                getattr(p, how)(data)
                return
            for _ in p.finditer(data):
                pass
        worst = (0.0, 0.0, "")
        for piece in probes(pattern):
            t4, ratio = _ratio(run, piece, size)
            if t4 > 0.005 and ratio > worst[1] or worst[2] == "":
                worst = (t4, ratio, piece)
            if time.perf_counter() - started > 20:  # already far from linear: no need to try every probe
                worst = (t4, ratio, piece)
                break
        t4, ratio, piece = worst
        verdict = "SUPERLINEAR" if ratio > FLAG and t4 > 0.005 else "linear"
        rows.append(f"| {name} | {piece!r} | {t4 * 1000:.1f} ms | {ratio:.1f} | {verdict} |")
        print(rows[-1], file=sys.stderr, flush=True)
    return ["| pattern | worst probe | time at 4x | 4x / 1x | verdict |", "|---|---|---|---|---|", *rows]


def _check(kind: str) -> Callable[[str], object]:
    import respell
    from respell.markup import prose_spans

    def run(text: str) -> object:
        return respell.check(text, prose=prose_spans(text, kind)) if kind != "text" else respell.check(text)
    return run


def _jsonl(text: str) -> object:
    from respell.jsonl import parse_record
    return [parse_record(line, "text") for line in text.splitlines()]


def inputs(size: int) -> list[tuple[str, str, Callable[[str], object]]]:
    spun = "We trained a profound neural organization and an irregular woodland. "
    return [
        ("unclosed '<!' (HTML)", "<!", _check("html")),
        ("unclosed '<?' (Markdown)", "<?", _check("markdown")),
        ("unclosed '<!a' (Markdown)", "<!a", _check("markdown")),
        ("backticks of growing length (Markdown)", "`a``b", _check("markdown")),
        ("unclosed RST literals and roles", "``a :r:`b ", _check("rst")),
        ("'&amp;amp;' (encoding rule, overlapping)", "&amp;amp;", _check("text")),
        ("spun text, one line", spun, _check("text")),
        ("spun words without spaces (many overlapping candidates)", "profoundneuralorganization ", _check("text")),
        ("nested JSON records, 1000 deep", '{"text": ' + "[" * 1000 + "]" * 1000 + "}\n", _jsonl),
    ]


def bench_inputs(size: int, big: bool) -> list[str]:
    rows = ["| input | size at 4x | time at 4x | 4x / 1x | verdict |", "|---|---|---|---|---|"]
    for name, piece, run in inputs(size):
        run(piece * 4)  # warm: tables and patterns loaded before timing
        t4, ratio = _ratio(run, piece, size)
        verdict = "SUPERLINEAR" if ratio > FLAG and t4 > 0.05 else "linear"
        rows.append(f"| {name} | {4 * size:,} chars | {t4:.3f} s | {ratio:.1f} | {verdict} |")
        print(rows[-1], file=sys.stderr, flush=True)
    if big:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        line = ("Plain words about gardening and the weather. " * (50_000_000 // 46))[:50_000_000]
        t = _time(lambda: _check("text")(line))
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        rows.append(f"| one 50 MB line of clean prose | 50,000,000 chars | {t:.2f} s | (peak RSS +{grown:.0f} MiB) | |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=50_000, help="characters at 1x (default 50000)")
    ap.add_argument("--only", default="patterns,inputs")
    ap.add_argument("--big", action="store_true", help="also one 50 MB line")
    ap.add_argument("--json", help="also write the rows to this file")
    args = ap.parse_args(argv)
    out: list[str] = []
    if "patterns" in args.only:
        out += bench_patterns(args.size) + [""]
    if "inputs" in args.only:
        out += bench_inputs(args.size, args.big)
    print("\n".join(out))
    if args.json:
        Path(args.json).write_text(json.dumps(out), encoding="utf-8")
    return 1 if any("SUPERLINEAR" in row for row in out) else 0


if __name__ == "__main__":
    sys.exit(main())
