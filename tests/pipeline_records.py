"""The records every batch and pipeline test runs: spun, clean, empty, non-ASCII, CRLF and very long documents.

Why a module of its own: the serial API tests (test_batch.py) and the adapters' tests (test_integrations.py)
must run the very same records, and datatrove's worker processes import the test steps from here.
"""

from __future__ import annotations

SPUN_SCIENCE = "Our lab studies profound learning for images. We also tried a neural organization on the data."
SPUN_SCIENCE_FIXED = "Our lab studies deep learning for images. We also tried a neural network on the data."
SPUN_NEWS = ("The company launched a new satellite tv for pc last week.\n"
             "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n")
SPUN_NEWS_FIXED = ("The company launched a new satellite last week.\n"
                   "Its engineers rely on artificial intelligence and machine learning to plan orbits.\n")
CLEAN = ("The committee met on Tuesday and approved the budget for the coming year. Members then went home "
         "for the evening, and the minutes were posted the next morning.")
CLEAN_NON_ASCII = ("Le café “Zoë” in Zürich serves crème brûlée – and 寿司 on Fridays 😀. The owner, "
                   "Øystein Åsen, opened it in 1998.")
SPUN_NON_ASCII = "Café – “naïve” 😀 owners use profound learning. Then a neural organization."
SPUN_NON_ASCII_FIXED = "Café – “naïve” 😀 owners use deep learning. Then a neural network."
CLEAN_PARAGRAPH = ("A function may return several values as a tuple; the caller unpacks them into names. "
                   "The standard library documents each module with examples, and every example is tested.\n\n")
LONG_CLEAN = CLEAN_PARAGRAPH * 700  # about 130,000 characters: judged section by section
LONG_SPUN = CLEAN_PARAGRAPH * 300 + SPUN_SCIENCE + "\n\n" + CLEAN_PARAGRAPH * 300

REPORT_ONLY = "We used profound learning."  # one listed phrase in a short text: reported, not applied

TEXTS: list[tuple[str, str]] = [
    ("spun-science", SPUN_SCIENCE),
    ("clean", CLEAN),
    ("empty", ""),
    ("spun-news", SPUN_NEWS),
    ("clean-non-ascii", CLEAN_NON_ASCII),
    ("spun-non-ascii", SPUN_NON_ASCII),
    ("spun-news-crlf", SPUN_NEWS.replace("\n", "\r\n")),
    ("clean-crlf", CLEAN.replace(". ", ".\r\n")),
    ("long-clean", LONG_CLEAN),
    ("long-spun", LONG_SPUN),
    ("whitespace", " \n\t\n"),
    ("report-only", REPORT_ONLY),
]
CLEAN_KINDS = {"clean", "empty", "clean-non-ascii", "clean-crlf", "long-clean", "whitespace"}


def records(copies: int = 1) -> list[dict]:
    """The fixture as records ``{"id", "kind", "text"}``, ``copies`` times over (ids stay unique)."""
    out = []
    for c in range(copies):
        for i, (kind, text) in enumerate(TEXTS):
            out.append({"id": f"{c}-{i}", "kind": kind, "text": text})
    return out
