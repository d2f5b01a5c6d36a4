"""Word classes in context (respell.grammar), read from the shipped WordNet table: a lone word is restored only
to a word that can stand where it stands."""

from __future__ import annotations

import pytest

import respell
from respell import grammar
from respell.lexicon import Lexicon


@pytest.fixture(scope="module")
def classes():
    return Lexicon.load().word_classes


def test_the_table_holds_words_by_class(classes) -> None:
    assert classes["supply"] == "nv" and classes["provide"] == "v" and classes["procurement"] == "n"
    assert "the" not in classes  # function words are not WordNet's
    assert grammar.classes_of(classes, "procurements") == "n"  # a plural noun, through its singular
    assert grammar.classes_of(classes, "xqzzy") == ""


@pytest.mark.parametrize("written, before, before2, allowed", [
    ("supply", "and", "procurement", "n"),   # after a word known only as a noun and "and": a noun
    ("supply", "or", "procurements", "n"),
    ("supply", "will", None, "v"),           # after a modal: a verb
    ("supply", "the", None, "na"),           # after a determiner: a noun or an adjective
    ("very", "the", None, "na"),
    ("supply", "and", "sell", ""),           # "sell and supply": the word before "and" decides nothing
    ("supply", "and", None, ""),             # punctuation before "and"
    ("embrace", "these", None, ""),          # "These embrace resolutions": "these" is a pronoun as often
    ("quickly", "the", None, ""),            # the written word is none of the slot's classes: the cue is misread
    ("supply", "to", None, ""),              # "to": a preposition as often as an infinitive
])
def test_slot(classes, written, before, before2, allowed) -> None:
    assert grammar.slot(classes, written, before, before2) == allowed


@pytest.mark.parametrize("allowed, candidate, ok", [
    ("n", "provide", False), ("n", "stock", True), ("v", "provide", True), ("v", "quantity", False),
    ("na", "really", False), ("na", "large", True),
    ("", "provide", True),                  # an open slot judges nothing
    ("n", "xqzzy", True),                   # nor does a word WordNet does not list
    ("n", "tens of millions", True),        # nor a phrase
])
def test_fits(classes, allowed, candidate, ok) -> None:
    assert grammar.fits(classes, allowed, candidate) is ok


SPUN = ("The corporate's overseas minister mentioned on Tuesday that the arms procurement and supply between the "
        "2 nations violates a number of UN Safety Council resolutions, and that the satellite tv for pc launch "
        "middle in japanese Russia will likely be expanded by the state Korean Central Information Company.")


def test_a_spun_paragraph_keeps_its_noun() -> None:
    """Everything else in the paragraph is restored; "procurement and supply" stays, as the writer's noun."""
    fixed = respell.fix(SPUN).text
    assert fixed == ("The company's foreign minister said on Tuesday that the arms procurement and supply between the "
                     "2 countries violates a number of UN Security Council resolutions, and that the satellite launch "
                     "center in eastern Russia will be expanded by the state Korean Central News Agency.")


def test_after_a_determiner_a_reading_made_by_adding_s_is_a_plural_noun() -> None:
    """"stays" read as the verb "stay" -> "live" gives "lives": after "the" that is the plural of "life", another
    word; an adjective or a verb takes no plural -s there (a sentence written for this test)."""
    spun = ("Archaeologists mentioned the stays of a Roman villa had been discovered close to the brand new motorway, "
            "in keeping with the council's historical past officer.")
    assert respell.fix(spun).text == ("Archaeologists said the stays of a Roman villa were discovered close to the new "
                                      "motorway, according to the council's history officer.")


def test_a_verb_after_a_modal_may_still_be_restored() -> None:
    fixed = respell.fix(SPUN + " Officials said both sides will supply more.").text
    assert fixed.endswith("Officials said both sides will provide more.")


@pytest.mark.parametrize("candidate, ok", [("but", False), ("And", False), ("so", False), ("however", True),
                                           ("in", True), ("but also", True)])
def test_no_conjunction_stands_before_a_comma(classes, candidate, ok) -> None:
    assert grammar.fits(classes, "", candidate, before_comma=True) is ok
    assert grammar.fits(classes, "", candidate) is True  # with no comma after the word, any reading may stand


def test_however_set_off_by_a_comma_is_the_writers_adverb() -> None:
    """In a spun text "however" with no comma after it is the spinner's "but"; followed by a comma it is the
    adverb a writer chose, and "but," would break the sentence."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, however "
            "the traders, however, stayed calm. However, the enterprise capitalists wished to purchase.")
    fixed = respell.fix(text).text
    assert fixed == ("The agency said that the companies were planning a move in the coming weeks, but "
                     "the investors, however, stayed calm. However, the venture capitalists wanted to buy.")


def test_a_capitalised_phrase_inside_a_sentence_is_a_title_not_a_lone_swap() -> None:
    """Inside a sentence, capitals mark a name or a title (a spun album title "At all times" is a name to restore
    whole, not the adverb "always"); the same words opening a sentence are the spinner's adverb."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. The singer mentioned she loves At all times greater than "
            "her different albums. At all times the traders wished to purchase.")
    fixed = respell.fix(text).text
    assert "she loves At all times more than" in fixed
    assert fixed.endswith("Always the investors wanted to buy.")


@pytest.mark.parametrize("before, candidate, ok", [
    ("it", "were", False), ("he", "are", False), ("she", "have", False), ("it", "was", True),
    ("they", "were", True), ("firms", "were", True), (None, "were", True), ("it", "will be", True),
])
def test_no_plural_verb_follows_he_she_or_it(before, candidate, ok) -> None:
    assert grammar.agrees(before, candidate) is ok


@pytest.mark.parametrize("words, candidate, ok", [
    ("the company", "were", False), ("the agency", "have", False), ("its board", "were", True),
    ("the companies", "were", True), ("the police", "were", True), ("company", "were", False),
    ("the company", "was", True), ("the corporate", "were", True), ("said the navy gear", "were", False),
    ("assaults on the nation's grid", "have", True), ("the cost of fuel", "were", True),
    ("senators who", "were", True), ("two males", "were", True),
])
def test_no_plural_verb_follows_a_singular_noun_that_heads_the_subject(classes, words, candidate, ok) -> None:
    """A singular noun right before the verb is its subject unless its noun phrase follows a preposition."""
    words = words.split()
    assert grammar.agrees(words[-1], candidate, classes, grammar.heads_subject(words)) is ok


def test_the_subject_is_read_as_the_table_reads_it() -> None:
    """"the corporate" is the spinner's "the company": the "had been" after it is the writer's past perfect."""
    import respell
    text = ("Officers mentioned the corporate had been working inside the space, while the corporations had been "
            "ready to transfer.")
    fixed = respell.fix(text).text
    assert "the company had been working" in fixed and "the companies were" in fixed


def test_had_been_after_it_is_the_writers_past_perfect() -> None:
    """The spinner writes "had been" for "were": after "they" or a plural noun that is its work, after "it" it is
    the writer's ("it were planning" is not English)."""
    text = ("The agency mentioned it had been planning a transfer within the coming weeks, and the firms had been "
            "waiting. The enterprise capitalists wished to purchase.")
    assert respell.fix(text).text == ("The agency said it had been planning a move in the coming weeks, and the "
                                      "companies were waiting. The venture capitalists wanted to buy.")


def test_a_capitalised_word_after_an_abbreviation_is_inside_its_sentence() -> None:
    """The period of "U.S." or "Mr." ends no sentence: "Navy" in "the U.S. Navy" is a name's word, never the
    spinner's lone "navy" for "military"."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. They discussed U.S. Navy plans with Mr. Navy at length.")
    fixed = respell.fix(text).text
    assert fixed.endswith("They discussed U.S. Navy plans with Mr. Navy at length.")
    assert fixed.startswith("The agency said that the companies were planning a move")


def test_after_a_relative_pronoun_the_verb_agrees_with_the_noun_before_it() -> None:
    """"the corporate, which had been planning" is the spinner's "the company" and the writer's past perfect (no
    "the company, which were"); "the firms that had been waiting" is the spinner's "were" after a plural."""
    text = ("The agency mentioned the corporate, which had been planning a transfer within the coming weeks, and the "
            "firms that had been waiting. The enterprise capitalists wished to purchase.")
    assert respell.fix(text).text == ("The agency said the company, which had been planning a move in the coming "
                                      "weeks, and the companies that were waiting. The venture capitalists wanted "
                                      "to buy.")


def test_a_capitalised_word_amid_a_terms_lower_case_words_is_a_name() -> None:
    """The spinner keeps the case of the word it replaces: "the Navy said" inside a sentence is the name, not the
    spinner's "navy" for "military" (which "the navy gear" is, in lower case); and "gear", singular, heads the
    subject of "had been moved": no "were"."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. Officers from the Navy said the navy gear had been moved.")
    assert respell.fix(text).text == (
        "The agency said that the companies were planning a move in the coming weeks, and the venture capitalists "
        "wanted to buy. Officials from the Navy said the military equipment had been moved.")


def test_after_there_the_verb_agrees_with_the_noun_phrase_after_it() -> None:
    """"there had been no collision" is no "there were no collision"; "there had been a number of accidents" is
    the spinner's "there were"."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. Officers mentioned there had been no collision, there had "
            "been a fireplace and there had been a number of accidents.")
    assert respell.fix(text).text.endswith(
        "Officials said there had been no collision, there had been a fireplace and there were a number of "
        "accidents.")


@pytest.mark.parametrize("words, singular", [
    ("no collision", True), ("no accidents", False), ("a fire", True), ("a number", False), ("an error", True),
    ("a few", False), ("some", False), ("", False), ("no police", False),
])
def test_singular_after_there(classes, words, singular) -> None:
    assert grammar.singular_after_there(words.split(), classes) is singular


def test_within_is_the_spinners_form_only_before_the() -> None:
    """The spinner writes "within" only as its "within the" for "in the"; before anything else it is the writer's
    limit ("within a month" is no "in a month", "within 30 miles" no "in 30 miles"), even in a spun text."""
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase. Officers mentioned the deal would shut within a month, "
            "within finances and within 30 miles of the port.")
    assert respell.fix(text).text == (
        "The agency said that the companies were planning a move in the coming weeks, and the venture capitalists "
        "wanted to buy. Officials said the deal would close within a month, within finances and within 30 miles "
        "of the port.")


@pytest.mark.parametrize("written, after, ok", [
    ("within", "the", True), ("within", "a", False), ("within", "30", False), ("within", None, False),
    ("firms", "said", True), ("firms", None, True),
])
def test_spinner_form_here(written, after, ok) -> None:
    assert grammar.spinner_form_here(written, after) is ok
