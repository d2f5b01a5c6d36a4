"""Word classes in context: a restored word must be able to stand where the text's word stands.

A spinner swaps a word for a synonym of any of its senses, whatever part of speech it plays in the sentence: in
"arms procurement and supply" the word is a noun, and the table's "supply" <- "provide" holds only for the verb.
The language model, reading word pairs, cannot see that ("and provide" is a frequent pair).  With no tagger,
respell reads the slot from the words before it, where they decide it: after a determiner a noun or an
adjective stands, after a modal verb a verb, and after "and"/"or" that follow a word WordNet knows only as a
noun, a noun.  A candidate WordNet lists under none of the classes the slot allows is not a restoration there.
Words WordNet does not list, and slots these cues leave open, are not judged.

A verb agrees with the subject right before it: after "he", "she" or "it", or a singular noun right after a
determiner ("the company", as written or as the table reads it: "the corporate"), no plural verb stands, so "it
had been planning" is no spinner's "were" (the spinner writes "had been" for "were"; "it were" is not English).
After a relative pronoun the verb agrees with the noun before it: "the firm, which had been" is no "which were".

One cue reads the other side: a word followed by a comma is no conjunction.  "The traders, however, stayed
calm" and "However, the firms ..." hold the adverb a writer chose (the spinner's "but" -> "however" leaves no
comma behind it), and "but," would break the sentence.

One cue reads the word after: a word the news spinner writes only inside a phrase is its form only there.  Its
"within" is its form of "in the": every "within" of the development pages and of the seed is followed by "the"
(14 of 14), where writers limit a time or a distance with it ("within a week", "within 30 miles", "within
reach"), which "in" would not say.  Its signature in a text (``evidence.spin_evidence``) counts both "within" and
"in" only there too (``match.FingerprintScanner``): "in 2020" was no occasion for the spinner, and a hand-spun
story's sixty "in" told against spinning where only its "in the" could.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .lexicon import FUNCTION_WORDS
from .text import singular_forms

# Words after which only a noun or an adjective (or a word of either, like "very") stands.  Not "this", "that",
# "these", "those": they are pronouns as often ("These include resolutions"); nor "her" ("help her provide").
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "your", "my", "his", "every"})
MODALS = frozenset({"will", "would", "can", "could", "should", "must", "might", "shall", "cannot"})
COORDINATORS = frozenset({"and", "or"})
# conjunctions that join clauses: none stands right before a comma
CONJUNCTIONS = COORDINATORS | frozenset({"but", "nor", "yet", "so"})
# subject pronouns of the third person singular, and verb forms none of them takes
SINGULAR_SUBJECTS = frozenset({"he", "she", "it"})
PLURAL_VERBS = frozenset({"were", "are", "have", "do", "don't", "aren't", "weren't"})
# prepositions: a noun after one is no subject ("assaults on the grid have been")
PREPOSITIONS = frozenset({"of", "on", "in", "at", "for", "with", "from", "by", "to", "about", "over", "under",
                          "between", "among", "after", "before", "during", "near", "into", "across", "against",
                          "behind", "beyond", "through", "throughout", "within", "without", "around", "along",
                          "toward", "towards", "amid", "like", "than", "per", "via", "including"})
# relative pronouns: the verb after one agrees with the noun before it ("the firm, which had been")
RELATIVES = frozenset({"which", "who", "that"})
# words the news spinner writes only before one of these words (measured: see the module docstring)
SPINNER_FORM_BEFORE = {"within": frozenset({"the"})}


def classes_of(word_classes: Mapping[str, str], word: str) -> str:
    """The parts of speech of a lower-case word (of its singular for a plural noun); "" when WordNet has none."""
    got = word_classes.get(word)
    if got is not None:
        return got
    for sing in singular_forms(word):
        got = word_classes.get(sing)
        if got is not None and "n" in got:
            return "n"
    return ""


def slot(word_classes: Mapping[str, str], written: str, before: str | None, before2: str | None) -> str:
    """The classes that may stand where ``written`` stands, after ``before`` (and ``before2`` before that; None
    where punctuation or the text's start comes between), as far as these cues decide; "" when they do not,
    or when the written word itself is none of them (then the cue is misread)."""
    if before in DETERMINERS:
        allowed = "na"
    elif before in MODALS:
        allowed = "v"
    elif before in COORDINATORS and before2 is not None and classes_of(word_classes, before2) == "n":
        allowed = "n"
    else:
        return ""
    own = classes_of(word_classes, written)
    return allowed if any(c in own for c in allowed) else ""


def spinner_form_here(written: str, after: str | None) -> bool:
    """Whether ``written`` (lower case) can be the news spinner's form where ``after`` (the next word, None at
    punctuation) follows it: always, but for the words it writes only inside a phrase (SPINNER_FORM_BEFORE)."""
    only = SPINNER_FORM_BEFORE.get(written)
    return only is None or after in only


def fits(word_classes: Mapping[str, str], allowed: str, candidate: str, before_comma: bool = False) -> bool:
    """Whether ``candidate`` may stand in a slot that allows ``allowed`` ("" : any; a phrase is not judged by
    class) and, when the written word is followed by a comma, whether it is no conjunction (none stands there)."""
    if before_comma and candidate.lower() in CONJUNCTIONS:
        return False
    if not allowed or " " in candidate:
        return True
    own = classes_of(word_classes, candidate)
    return not own or any(c in own for c in allowed)


def plural_verb(candidate: str) -> bool:
    """Whether a reading starts with a verb form only a plural subject takes ("were", "have been")."""
    return candidate.split(" ", 1)[0].lower() in PLURAL_VERBS


def agrees(before: str | None, candidate: str, word_classes: Mapping[str, str] | None = None,
           heads: bool = True) -> bool:
    """Whether ``candidate`` may follow ``before`` (lower case; None where punctuation or the text's start comes
    between): a plural verb form never follows "he", "she" or "it", nor a singular noun that heads the subject
    (``heads``, see ``heads_subject``): "the company had been working" and "the navy gear had been moved" are the
    writer's, "the company were" and "the gear were" no one's."""
    if before in SINGULAR_SUBJECTS or (word_classes is not None and heads and singular_noun(word_classes, before)):
        return not plural_verb(candidate)
    return True


def heads_subject(words: Sequence[str]) -> bool:
    """Whether the last of ``words`` (lower case, the words right before a verb with no punctuation between, the
    nearest last) may head the verb's subject: not when its noun phrase follows a preposition ("assaults on the
    nation's grid have been": the subject is "assaults"; "the cost of fuel had been": "cost")."""
    for j in range(len(words) - 2, max(-1, len(words) - 6), -1):
        w = words[j]
        if w in PREPOSITIONS:
            return False
        if w in DETERMINERS:  # the noun phrase starts here: what stands before it decides
            return j == 0 or words[j - 1] not in PREPOSITIONS
        if w in FUNCTION_WORDS:
            return True
    return True


# words after "a" that make its noun phrase plural in sense ("there were a number of cases")
PLURAL_QUANTIFIERS = frozenset({"number", "lot", "few", "couple", "host", "handful", "dozen", "series", "total",
                                "range", "variety", "majority", "minority", "bunch", "slew", "raft", "spate",
                                "flurry", "string", "wave", "half", "third", "quarter", "hundred", "thousand",
                                "million", "billion"})


def singular_after_there(words: Sequence[str], word_classes: Mapping[str, str]) -> bool:
    """Whether the noun phrase after "there" and its verb (``words``, lower case, as far as no punctuation comes
    between) is singular, so that the verb is too: "there had been no collision" and "there had been a fire" are no
    "there were"; "there had been a number of cases" and "no injuries" leave the verb open."""
    if not words:
        return False
    if words[0] in ("a", "an", "one"):
        return len(words) > 1 and words[1] not in PLURAL_QUANTIFIERS
    if words[0] == "no" and len(words) > 1:
        return singular_noun(word_classes, words[1])
    return False


# nouns that take a plural verb in some English though singular in form ("the police were", "the team were")
COLLECTIVES = frozenset({"police", "people", "staff", "team", "government", "group", "crew", "family", "public",
                         "majority", "council", "committee", "board", "band", "club", "cattle",
                         "jury", "audience", "couple", "personnel", "media", "data"})


def singular_noun(word_classes: Mapping[str, str], word: str | None) -> bool:
    """Whether ``word`` is a noun in the singular: WordNet lists it as itself (not as a plural's singular), and it
    ends in no "s" (a plural WordNet lists as a noun of its own: "arms", "savings"), nor is it a collective or a
    function word (WordNet's "who" is the WHO)."""
    if word is None or word.endswith("s") or word in COLLECTIVES or word in FUNCTION_WORDS:
        return False
    return "n" in word_classes.get(word, "")
