"""The names-only term walk (clean-leaning text: only capitalised runs are walked) and its shortcuts.

The walk skips the capitalised runs with no word the spinners' tables swap, starts only within a term's length
of such a word, and reads only the spinners' links: shortcuts for speed that must never change a finding.  Here
the shortcuts are checked against the plain walk, on real runs and on generated text.
"""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, strategies as st  # noqa: E402

import respell  # noqa: E402
from respell.match import class_matches, may_swap  # noqa: E402
from respell.text import _CAPITAL_RUN, WORD_RE, Document, Token, _capital_runs, capitalised_tokens  # noqa: E402


def _plain_tokens(text: str) -> list[Token]:
    """The tokens of every capitalised run, as the word pattern cuts the run (the definition)."""
    return [Token(m.start(), m.end(), m.group()) for run in _CAPITAL_RUN.finditer(text)
            for m in WORD_RE.finditer(text, run.start(), run.end())]


def _names_walk(text: str, tokens: list[Token]):
    doc = Document(text)
    doc.__dict__["tokens"] = tokens
    matches, known = class_matches(doc, respell.get_engine().lexicon, thesaurus=False, names_only=True)
    return sorted((m.start, m.end, m.key) for m in matches), known


def test_runs_without_a_swapped_word_are_not_tokenised():
    text = "Greta Thunberg met the UN Safety Council, then Linus Torvalds in Berlin."
    keep = may_swap(respell.get_engine().lexicon)
    got = [t.text for t in capitalised_tokens(text, keep)]
    assert got == ["UN", "Safety", "Council"]  # "safety" is the spinner's word for "security"
    assert [t.text for t in capitalised_tokens(text)] == [t.text for t in _plain_tokens(text)]


def test_the_shortcuts_find_what_the_plain_walk_finds_in_real_names():
    text = ("Officials of the Overseas Ministry spoke before the UN Safety Council, recalling the Chilly Struggle, "
            "as the Python Software Foundation and the Democratic Individuals's Republic of Korea looked on.")
    keep = may_swap(respell.get_engine().lexicon)
    fast, _known = _names_walk(text, capitalised_tokens(text, keep))
    plain, _known = _names_walk(text, _plain_tokens(text))
    assert fast == plain
    assert ("un", "security", "council") in {key for _s, _e, key in fast}
    assert ("cold", "war") in {key for _s, _e, key in fast}


_PIECES = st.sampled_from(["Safety", "Council", "Chilly", "Struggle", "Overseas", "Minister", "Python", "Foundation",
                           "Élysée", "Café", "O'Neill", "Korea-made", "Individuals's", "Individuals'", "e\u0301", "Ⅻ",
                           "2024", "of", "the", "and", "&", "for", "tv", "pc", "Satellites", "Home", "Commons",
                           "Aheadand", "JAPAN", "-", "'", "’s", "Financial", "institution", "Well", "being",
                           "Nationwide", "Service", "England", "Court", "docket"])
_GAPS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", " (", ") "])


@given(st.lists(st.tuples(_PIECES, _GAPS), max_size=30))
def test_capitalised_tokens_are_the_word_pattern_s_tokens_of_each_run(parts):
    text = "".join(p + g for p, g in parts)
    assert capitalised_tokens(text) == _plain_tokens(text)


# characters around which the one-byte copy of ``_capital_runs`` and the text differ: capitals and letters that are
# not ASCII (the Kelvin sign is a capital; "ʼ" a letter; "ı" and "İ" change length when cased), marks, curly and
# straight quotes, a literal "?" (what the copy writes for a character that is not ASCII)
_RUN_CHARACTERS = st.sampled_from([*"AaBbZz019 '-&?.,\n\t\u2019\u02bcÉéŁłßİıΣσ\u212aⅫ\u0301\u201c\u201d",
                                   "of", "the", "and", "de", "in", "to", "for", "on", "  ", "Foo", "BAR", "Élysée"])


@given(st.lists(_RUN_CHARACTERS, max_size=40))
def test_the_runs_found_in_the_one_byte_copy_are_the_pattern_s(chars):
    from unittest import mock

    from respell import text as text_module

    text = "".join(chars)
    with mock.patch.object(text_module, "_SHORT_RUN_TEXT", 0):  # (the copy's path even for a short text)
        assert _capital_runs(text) == [(m.start(), m.group()) for m in _CAPITAL_RUN.finditer(text)]


@given(st.lists(st.tuples(_PIECES, _GAPS), max_size=30))
def test_the_names_walk_shortcuts_change_no_match(parts):
    text = "".join(p + g for p, g in parts)
    keep = may_swap(respell.get_engine().lexicon)
    assert _names_walk(text, capitalised_tokens(text, keep))[0] == _names_walk(text, _plain_tokens(text))[0]


@pytest.mark.parametrize("spun, fixed", [
    ("He joined the Financial institution of England in 1990.", "He joined the Bank of England in 1990."),
    # the name is proof that the sentence was spun, so its table words are read as a spun text's: "strain" is the
    # spinner's "pressure" ("below" is in no swap of the table: it stays)
    ("The Nationwide Well being Service is below strain.", "The National Health Service is below pressure."),
    ("Federal Reserve Financial institution of New York President John Williams spoke.",
     "Federal Reserve Bank of New York President John Williams spoke."),
    # (the name is proof that the sentence was spun, so its table words are read as a spun text's: "stated" is the
    # spinner's "said")
    ("The Division of Well being and Human Providers stated.", "The Department of Health and Human Services said."),
    ("Shares of First Photo voltaic rose 4%.", "Shares of First Solar rose 4%."),  # a name may end in such a form
    ("The World Financial institution cut its forecast.", "The World Bank cut its forecast."),
])
def test_a_name_holding_a_spinner_form_of_several_words_is_restored_in_one_sentence(spun: str, fixed: str) -> None:
    """The spinner writes some words as several ("Bank" as "Financial institution", "Health" as "Well being"):
    the term walk reads such a form as one word of the name, and finds it in a sentence of clean-leaning text
    though a run of capitals stops at its small letters."""
    assert respell.fix(spun).text == fixed


@pytest.mark.parametrize("text", [
    # "court docket" holds "court", the word it stands for: beside a name it is a word of the writer's
    "The case is on the Supreme Court docket this term.",
    "The Supreme Court Docket Report is published weekly.",
    "She teaches at the Chinese language school in Boston.",
    "A financial institution of England is regulated by the PRA.",  # no capitals: no name
    "The Community Development Financial Institutions Fund awarded grants.",
    "Well Being Trust funds mental health programmes.",
])
def test_a_form_of_several_words_beside_a_name_is_left_alone(text: str) -> None:
    assert respell.fix(text).text == text


def test_in_a_spun_text_a_name_may_end_in_such_a_form() -> None:
    """Only a text that leans clean needs every word of the form capitalised: in a spun paragraph "the Supreme
    Court docket" and "the World Financial institution" are the spinner's names, and the prior carries them."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. The Supreme Court docket dominated on Friday that the World "
            "Financial institution may lend extra.")
    assert respell.fix(text).text == (
        "The agency said that the companies were planning a move in the coming weeks, and the venture capitalists "
        "wanted to buy. The Supreme Court ruled on Friday that the World Bank may lend more.")


def test_a_form_of_several_words_read_two_ways_is_written_once() -> None:
    """"coronary heart" is the spinner's form of "heart", and "heart" alone is a word of "heart attack" too: the
    two readings write the same words over spans that differ, so they must not be merged word by word (that
    wrote "heartheart attack")."""
    text = ("The firm blamed provide chain issues and rates of interest for the drop in its inventory value.\n"
            "She spoke at a press convention on the local weather change coverage final 12 months.\n"
            "The central financial institution kept its financial coverage unchanged, the chief govt mentioned.\n"
            "He was hurt in a coronary heart assault and taken to the hospital with a number of accidents.\n")
    assert respell.fix(text).text.splitlines()[-1] == (
        "He was hurt in a heart attack and taken to the hospital with a number of accidents.")


# Real names a red team of the eighth session wrote in clean news (a helper that saw only the command line): each
# was made another name before.  A name that goes on past its swapped words ("Chief Government Whip", "Worldwide
# Fund for Nature") is a longer name (``Engine._name_goes_on``); the others are real names the gazetteer now holds.
@pytest.mark.parametrize("text", [
    "Chief Government Whip Alan Campbell said MPs would vote on Tuesday.",
    "The Chief Government Whip's office declined to comment.",
    "Kenya's Chief Government Pathologist told the court that the victim had died of head injuries.",
    "The Worldwide Fund for Nature said the number of wild tigers had risen.",
    "He made more than 200 appearances in the Nationwide League for Stockport and Tranmere.",
    "The Nationwide Football Conference was the name of the fifth tier between 2007 and 2010.",
    "The BBC Overseas Service began broadcasting in Hindi in 1940.",
])
def test_a_real_name_that_looks_spun_is_left_alone(text: str) -> None:
    assert respell.fix(text).text == text


def test_a_name_that_goes_on_is_no_proof_but_a_spun_one_before_a_person_s_name_still_is() -> None:
    text = "North Korean Overseas Minister Choe Son Hui said the UN Safety Council had no right to judge."
    assert respell.fix(text).text == text.replace("Overseas", "Foreign").replace("Safety", "Security")
    # "Slack" is a common noun in capitals, but "and" joins two names: "Microsoft Groups" is the spinner's
    text = "The firm mentioned it would compete with Microsoft Groups and Slack within the subsequent 12 months."
    assert "Microsoft Teams and Slack" in respell.fix(text).text


def test_a_name_an_adjective_starts_is_a_longer_name() -> None:
    """"Civil Protection Department" holds "Protection Department", the spinner's "Defense Department"; the
    capitalised adjective before it ("civil" is only an adjective) starts a longer name, so its words are no proof.
    A nationality that is a noun too ("North Korean") starts no name: the spun title after it is restored."""
    text = "Italy's Civil Protection Department said the volcano was being monitored."
    assert respell.fix(text).text == text
    text = "North Korean Overseas Minister Choe Son Hui mentioned the UN Safety Council resolutions."
    assert respell.fix(text).text == ("North Korean Foreign Minister Choe Son Hui said the UN Security Council "
                                      "resolutions.")


@pytest.mark.xfail(strict=True, reason="known miss (eighth session's red team): British police copy uses four of "
                   "the table's words in their own sense ('males', 'had been', 'Officers', 'youngsters'); each is a "
                   "fair sign because the language model prefers the commoner word, so the short text is judged spun")
def test_british_police_copy_is_left_alone() -> None:
    text = ("Police said two males, aged 17 and 19, had been arrested on suspicion of robbery after a man was "
            "threatened with a knife in a park in Leeds on Saturday evening. Officers said the victim had been "
            "approached by a group of youngsters who demanded his phone. He was not injured.")
    assert respell.fix(text).text == text


def test_a_real_title_the_gazetteer_holds_is_left_alone() -> None:
    """India's "Commerce and Industry Minister" is one spinner swap ("commerce" <- "trade") from the known "Trade
    and Industry Minister", and was rewritten as a spun name until the titles gazetteer held India's portfolios
    (the ninth session's red team)."""
    text = "Commerce and Industry Minister Piyush Goyal met business leaders in Mumbai on Friday."
    assert respell.fix(text).text == text


def test_a_known_name_with_its_conjuncts_in_the_other_order_is_the_writers() -> None:
    """Bahrain's "Minister of Industry and Commerce" is India's "of Commerce and Industry" in the other order, not a
    spun "Minister of Industry and Trade" (the ninth session's probe of 5,334 real names)."""
    for text in ("Minister of Industry and Commerce Jane Smith said on Tuesday that it would review the decision.",
                 "The Industry and Commerce Ministry said on Tuesday that it would review the decision."):
        assert respell.fix(text).text == text


@pytest.mark.xfail(strict=True, reason="known miss (the ninth session's probe of real names): 'Division of Homeland "
                   "Security' inside this longer name reads as the spinner's 'Department of Homeland Security' (the "
                   "news spinner writes 'Division' for 'Department'); adding the name to the gazetteer made the "
                   "spun 'State Division' of held-out 2 attested and cost two of its restorations")
def test_new_york_state_division_of_homeland_security_is_left_alone() -> None:
    text = ("The New York State Division of Homeland Security and Emergency Services said on Tuesday that it would "
            "review the decision.")
    assert respell.fix(text).text == text


def test_a_listed_phrase_inside_a_term_the_text_states_is_the_writers() -> None:
    """"profound learning disabilities" is a clinical term holding the tortured list's "profound learning" (deep
    learning): no "deep learning disabilities", and it vouches for no other listed phrase ("directed learning"
    -> "supervised learning" beside it; the ninth session's red team of clean scientific prose)."""
    text = ("Children with profound learning disabilities often require directed learning activities that are "
            "tailored to their sensory needs.")
    assert respell.fix(text).text == text
    assert respell.fix("Our lab studies profound learning and counterfeit consciousness.").text == (
        "Our lab studies deep learning and artificial intelligence.")
