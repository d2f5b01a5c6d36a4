"""Issue 12: each phrase carries its own evidence and the document is a prior.

Strong evidence is enough in one sentence (a rigid name, an agreeing acronym, a listed never-English phrase);
weak evidence (a lone swapped word, a very common listed phrase) needs a document that looks spun; clean text,
short or long, is left alone; one run reaches the fixed point.  Texts written for these tests.
"""

from __future__ import annotations

import json

import pytest

import respell
from respell import evidence as ev
from respell.cli import main
from respell.engine import SPUN_RULES

ISSUE_SENTENCE = ("Overseas Minister mentioned the UN Safety Council and satellite tv for pc launches earlier than "
                  "the Chilly Struggle.")

# A short spun news story (written for this test): the spinner's table all over it.
SPUN_STORY = (
    "The Overseas Minister mentioned on Tuesday that the firm had been planning the transfer for months. "
    "Greater than 40 nations signed the joint assertion, and the UN Safety Council will meet subsequent week. "
    "Officers additionally mentioned that the navy would purchase new gear from a Japanese firm, and that "
    "the deal was the largest of its sort since the Chilly Struggle. Analysts mentioned the transfer might "
    "assist the nation's economic system, whereas critics mentioned it was a waste of cash.")


def fixed(text: str) -> str:
    return respell.fix(text).text


def test_the_issue_sentence_alone_restores_all_four_phrases() -> None:
    assert fixed(ISSUE_SENTENCE) == ("Foreign Minister said the UN Security Council and satellite launches before "
                                     "the Cold War.")


@pytest.mark.parametrize("spun, want", [
    ("He spoke at the White Home yesterday.", "He spoke at the White House yesterday."),
    ("MPs in the Home of Commons voted.", "MPs in the House of Commons voted."),
    ("The World Well being Group issued a warning.", "The World Health Organization issued a warning."),
    ("The Nationwide Basketball Affiliation fined him.", "The National Basketball Association fined him."),
    ("Shares fell on Wall Road on Friday.", "Shares fell on Wall Street on Friday."),
    ("The Chilly Struggle ended in 1991.", "The Cold War ended in 1991."),
    # names through the news spinner's curated swaps of their last word (a writer's "appeal", "affiliation" and
    # "faculty" stay: tests/data/clean, the gazetteer's names alone); "Court docket", a form that holds the word it
    # stands for, is read only where the text does not lean clean ("stated": match.class_matches)
    ("The Court docket of Enchantment stated it would rule in May.", "The Court of Appeal said it would rule in May."),
    ("The British Medical Affiliation backed the strike.", "The British Medical Association backed the strike."),
    ("The Royal Faculty of Nursing backed the strike.", "The Royal College of Nursing backed the strike."),
    # a term the gazetteer holds in lower case only (WordNet's common noun "board of education") is a name where
    # the text capitalises it as an institution calls itself, "X of Y"
    ("The Board of Schooling said lessons would resume on Thursday.",
     "The Board of Education said lessons would resume on Thursday."),
    # a name with an ampersand: the term's key has no "&", and the name stays rigid across it
    ("Officials at the Facilities for Medicare & Medicaid Providers said the new payment rules take effect in "
     "January.", "Officials at the Centers for Medicare & Medicaid Services said the new payment rules take effect "
     "in January."),
])
def test_a_rigid_name_is_restored_in_one_sentence(spun: str, want: str) -> None:
    assert fixed(spun) == want


# Sentences written for this test: one never-English form of a fixed news phrase each, the rest of the sentence
# clean.  A listed never-English phrase is enough alone; the word-pair model may confirm it ("press conference"
# is frequent where "press convention" is not) but not refute it ("earnings call" is too rare in its counts).
@pytest.mark.parametrize("spun, want", [
    ("The mayor spoke at a press convention on Monday.", "The mayor spoke at a press conference on Monday."),
    ("The chief executive spoke on an earnings name with analysts.",
     "The chief executive spoke on an earnings call with analysts."),
    ("Lawyers for the pair did not respond to requests for remark.",
     "Lawyers for the pair did not respond to requests for comment."),
    ("The startup filed for a preliminary public providing on Monday.",
     "The startup filed for an initial public offering on Monday."),
    ("The drug is approved for adults with kind 2 diabetes.", "The drug is approved for adults with type 2 diabetes."),
    ("He pleaded not responsible to all counts.", "He pleaded not guilty to all counts."),
    ("The startup raised $50 million in a funding spherical on Monday.",
     "The startup raised $50 million in a funding round on Monday."),
    ("Officials warned that the warmth wave would last through the weekend.",
     "Officials warned that the heat wave would last through the weekend."),
    ("The loss of life toll rose to 40 on Sunday.", "The death toll rose to 40 on Sunday."),
    ("Doctors said the an infection had spread to his lungs.", "Doctors said the infection had spread to his lungs."),
    ("The client value index rose 3.2% from a year earlier.",
     "The consumer price index rose 3.2% from a year earlier."),
    # two never-English phrases: the sentence is spun, and its table words are read too
    ("Police mentioned the suspect was arrested with out incident after a taking pictures on Friday.",
     "Police said the suspect was arrested without incident after a shooting on Friday."),
    ("The actuality tv star launched a clothing line.", "The reality TV star launched a clothing line."),
    ("Apple released a software program replace to fix the bug.", "Apple released a software update to fix the bug."),
    ("Hundreds of homes were left with out running water on Tuesday.",
     "Hundreds of homes were left without running water on Tuesday."),
])
def test_a_listed_never_english_phrase_is_restored_in_one_sentence(spun: str, want: str) -> None:
    assert fixed(spun) == want


def test_an_agreeing_acronym_confirms_the_name() -> None:
    text = "The state Korean Central Information Company (KCNA) said it."
    assert fixed(text) == "The state Korean Central News Agency (KCNA) said it."
    f = [f for f in respell.check(text) if f.rule in SPUN_RULES][0]
    assert ("acronym (KCNA) matches", ev.ACRONYM_AGREES) in f.evidence


@pytest.mark.parametrize("clean", [
    "Johnson & Johnson and Marks & Spencer reported results; Research & Development spending rose at AT&T.",
    "The Safety Council met on Tuesday.",                      # a real body in some countries
    "The National Safety Council published a report.",
    "In addition, the council met.",
    "Overseas ministers met at the UN.",                       # "overseas" alone is a writer's word
    "The entries are yielded in arbitrary order.",
    "It will simply perform the default function for the signal.",
    "Within the next week, the firm said it would buy more shares.",
    "The subsequent steps depend on whether the pattern is fixed.",
    # capitalised "X of Y" bodies that are no spun form of a listed term ("Board of Trustees" is listed itself)
    "The Board of Trustees and the Chamber of Commerce met; the Board of Supervisors and the Division of Water did not.",
    "A Matter of Principle: the Department of Fire Safety answers.",
    # a title capitalises every word: "price of living" read as "cost of living" only where its capitals are its own
    "The Price of Living in London\n\nRents rose again this year.",
    # a listed key that ends in a function word begins no compound: "with out" is not in "with out-of-band"
    "Pickle protocol 5 with out-of-band data buffers.",
])
def test_clean_sentences_are_left_alone(clean: str) -> None:
    assert fixed(clean) == clean
    assert [f for f in respell.check(clean) if f.rule in SPUN_RULES and f.applies_at(0.8)] == []


def test_weak_evidence_needs_a_spun_document() -> None:
    """"mentioned" for "said" is a lone swapped word: fixed in the spun story, not in one clean sentence."""
    story = fixed(SPUN_STORY)
    assert "Analysts said" in story and "Foreign Minister said" in story
    assert "Cold War" in story and "UN Security Council" in story
    alone = "Analysts mentioned the move."
    assert fixed(alone) == alone


def test_a_rival_reading_the_n_grams_rule_out_is_set_aside() -> None:
    """"quickly" is the spinner's word for "soon" and for "rapidly": in "so quickly after" the n-grams prefer "soon"
    by far, so the restoration is applied; "sorts" (kinds or types?) stays ambiguous there, so it is only
    reported.  "extra" is the spinner's "more" on five real pages: the curated guess "additional" is no rival."""
    story = respell.check(SPUN_STORY + " Extra banks are anticipated to observe. Buyers want these sorts of offers. "
                                       "The album was launched so quickly after the tour.")
    by_word = {f.text: f for f in story}
    extra, sorts, quickly = by_word["Extra"], by_word["sorts"], by_word["quickly"]
    assert (quickly.replacement, quickly.fixable) == ("soon", True)
    assert any(name.startswith(ev.SET_ASIDE) and "rapidly" in name for name, _w in quickly.evidence)
    assert (extra.replacement, extra.fixable) == ("More", True)
    assert not any("rival" in name for name, _w in extra.evidence)
    assert sorts.replacement == "kinds" and not sorts.fixable and set(sorts.candidates) == {"kinds", "types"}


def test_a_reading_seen_on_real_pages_is_not_made_ambiguous_by_a_curated_guess() -> None:
    """"said" is the spinner's source of "mentioned" on six real spun pages; the curated reading "discussed" no
    longer makes it report-only where the n-grams know no context ("academics mentioned test scores")."""
    said = ev.Link("said", "news", 6.0, "dev-pages")
    assert not ev.a_rival_to(said, ev.Link("discussed", "news", 6.0, "curated"))
    assert not ev.a_rival_to(said, None)
    assert ev.a_rival_to(said, ev.Link("stated", "news", 1.0, "dev-pages"))
    assert ev.a_rival_to(ev.Link("said", "news", 2.0, "dev-pages"), None)  # seen on two pages: a guess still counts
    assert ev.a_rival_to(ev.Link("soon", "news", 6.0, "curated"), None)
    fixed = respell.fix(SPUN_STORY + " Academics mentioned test scores had improved.").text
    assert fixed.endswith("Teachers said test scores had improved.")  # ("academics": the spinner's teachers)


def test_a_word_written_as_a_call_is_code() -> None:
    text = SPUN_STORY + " Extra banks may name the extra() helper."
    assert fixed(text).endswith(" More banks may call the extra() helper.")


def test_the_document_prior_moves_the_threshold() -> None:
    spun = respell.analyse(SPUN_STORY).spin
    clean = respell.analyse("Analysts mentioned the move.").spin
    assert ev.document_prior(spun) > ev.WORD_PRIOR > ev.document_prior(clean)
    long_clean = respell.analyse(" ".join(["The council met and the members spoke about the budget."] * 40)).spin
    assert ev.document_prior(long_clean) < -3 < ev.document_prior(clean)  # a long text with no signature is clean


def test_evidence_items_name_their_source() -> None:
    f = [f for f in respell.check("The Chilly Struggle ended in 1991.") if f.text == "Chilly Struggle"][0]
    names = [n for n, _w in f.evidence]
    assert "a name as written is unknown; its swaps give a known name" in names
    assert "document prior" in names
    assert f.confidence == pytest.approx(ev.confidence(f.evidence, 0.0))


@pytest.mark.parametrize("text", [ISSUE_SENTENCE, SPUN_STORY, SPUN_STORY + "\n\n" + ISSUE_SENTENCE])
def test_one_fix_reaches_the_fixed_point(text: str) -> None:
    once = fixed(text)
    assert fixed(once) == once
    a = respell.analyse(text)
    assert all(text[f.start:f.end] == f.text for f in a.findings)


def test_group_by_shares_the_document_prior(tmp_path, capsys) -> None:
    """Paragraph records of one spun story share its prior: a weak phrase is fixed with --group-by only."""
    paragraphs = [p + "." for p in SPUN_STORY.split(". ")] + ["Analysts mentioned the transfer might assist."]
    lines = [json.dumps({"url": "a", "text": p}) for p in paragraphs]
    lines.append(json.dumps({"url": "b", "text": "Analysts mentioned the move."}))
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["fix", "--jsonl", str(path)]) == 1
    alone = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert main(["fix", "--jsonl", "--group-by", "url", str(path)]) == 1
    grouped = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert len(alone) == len(grouped) == len(lines)
    # the last paragraph of the story is too short to judge alone; the story's shared prior restores it
    assert alone[-2] == "Analysts mentioned the transfer might assist."
    assert grouped[-2] == "Analysts said the transfer might help."
    assert grouped[-1] == alone[-1] == "Analysts mentioned the move."  # another document: its own prior


def test_group_by_needs_jsonl(capsys) -> None:
    assert main(["check", "--group-by", "url", "-"]) == 2
    assert "--group-by applies to JSON Lines records" in capsys.readouterr().err


def test_two_uses_of_a_signature_word_prove_less_than_three() -> None:
    """A clean paragraph may say "within" twice ("losses within its book", "within weeks"): two uses of a
    signature word weigh at most 1.2 nats, three or more 2; one 0.5.  At 2 nats for two, a clean news text written
    with the table's words, and one more sentence, was judged spun (found by tests/test_properties.py)."""
    f_within, f_in = ev.word_frequency("within"), ev.word_frequency("in")
    assert ev.binomial_llr(2, 2, f_within, f_in) == pytest.approx(1.2)
    assert ev.binomial_llr(3, 2, f_within, f_in) == pytest.approx(2.0)
    assert ev.binomial_llr(1, 0, f_within, f_in) == pytest.approx(0.5)
    assert ev.binomial_llr(0, 5, f_within, f_in) < 0


def test_a_repeated_sentence_counts_for_spinning_once() -> None:
    """A duplicated paragraph or a quotation given twice is one choice of the writer: a spun form that counts for
    spinning is counted once per repeated sentence.  Two places in one sentence stay two."""
    from respell.match import FingerprintScanner
    from respell.text import Document
    scanner = FingerprintScanner(respell._engine(None).lexicon)

    def count(text: str) -> int:
        return scanner.distinct_counts(Document(text), 0, len(text), {"however"}).get("however", 0)

    once = "Building faster, however, depends on the yards. "
    assert count(once) == 1
    assert count(once + "Costs rose.\n\n" + once) == 1
    assert count(once.strip() + "\n\nCosts rose. " + once) == 1  # a paragraph's sentence repeated inside another
    both = "The plan, however, was late; the cost, however, was not. "
    assert count(both) == 2
    assert count(both + "Costs rose. " + both) == 2
    assert count(once + "Prices, however, fell. ") == 2
    assert scanner.counts(Document(once + once))[0]["however"] == 2  # the plain counts are every occurrence


def test_a_spun_form_of_several_words_counts_once_real_pages_attest_it() -> None:
    """The spinner's "had been" (were) and "right here" (here) are counted in a text, as its one-word forms are;
    "here" inside "right here" is the spinner's, not the writer's; "is able to" (will, seen on one page) is a
    writer's phrase too and is not counted."""
    from respell.match import FingerprintScanner
    from respell.text import Document
    lexicon = respell._engine(None).lexicon
    scanner = FingerprintScanner(lexicon)
    text = "They had been right here before. It is able to run, and we were here."
    counts, _words = scanner.counts(Document(text))
    assert counts["had been"] == 1 and counts["right here"] == 1 and counts["here"] == 2
    assert "is able to" not in counts
    assert ev.counted_form("within", 0.8) and not ev.counted_form("is able to", 0.8)
    report = ev.spin_evidence(lexicon, [], counts, 15)
    assert report.swap_llr["right here"] > 0  # once spun against once written: "here" 2x holds one "right here"


def test_a_short_text_that_leans_spun_but_is_not_judged_is_tried() -> None:
    """A short text's signature words alone can reach the trial's evidence without the three positive signatures a
    verdict needs; it is tried (never at less than its own evidence), not left between trial and verdict."""
    leaning = ev.SpinReport(5.1, words=90, positives=1)
    assert not leaning.spun and ev.worth_a_trial(leaning)
    assert ev.trial_spin(leaning).evidence == 5.1 and ev.trial_spin(leaning, ev.SHORT_JUDGED).evidence == ev.SHORT_JUDGED
    assert ev.worth_a_trial(ev.SpinReport(4.2, words=90, positives=3))  # judged spun, weakly: tried as before
    assert not ev.worth_a_trial(ev.SpinReport(5.1, words=90, positives=3))  # judged spun: nothing to try
    assert not ev.worth_a_trial(ev.SpinReport(5.1, words=400, positives=1))  # long: its evidence decides


# Sentences written for these tests: the news spinner's table all over one sentence, and clean sentences that use
# many of the table's words for reasons of their own.
MANY_SIGNS = [
    ("The firm mentioned that outcomes have been blended, whereas the variety of firms additionally fell within the "
     "quarter.",
     "The company said that results were mixed, while the number of companies also fell in the quarter."),
    ("Shares of the corporate rose practically 2% after the financial institution raised its value goal, whereas "
     "analysts mentioned outcomes have been sturdy.",
     "Shares of the company rose nearly 2% after the bank raised its value goal, while analysts said results were "
     "strong."),
    # two term restorations that keep the same word ("week") are two choices of the writer, not one sign
    ("Whereas most firms reported over the previous week, about a fifth of the index plans to report subsequent "
     "week.",
     "While most companies reported over the past week, about a fifth of the index plans to report next week."),
]


@pytest.mark.parametrize("spun, want", MANY_SIGNS)
def test_one_sentence_with_many_independent_signs_is_judged_spun_alone(spun: str, want: str) -> None:
    assert fixed(spun) == want
    assert respell.score(spun) > 0.5
    assert fixed(want) == want


@pytest.mark.parametrize("text", [
    "Within the block, these checks resolve each query against the stored values and report the additional names "
    "they find.",
    "The most common usage is to supply neither keyword argument; if you supply values, they are modified and "
    "stored before the call returns.",
    "Investors said results were mixed, while the number of companies that also fell in the quarter was small.",
    # formal English with three of the table's words, which were also what made the text lean spun (the lean and
    # the signs must be independent: ``evidence.spun_by_signs``)
    "The physician stated that the patient had been improving, and additionally that further tests would follow "
    "within the week.",
    "Many individuals within the community have supported the plan, the organisers stated, and the outcomes of the "
    "survey bear that out.",
    # written to pack five of the spinner's favourite words (However, mentioned, crew, had been, within): judged
    # spun by its signs until the lean they are weighed with had to come from other words
    "However, officials mentioned that the crew had been working within the area for months, and the authorities "
    "have been told.",
])
def test_a_short_clean_text_using_the_tables_words_is_left_alone(text: str) -> None:
    assert [(f.text, f.replacement) for f in respell.fix(text).findings if f.rule in SPUN_RULES] == []


def test_restorations_sharing_a_word_are_one_sign() -> None:
    from respell.engine import _sign_words
    words, content = _sign_words("supply values")
    assert content and {"supply", "values"} <= words and "value" in words  # the singular too: see below
    assert _sign_words("within") == ({"within"}, False) and _sign_words("had been") == ({"been had"}, False)
    # the words a restoration replaces, not those it keeps: "the previous week" and "subsequent week" share none
    assert _sign_words("the previous week", "the past week")[0] & _sign_words("subsequent week", "next week")[0] == set()
    assert _sign_words("rates of interest", "interest rates") == _sign_words("rates of interest")  # only reordered
    strong = 1.5
    signs = [(words, own, content) for phrase, own in [
        ("supply", strong + 1), ("supply values", strong + 1), ("modified", strong), ("stored", strong),
        ("within", strong), ("within", strong), ("checks", strong - 0.1)] for words, content in [_sign_words(phrase)]]
    assert ev.many_signs(signs, strong) == 4  # supply, modified, stored, within: "supply values" and the second
    # "within" share a word with a sign already counted, and "checks" is too weak
    assert ev.many_signs(signs, strong, content_only=True) == 3  # "within" is no content word
    assert ev.many_signs(signs, strong + 1) == 1
    # a word and its plural restored are one choice of the writer ("query" -> "question" twice, "queries" ->
    # "questions" once, in one documentation paragraph, were three signs)
    inflected = [(_sign_words(phrase)[0], strong, True) for phrase in ("query", "queries", "assertions", "assertion",
                                                                       "studies", "study", "boxes")]
    assert ev.many_signs(inflected, strong) == 4  # query, assertion, study, boxes (seven without the singulars)


def test_four_fair_signs_or_three_strong_content_ones_judge_a_short_text() -> None:
    (four, fair, any_word, lean4, _), (three, strong, content_only, lean3, _), _weak_rule, _lead_rule = ev.SHORT_SIGNS
    assert four > three and fair < strong and not any_word and content_only
    assert lean4 == lean3 == ev.SHORT_TRIAL_FROM  # any text worth a trial
    words = [frozenset([w]) for w in ("alpha", "beta", "gamma", "delta")]
    assert ev.spun_by_signs([(w, fair, True) for w in words]) == 4
    assert ev.spun_by_signs([(w, fair, False) for w in words]) == 4
    assert ev.spun_by_signs([(w, fair, True) for w in words[:3]]) == 0
    assert ev.spun_by_signs([(w, strong, True) for w in words[:3]]) == 3
    assert ev.spun_by_signs([(w, strong, True) for w in words[:2]] + [(words[2], strong, False)]) == 0
    assert ev.spun_by_signs([(w, strong, True) for w in words[:2]] + [(words[2], strong - 0.01, True)]) == 0


def test_two_strong_signs_judge_a_short_text_when_one_is_proof_on_its_own() -> None:
    strong, lead = ev.STRONG_SIGN, ev.LEAD_SIGN
    assert lead > 3.14  # above the strongest sign of any clean text measured (see ``LEAD_SIGN``)
    words = [frozenset([w]) for w in ("finest purchase", "considerations", "tariffs")]
    assert ev.spun_by_signs([(words[0], lead, True), (words[1], strong, True)]) == 2
    assert ev.spun_by_signs([(words[0], lead - 0.01, True), (words[1], strong, True)]) == 0  # no proof among them
    assert ev.spun_by_signs([(words[0], lead, True), (words[1], strong - 0.01, True)]) == 0  # the other too weak
    assert ev.spun_by_signs([(words[0], lead, True), (words[1], strong, False)]) == 0  # a function word's choice
    assert ev.spun_by_signs([(words[0], lead, True)]) == 0  # one phrase alone only restores itself
    assert ev.spun_by_signs([(words[0], lead, True), (words[0], strong, True)]) == 0  # the same words twice: one sign
    assert ev.spun_by_signs([(words[0], lead, True), (words[1], strong, True)], ev.SHORT_TRIAL_FROM - 0.01) == 0


def test_one_proof_its_own_reading_finds_judges_a_short_text() -> None:
    """A restoration of LEAD_SIGN nats, found at the text's own prior, shows the text passed through the spinner;
    its other table words are then read as a spun text's, each still on evidence of its own (``word_stands``)."""
    lead = ev.LEAD_SIGN
    assert ev.is_proof(lead, True)
    assert not ev.is_proof(lead - 0.01, True)  # a strong sign short of proof: its phrase alone
    assert not ev.is_proof(lead, False)  # a function word's choice is never proof
    import respell
    text = "The Dow Jones Industrial Common closed 1.2 p.c higher on Friday as traders cheered the jobs report."
    assert respell.fix(text).text == ("The Dow Jones Industrial Average closed 1.2 percent higher on Friday as "
                                      "investors cheered the jobs report.")
    # a short text is open to a proof however much its canonical words lean against spinning (-0.84 nats here)
    text = ("In a statement, the Facilities for Illness Management and Prevention said the outbreak had slowed, and "
            "it said new cases fell for a third week; officers mentioned more testing was planned.")
    assert respell.get_engine().spin(text).evidence < 0 and not ev.worth_a_trial(respell.get_engine().spin(text))
    assert respell.fix(text).text == text.replace(
        "Facilities for Illness Management", "Centers for Disease Control").replace("officers mentioned",
                                                                                  "officials said")
    # in a longer text leaning clean the proof judges its own sentence, not the writer's sentences around it
    paragraph = ("Health officials in three states said on Tuesday that hospital admissions had eased over the past "
                 "month. Doctors at several clinics said they were seeing fewer patients with severe symptoms. "
                 + text + " State officials said schools would stay open and that vaccination sites would keep "
                 "their weekend hours until the end of March.")
    assert respell.fix(paragraph).text == paragraph.replace(text, respell.fix(text).text)
    # nor a short text worth a trial: the proof is its sentence's ("stay" is the table's "remain" too)
    two = ("The Dow Jones Industrial Common closed 1.2 p.c higher on Friday as traders cheered the jobs report. "
           "The city's schools would stay open through the storm, the mayor said.")
    assert ev.worth_a_trial(respell.get_engine().spin(two))
    assert respell.fix(two).text == two.replace("Common", "Average").replace("p.c", "percent").replace(
        "traders", "investors")
    # a proof only the trial's prior finds is none: in a clean sentence "Supreme Court docket" is no name
    clean = "The case is on the Supreme Court docket this term."
    assert respell.fix(clean).text == clean


def test_a_listed_spinner_phrase_makes_a_short_text_worth_a_trial() -> None:
    """A listed phrase's weight can be cancelled by the canonical words the text also uses ("buying and selling"
    beside "on Monday" and "market": 0.09 nats); the text is still tried, and judged by its signs."""
    plain = ev.SpinReport(0.09, words=40)
    listed = ev.SpinReport(0.09, words=40, listed_by={"news": 0.6})
    assert not ev.worth_a_trial(plain) and ev.worth_a_trial(listed)
    assert ev.trial_lean(plain) == 0.09 and ev.trial_lean(listed) == ev.SHORT_TRIAL_FROM
    assert ev.trial_lean(ev.SpinReport(2.0, words=40, listed_by={"news": 0.6})) == 2.0
    outweighed = ev.SpinReport(-1.0, words=40, listed_by={"news": 0.6})  # the rest of the text leans against spinning
    assert ev.trial_lean(outweighed) == -1.0 and not ev.worth_a_trial(outweighed)
    import respell
    text = ("Bitcoin rose 5% on Monday as buying and selling quantity on the most important crypto trade doubled. "
            "Buyers moved their cash from a digital pockets to chilly storage after regulators warned a couple of "
            "new digital foreign money, and the overseas trade market was calm.")
    fixed = respell.fix(text).text
    assert "trading volume" in fixed and "cold storage" in fixed and "foreign exchange market" in fixed
    assert "warned a couple of new" in fixed  # "about" or "a few": report-only


def test_three_weak_signs_judge_a_short_text_only_where_its_signatures_lean_spun() -> None:
    _four, _three, (three, weak, content_only, leaning, _), _lead_rule = ev.SHORT_SIGNS
    assert three == 3 and weak < ev.FAIR_SIGN and not content_only and leaning > ev.SHORT_TRIAL_FROM
    words = [frozenset([w]) for w in ("alpha", "beta", "gamma")]
    signs = [(w, weak, False) for w in words]
    assert ev.spun_by_signs(signs, leaning) == 3
    assert ev.spun_by_signs(signs, leaning - 0.01) == 0  # the same restorations in a text leaning less
    assert ev.spun_by_signs(signs[:2], leaning + 5) == 0  # two signs are never enough
    assert ev.spun_by_signs([(words[0], weak, False), (words[0], weak, False), (words[1], weak, False)],
                            leaning) == 0  # one word restored twice is one sign
    assert ev.spun_by_signs([(w, weak - 0.01, False) for w in words], leaning) == 0
    # the lean this rule asks for is the part the signs' own words do not give
    assert ev.spun_by_signs(signs, leaning, leaning) == 3
    assert ev.spun_by_signs(signs, leaning + 1, leaning - 0.01) == 0


def test_a_weak_lone_word_stands_in_a_spun_document_only_where_its_neighbours_do_not_prefer_it() -> None:
    spun, clean = ev.WORD_SPUN_PRIOR, ev.WORD_SPUN_PRIOR - 0.01
    link = ("swap link", 0.53)
    usage = ("the document uses the spun form as a spinner does", 0.42)
    assert ev.word_stands([link, usage, (ev.WORD_NGRAMS, 0.01)], spun)
    assert ev.word_stands([link, usage], spun)  # the n-grams know nothing here
    assert not ev.word_stands([link, usage, (ev.WORD_NGRAMS, -0.06)], spun)  # "The launch went well."
    assert ev.word_stands([link, usage, (ev.WORD_NGRAMS, 0.5)], spun)  # firm: at least WORD_FIRM
    assert ev.word_stands([("swap link", 0.9), usage, (ev.WORD_NGRAMS, -0.2)], spun)  # 1.12: firm enough
    assert not ev.word_stands([("swap link", ev.WORD_MIN_SPUN - 0.01)], spun)
    assert not ev.word_stands([link, usage, (ev.WORD_NGRAMS, 1.0)], clean)  # 1.95 < WORD_MIN outside spun text
    assert ev.word_stands([link, usage, (ev.WORD_NGRAMS, 1.4)], clean)


def test_the_writer_s_launch_in_a_spun_launch_story_stays() -> None:
    text = ("The company launched a new satellite tv for pc last week.\n"
            "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n"
            "The launch went well.\n")
    assert fixed(text) == text.replace("satellite tv for pc", "satellite").replace(
        "synthetic intelligence", "artificial intelligence").replace("machine studying", "machine learning")


def test_a_listed_phrase_unattested_as_written_is_weighed_by_the_n_grams() -> None:
    """A listed spinner phrase that is also ordinary English ("greater than") gets no n-gram evidence: the list
    says so, and the n-grams would only say that "more than" is commoner.  One the n-grams do not attest as
    written ("photo voltaic") is weighed against its canonical wording, as a term is; a never-English one only
    gains from it.  (The fingerprint rule alone: with the swap table on, "greater than" is its reading, which the
    neighbours make stronger: Engine._word_findings.)"""
    from respell.engine import Engine, Options
    text = ("The agency mentioned that the firms had been planning a transfer within the coming weeks, and the "
            "enterprise capitalists wished to purchase greater than 100 firms in photo voltaic. The Wall Road "
            "traders had been buying and selling greater than 2% larger.")
    found = {f.text: f for f in Engine().analyse(text, Options(min_confidence=0.0, rules=("fingerprint",))).findings
             if f.rule == "fingerprint"}
    ngrams = [w for n, w in found["photo voltaic"].evidence if n.startswith(ev.NGRAMS)]
    assert found["photo voltaic"].replacement == "solar" and ngrams and ngrams[0] > 0
    assert "greater than" in found
    assert not [n for n, _w in found["greater than"].evidence if n.startswith(ev.NGRAMS)]
    # a never-English listed phrase ("Wall Road") may be confirmed by the n-grams, never refuted
    assert all(w > 0 for f in found.values() for n, w in f.evidence if n.startswith(ev.NGRAMS))


def test_while_a_short_text_is_judged_every_reading_stays_a_rival() -> None:
    said = ev.Link("said", "news", 6.0, "dev-pages")
    assert ev.a_rival_to(said, None, trial=True)
    assert ev.a_rival_to(said, ev.Link("discussed", "news", 6.0, "curated"), trial=True)


def test_a_listed_phrase_discounts_only_its_own_listing_from_the_listed_evidence() -> None:
    """A listed phrase may not corroborate itself: its own weight leaves the document's evidence, and its own
    listing leaves the listed evidence.  Its words' use as spinner output ("information" for "data") is part of
    the document's evidence, not of the listed phrases', so it does not come off the listed part twice."""
    spin = ev.SpinReport(2.4, words=12, listed_by={"science": 2.0})
    own = (2.0, 2.4)  # the phrase's listing, and that with its words' signature evidence
    assert ev.document_prior(spin, listed_phrase=True, own=own) == pytest.approx(ev.PRIOR_SLOPE * -ev.LISTED_PIVOT)
    assert ev.document_prior(spin, own=own) == pytest.approx(ev.PRIOR_SLOPE * -ev.PRIOR_PIVOT)


def test_a_text_not_judged_spun_holds_the_swaps_of_the_family_its_listed_phrases_show() -> None:
    """A paper showing tortured phrases and nothing of the news spinner: the news table's swaps ("convention" ->
    "conference", "world" -> "global") are no better than a thesaurus's there, and lone words are not looked for;
    a text showing neither family (or both) may hold either."""
    def report(**families: float) -> ev.SpinReport:
        return ev.SpinReport(2.4, families=families, positives=1, strong=1)

    assert not report(science=2.0, news=0.4).spun
    assert report(science=2.0, news=0.4).active == frozenset({"science"})
    assert report(science=2.0, news=-0.3).active == frozenset({"science"})
    assert report(science=2.0, news=0.8).active == frozenset({"news", "science"})
    assert report(news=0.4).active == frozenset({"news", "science"})
    assert report().active == frozenset({"news", "science"})
    assert report(news=2.0, science=0.0).active == frozenset({"news"})


def test_a_name_known_in_the_other_spelling_is_the_writer_s(monkeypatch) -> None:
    """"World Trade Centre" is the British spelling of a known name, not a spun "International Trade Centre"
    (the swap "world" <- "international" gives a known name too): not even a weak candidate."""
    monkeypatch.setattr(ev, "REPORT_FLOOR", 0.05)
    text = "Firefighters worked at the World Trade Centre site for weeks."
    assert [(f.text, f.replacement) for f in respell.analyse(text).findings] == []
    # the check reads the other spelling only: a name unknown in both is still a candidate
    assert any(f.replacement == "Cold War" for f in respell.analyse("The Chilly Struggle ended.").findings)


def test_tortured_keys_english_as_written_show_no_paper() -> None:
    """Two tortured-list keys that are ordinary English ("third request", "fourth request": the list's readings
    are "differential equation and 3rd order") judged a police story spun and rewrote both; such keys (status
    spun) add nothing to a document's evidence, while the news spinner's spun forms still count."""
    assert ev.fingerprint_weight("spun", "science") == 0.0
    assert ev.fingerprint_weight("spun", "news") == 0.6 and ev.fingerprint_weight("fix", "science") == 2.0
    text = "Police said the third request for records was denied, and a fourth request is pending."
    analysis = respell.analyse(text)
    assert not analysis.spin.spun and analysis.findings == []


def test_a_phrase_attested_as_written_is_no_unnatural_phrase() -> None:
    """The n-grams' preference for a frequent term counts fully against a phrase no corpus attests ("profound
    learning"), and at most NATURAL_ATTESTED against one that is attested ("heart ailments")."""
    lexicon = respell.Engine().lexicon
    assert ev.naturalness(lexicon, ("heart", "ailments"), ("heart", "disease")) > ev.NATURAL_ATTESTED
    assert ev.term_naturalness(lexicon, ("heart", "ailments"), ("heart", "disease")) == ev.NATURAL_ATTESTED
    unattested = ev.term_naturalness(lexicon, ("profound", "learning"), ("deep", "learning"))
    assert unattested == ev.naturalness(lexicon, ("profound", "learning"), ("deep", "learning")) > ev.NATURAL_ATTESTED


# Listed phrases beside the swap table's lone-word readings (Engine._word_findings, plan.resolve_overlaps); texts
# written for these tests.

def test_a_listed_phrase_holds_its_span_against_a_reading_of_its_own_words() -> None:
    """"in particular person" is the spinner's "in person": the table's "particular person" -> "individual" (a
    stronger lone-word reading) may not take the phrase apart ("in individual")."""
    text = ("The group mentioned on Monday that its members had held their first assembly in particular person since "
            "the pandemic, and that the firms concerned had agreed to lower manufacturing by a tenth.")
    found = {(f.text, f.replacement, f.rule) for f in respell.fix(text).findings}
    assert ("in particular person", "in person", "fingerprint") in found
    assert not any("individual" in r for _t, r, _rule in found)


def test_the_stronger_of_two_readings_writing_the_same_words_is_reported() -> None:
    """"got here" -> "came" is both a listed phrase that is also English and a swap read with its neighbours: the
    reading with more evidence stands for the edit (its confidence is what --min-confidence compares)."""
    text = ("The vote got here after a week of talks. Officials mentioned the rules would take effect in the spring, "
            "and the firms mentioned they would comply. Overseas Minister Park told the UN Safety Council that the "
            "Chilly Struggle was over.")
    got = [f for f in respell.fix(text).findings if f.text == "got here"]
    assert [(f.replacement, f.rule) for f in got] == [("came", "spinner-swap")]
    assert got[0].confidence > 0.95


def test_a_writer_s_verb_in_a_look_alike_document_stays() -> None:
    """Found by the long property run (seventh session; present since before it): two look-alike sentences of the
    property tests' pool ("The guards instructed reporters to leave the courtroom", "the firm warned that loan
    losses within its commercial property book") gave four fair signs, and the text leans spun only by its listed
    phrase "instructed reporters", itself one of the signs.  A strict xfail until "within" was read as the
    spinner's form only before "the" (``grammar.spinner_form_here``): "within its" is no sign now, and three
    look-alike signs judge no text."""
    text = ("The guards instructed reporters to leave the courtroom before the verdict was read. Shares of the "
            "regional lender fell sharply on Tuesday after the firm warned that loan losses within its commercial "
            "property book would rise. British Airways and Virgin Atlantic added flights, and the National Safety "
            "Council warned drivers before the holiday. Inside Edition interviewed the founder of Applied Digital, and "
            "General Dynamics won a contract.\n\nSpecific Media was sold in 2016. Basic Income Earth Network held its "
            "congress in Seoul, and the Safety Council of the city met on Monday.\n")
    assert [(f.text, f.replacement) for f in respell.fix(text).findings
            if f.rule in SPUN_RULES and f.applies_at(0.8)] == []


def test_a_writers_variation_of_a_word_pair_is_no_sign_of_the_spinner() -> None:
    """Writers alternate "the company" and "the firm" (the ninth session's red team): "company said" elsewhere in
    the text vouches for no "firm said" -> "company said", as it would for a known term written both ways."""
    text = ("The company said the outage had been caused by a faulty software update. The firm said services had "
            "been restored within hours.")
    assert respell.fix(text).text == text


@pytest.mark.parametrize("text, evidence", [
    # the spinner writes "within" only for "in the": only there is "in" an occasion it passed up ...
    ("We met in the hall in the morning, and later in the city.", -0.665),
    ("We met in 2020, in Paris, in a hurry and in person.", 0.0),
    # ... and only there is "within" its form
    ("We met within the hall within the hour and within the city.", 1.9),
    ("We met within a week, within 30 miles and within budget.", 0.0),
])
def test_within_and_in_count_only_before_the(text: str, evidence: float) -> None:
    assert respell.get_engine().spin(text).evidence == pytest.approx(evidence, abs=0.01)


def test_a_signature_whose_spun_forms_are_never_counted_is_not_counted() -> None:
    """"because" is the canonical word of a signature whose only spun form, "as a result of", is seen on one real
    page (not counted: ``evidence.SIGNATURE_PHRASE_PAGES``); its uses could only ever speak for the writer."""
    text = "He left because it rained, because they asked, because their plans changed and because it was late."
    spin = respell.get_engine().spin(text)
    assert spin.evidence == 0.0 and spin.signatures == []


def test_two_readings_of_one_replaced_word_are_not_twice_the_evidence() -> None:
    """"trucking firm" -> "trucking company" and "firm reported" -> "company reported" agree and are merged into one
    finding: one choice of the writer ("firm"), so its own evidence is the stronger reading's, not their sum; readings
    that replace different words are two choices and both count."""
    a = (("swap links", 0.6), ("n-grams", 2.0), (ev.PRIOR, 0.7))
    b = (("swap links", 0.6), ("n-grams", 1.5), (ev.PRIOR, 0.7))
    firm = frozenset({"firm"})
    assert ev.own_evidence(ev.merged_evidence(a, firm, b, firm)) == ev.own_evidence(a)
    assert ev.own_evidence(ev.merged_evidence(b, firm, a, frozenset({"firm", "gear"}))) == ev.own_evidence(a)
    assert ev.own_evidence(ev.merged_evidence(a, firm, b, frozenset({"gear"}))) == \
        ev.own_evidence(a) + ev.own_evidence(b)
    # a clean market brief of the fifth red team: the merged reading of "firm" was a proof on its own (5.6 nats, two
    # readings summed) and judged the text spun ("sturdy demand" -> "strong demand", "anticipated" -> "expected")
    text = ("Marlin Freight Corp. shares jumped 11% after the trucking firm reported third-quarter earnings that were "
            "well above what analysts had anticipated, helped by sturdy demand from retailers restocking ahead of the "
            "holidays.")
    assert respell.fix(text).text == text
