"""Properties of the hand-written news data: swaps_news.tsv, fingerprints_news.tsv, gazetteer_curated.tsv."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

DICT = Path(__file__).resolve().parents[1] / "dictionaries"
SWAPS, FPS, GAZ = "swaps_news.tsv", "fingerprints_news.tsv", "gazetteer_curated.tsv"

# Clean English that must never be restored blindly (status fix): each is ordinary wording somewhere.
CLEAN_PHRASES = [
    "in addition", "as well as", "in addition to", "had been", "have been", "within the", "brand new",
    "the place", "safety council", "national safety council", "insurance policies", "in opposition to",
    "greater than", "earlier than", "know-how", "applied sciences", "buying and selling", "as a result of",
    "based on", "in line with", "so as to", "in an effort to", "at the moment", "up to now", "by no means",
    "go to", "referred to as", "known as", "most cancers", "sports activities", "chinese language",
    "well being", "white home", "financial institution", "dad and mom", "got here", "have an effect on",
    "deep studying", "wall road", "rates of interest", "tens of millions", "in different phrases",
]
# Spun phrases of the seed article: the data must generalise, not memorise them.
SEED_ONLY = [
    "chilly struggle", "un safety council", "overseas minister", "overseas ministers", "overseas affairs",
    "korean central information company", "joint assertion", "tipping level", "navy gear",
    "launch middle", "strongest potential phrases", "arms commerce", "typical weapons", "navy capabilities",
]
FUNCTION_WORDS = {"the", "of", "a", "an", "and", "or", "to", "in", "on", "at", "by", "for", "with", "is"}


@cache
def rows(name: str) -> list[list[str]]:
    out = []
    for line in (DICT / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


@cache
def header(name: str) -> str:
    return "\n".join(l for l in (DICT / name).read_text(encoding="utf-8").splitlines() if l.startswith("#"))


@pytest.mark.parametrize("name", [SWAPS, FPS, GAZ])
def test_header_states_hand_written_and_licence(name: str) -> None:
    head = header(name)
    assert "hand-written for respell" in head
    assert "licence: same as respell (MIT)" in head


def test_swaps_shape() -> None:
    data = rows(SWAPS)
    assert len(data) >= 500
    assert all(len(r) == 4 for r in data)
    assert not [r for r in data if r[0] == r[1]], "a swap maps a word to itself"
    assert not [r for r in data if r[0] != r[0].lower() or r[1] != r[1].lower()], "swaps must be lower case"
    assert not [r for r in data if r[3] not in {"dev-pages", "curated"}], "unknown source"
    assert not [r for r in data if r[3] == "curated" and not 1 <= int(r[2]) <= 10], "curated weight outside 1-10"
    assert not [r for r in data if r[3] == "dev-pages" and int(r[2]) < 1], "learned swap without attestation"
    keys = [(r[0], r[1]) for r in data]
    assert len(keys) == len(set(keys)), "duplicate swap"


def test_swaps_no_numerals_and_no_bare_function_word_pairs() -> None:
    data = rows(SWAPS)
    assert not [r for r in data if re.search(r"\d", r[0])], "numeral canonical"
    # a lone function word may only be swapped for a longer phrase (e.g. in -> within), never for another one
    assert not [r for r in data if r[0] in FUNCTION_WORDS and r[1] in FUNCTION_WORDS]


def test_swaps_hold_known_signatures() -> None:
    pairs = {(r[0], r[1]): r for r in rows(SWAPS)}
    for pair in [("security", "safety"), ("foreign", "overseas"), ("military", "navy"), ("cold", "chilly"),
                 ("war", "struggle"), ("people", "individuals"), ("said", "mentioned"), ("company", "firm"),
                 ("technologies", "applied sciences"), ("satellite", "satellite tv for pc"),
                 ("venture", "enterprise"), ("learning", "studying"), ("models", "fashions"),
                 ("eastern", "japanese"), ("policy", "coverage"), ("statement", "assertion")]:
        assert pair in pairs, f"missing swap {pair}"
    assert pairs[("company", "firm")][3] == "dev-pages" and int(pairs[("company", "firm")][2]) >= 5


def test_fingerprints_shape() -> None:
    data = rows(FPS)
    assert len(data) >= 100
    assert all(len(r) == 4 for r in data)
    assert not [r for r in data if r[0] != r[0].lower()], "spun keys must be lower case"
    assert not [r for r in data if r[2] not in {"fix", "spun", "report"}]
    assert not [r for r in data if "|" in r[1] and r[2] != "report"]
    assert not [r for r in data if r[0] == r[1].lower()], "fingerprint restores itself"
    assert not [r for r in data if not r[3].strip()], "note missing"
    firsts = [r[0] for r in data]
    assert firsts == sorted(firsts, key=str.lower) and len(firsts) == len(set(firsts))


def test_no_fix_key_is_a_canonical_term() -> None:
    gaz = {r[0].lower() for r in rows(GAZ)}
    clash = [r[0] for r in rows(FPS) if r[2] == "fix" and r[0] in gaz]
    assert not clash, f"fix keys that the gazetteer lists as canonical: {clash}"


@pytest.mark.parametrize("phrase", CLEAN_PHRASES)
def test_clean_phrase_is_never_fixed(phrase: str) -> None:
    status = {r[0]: r[2] for r in rows(FPS)}
    assert status.get(phrase) != "fix", f"clean English {phrase!r} would be auto-fixed"


@pytest.mark.parametrize("phrase", SEED_ONLY)
def test_seed_phrases_are_not_fingerprints(phrase: str) -> None:
    keys = {r[0] for r in rows(FPS)}
    assert phrase.lower() not in keys


def test_fingerprint_canonicals_are_not_spun_keys() -> None:
    keys = {r[0] for r in rows(FPS)}
    clash = [(r[0], c) for r in rows(FPS) for c in r[1].split("|") if c.lower() in keys]
    assert not clash


def test_known_fingerprints() -> None:
    status = {r[0]: r[2] for r in rows(FPS)}
    assert status["satellite tv for pc"] == "fix"
    assert status["synthetic intelligence"] == "fix"
    assert status["machine studying"] == "fix"
    for key in ("applied sciences", "insurance policies", "in opposition to", "know-how", "buying and selling"):
        assert status[key] == "spun", key
    assert status["the place"] == "report"
    assert "had been" not in status and "within the" not in status


def test_gazetteer_shape_and_order() -> None:
    data = rows(GAZ)
    assert len(data) >= 3000
    assert all(len(r) == 2 and r[1] == "1" for r in data)
    terms = [r[0] for r in data]
    assert terms == sorted(terms, key=str.lower), "gazetteer not sorted by lower-cased term"
    assert len(terms) == len(set(terms)), "term repeated"
    # a term may appear in two cases only when both are in use (a title and the generic phrase)
    assert {"Foreign Minister", "foreign minister", "Foreign Policy", "foreign policy"} <= set(terms)
    assert not {"Time", "Science", "Nature", "Congress"} & set(terms), "bare common word listed as a term"
    assert not [t for t in terms if t != t.strip() or "  " in t]


def test_gazetteer_holds_the_terms_the_probe_missed() -> None:
    terms = {r[0] for r in rows(GAZ)}
    for t in ["UN Security Council", "Security Council", "Foreign Minister", "Foreign Ministry", "Defence Minister",
              "Defense Minister", "Secretary of State", "Foreign Affairs", "Korean Central News Agency",
              "JAPAN Forward", "Cold War", "arms trade", "conventional weapons", "military capabilities",
              "military intelligence", "military equipment", "launch center", "gain influence", "tipping point",
              "in the strongest possible terms", "joint statement", "weapons of mass destruction",
              "artificial intelligence", "machine learning", "venture capital", "Wall Street",
              "The Wall Street Journal", "CNN Business", "International Atomic Energy Agency", "according to",
              "take note of", "calls into question", "economic interests", "foreign policy", "domestic policy",
              "national security", "international security", "National Safety Council"]:
        assert t in terms, f"missing {t!r}"


def test_gazetteer_holds_no_spun_wording() -> None:
    lowered = {r[0].lower() for r in rows(GAZ)}
    spun_only = [r[0] for r in rows(FPS) if r[2] == "fix"] + [s.lower() for s in SEED_ONLY]
    assert not [s for s in spun_only if s in lowered]


# Spun paragraphs (written for respell, each original beside it) made of the curated forms of everyday words
# that news about people, places, sport and the weather holds: the curated table, not the development pages,
# restores them.
SPUN_DATA = Path(__file__).resolve().parent / "data" / "spun"
RESTORED = {
    "finance_rates": ["held interest rates", "they still expect to cut borrowing costs twice before the end of the",
                      "Chair Jerome Powell told reporters", "the central bank's 2 percent", "Stocks rose after",
                      "closing at a record high, while Treasury yields fell. Analysts said the decision was widely "
                      "expected", "focus on next month's"],
    "health_outbreak": ["Health officials in California", "bird flu", "concerns about the virus",
                        "The Centers for Disease Control and Prevention said", "testing of raw milk."],
    "tech_launch": ["Apple unveiled a new line of", "latest in-house chips at an event", "The company said the "
                    "machines were up to 40 percent", "Chief executive", "Shares of Apple were little changed in "
                    "afternoon trading."],
    "lifestyle_wedding": [
        "The wedding was held on the beach at sundown", "they were happy to see so many friends and dogs",
        "The mental health charity that organised the event also raised money for people living with anxiety and "
        "depression.", "Experts say a heat wave is dangerous for older people",
        "heart disease, and that home prices in the area had risen sharply since the gym and the new beauty salon "
        "opened last year."],
    "sports_weather_crime": [
        "threw a touchdown", "in the final minute, and the fans in the", "temperatures fell to 5 degrees Celsius.",
        "Police said the suspect pleaded guilty to the", "and that the scam had", "older people.",
        "The company also", "a new laptop and a video games console, and analysts said the tornado that hit the "
        "factory last year had delayed production."],
    "everyday_terms": [s.strip() for s in (SPUN_DATA / "everyday_terms.clean.txt").read_text(encoding="utf-8").split(". ")
                       if s.strip() and "Football" not in s],
    "phrases_of_four": [
        "For the first time,", "results as well as guidance, in order to reassure investors.",
        "potentially double production, rather than simply", "by the end of the"],
    "connectives": [
        "will no longer report quarterly, and instead of a dividend it plans a buyback, given that its shares have "
        "fallen. The deal has not yet closed.", "Executives have recently warned that prices will rise since tariffs "
        "took effect, and", "jobs at the moment."],
    "health_everyday": [
        "people living with mental illness or a disability are more likely to be", "rises after surgery.",
        "A new diet built on protein helped", "regain muscles, and the pain in the", "the researchers said."],
    "travel_homes": [
        "Tourists booking a flight to the new destination", "the listing", "Homeowners", "the gas station complained",
        "test scores", "the local"],
    "business_boardroom": [
        "The parent company of the retailer said", "its board of directors", "to a private equity firm",
        "At a press conference in front of the", "the chief financial officer said the stock market",
        "to the news release", "she expected the deal", "of next year.", "The central bank",
        "interest rates unchanged, as expected. Rather than", "will invest in", "renewable energy",
        "rebuild its supply chain instead of", "Analysts said it was one of the best results",
        "the company's health care and health insurance", "Public health", "the new ",
        "Social Security for millions of people as well."],
    "finance_quarter": [
        "The chipmaker said net income rose to $2.1 billion, and its free cash flow doubled as demand from data "
        "centers grew. Its stock price jumped 8% in after-hours trading, and the shares also gained in premarket "
        "trading on the New York Stock Exchange.", "net loss narrowed", "a stronger balance sheet",
        "operating income. Mortgage rates fell after the central bank signalled a rate cut", "sales rose for the "
        "first time in months, even though the unemployment rate ticked up.", "Consumer prices rose 0.3%",
        "Economists expect more rate cuts this", "cut", "the end of the quarter."],
    "politics_courts": [
        "The Supreme Court ruled on Thursday that the state's new voting", "sent the case back to a lower court.",
        "Lawmakers in the House of Representatives passed a bill", "the minimum wage",
        "The White House press secretary told reporters that the president would sign the measure",
        "Prosecutors charged the former mayor with fraud and money laundering. His lawyer said he would plead",
        "and a judge set bail", "next spring."],
    "science_health": [
        "people who", "have a lower risk of heart disease and stroke.", "in the journal on Monday, followed more than",
        "The researchers said the findings suggest that even", "mental health. However, they warned "
        "that more research is", "before doctors can recommend", "Meanwhile, health officials reported",
        "in flu cases", "and urged older people and pregnant women to get vaccinated before the winter."],
    "company_names": [
        "Shares of Delta Air Lines and United Airlines fell after Home Depot warned on sales. General Motors and "
        "General Electric rose, while Advanced Micro Devices, Texas Instruments and Applied Materials led chipmakers "
        "higher; Lam Research and Micron Technology followed.", "Dollar General and Dollar Tree slipped. CVS Health "
        "and Regeneron Pharmaceuticals gained after the Food and Drug Administration", "a new drug, and Raytheon "
        "Technologies", "a contract from the Department of Defense.", "The Securities and Exchange Commission and "
        "the Federal Trade Commission opened inquiries, and the Centers for Disease Control and Prevention said the "
        "Department of Homeland Security would help."],
    "tech_sports": [
        "The smartphone maker unveiled a new", "camera, and said the device would go on sale next month. Analysts "
        "said demand for artificial intelligence", "sales, but warned that the company faces tough competition",
        "Hackers stole the", "of millions of customers, the company said,",
        "urged to", "their software.", "The home team scored twice in the second half to win the championship, and "
        "its coach praised the players after the game. The striker, who scored the winning goal, said it was the "
        "best", "of his career."],
    "crypto_markets": [
        "Bitcoin rose 5% on Monday as trading volume on the", "moved their", "to cold storage after regulators",
        "digital currency, and the foreign exchange market was calm."],
    "economy_jobs": [
        "Employers added 250,000 jobs last month, more than economists had expected, and the unemployment rate fell "
        "to 3.9%. Wages rose 4% from a year earlier,", "that the labor market", "tight despite", "interest rates.",
        "Carmakers are cutting prices on electric vehicles as demand slows, and", "have delayed plans to build new "
        "battery plants.", "prices fell for a", "straight week, while oil companies reported lower"],
    # a paragraph of 121 words that leans spun a little, one sentence of it spun: read sentence by sentence
    # (``evidence.sentences_tried``), it gets what that sentence alone gets
    "council_parking": ["The mayor promised to review the scheme in the spring. Local business owners said their "
                        "sales had fallen sharply", "took effect", "close their", "before Christmas."],
    # wire_*: five news paragraphs spun by hand in the news spinner's manner after the engine was tuned (2026-12-07)
    # and never tuned on: a held-out check.  wire_market (128 words) is tried by its signs (``TRIAL_WORDS``).
    "wire_market": ["after the company said demand", "it cut its full-year earnings guidance", "consumer spending and "
                    "pressure on reimbursement rates", "fewer deliveries than analysts had expected",
                    "The firm delivered about 435,000 vehicles", "price target on the stock", "Delta Air Lines"],
    "wire_politics": ["Republicans said the vote showed", "while Democrats warned", "party lines.",
                      "would continue to work with lawmakers", "testimony before the Judiciary Committee"],
    "wire_tech": ["in a funding round led by Sequoia Capital", "The company builds software that helps hospitals",
                  "into artificial intelligence", "over the past two years", "predict how many patients will arrive",
                  "Its chief executive said"],
    "wire_world": ["Ukraine's military said on Friday", "while officials in Kyiv warned that attacks on",
                   "after a meeting of the UN Security Council", "Russia's defense ministry said its troops"],
    "wire_health": ["Researchers said the new drug reduced", "of heart attack and stroke", "The company said it",
                    "according to the Centers for Disease Control and Prevention.", "reluctant to cover it"],
}
MISSES = {
    # finance_rates, health_outbreak, tech_launch: written 2026-12-07 (seventh session) in the news spinner's manner
    # beside their originals; "chook", "uncooked", "report excessive" were added to the table after reading them.
    "finance_rates": "'regular' (steady), 'officers' (officials: the n-grams read 'but officers signaled'), "
                     "'12 months' (year), 'significantly' (considerably), 'goal' (target), 'buyers' (investors)",
    "health_outbreak": "wrong: 'confirmed' -> 'showed' (the spinner's form of 'showed', here the writer's word); "
                       "missed: 'employee' (worker), 'elevating' (raising), 'amongst', 'the chance to most people' "
                       "(the risk to the general public), 'delicate signs' (mild symptoms), 'handled' (treated), "
                       "'remedy' read as 'treatment' (medication), 'a number of' (several)",
    "tech_launch": "wrong: 'laptops' -> 'computers' and 'launch' -> 'release' (the writer's words, spinner forms "
                   "elsewhere); missed: 'quicker' (faster), 'technology' (generation), 'supplied' read 'provided' "
                   "(offered), 'Tim Prepare dinner' (Tim Cook), 'serious step ahead' (major step forward), 'units' "
                   "(devices), 'beginning' (starting)",
    "economy_jobs": "ordinary English or read several ways: 'an indication' (a sign), 'stays' (remains), 'greater' "
                    "(higher), 'a number of other' (several), 'Fuel' (Gas), '3rd' (third), 'income' (profits)",
    "crypto_markets": "'the most important' (the largest), 'crypto trade' (crypto exchange: the word-pair model "
                      "reads the trade as written), 'Buyers' (Investors), 'cash' (coins), 'digital pockets' "
                      "(digital wallet), 'a couple of' (about: report-only, read 'a few' as well), 'new' (a new)",
    "tech_sports": "forms weighted under what a lone word needs (ordinary English, or read several ways): "
                   "'telephone' (phone), 'quicker' (faster), 'greater' (better), 'options' (features), 'may raise' "
                   "(could lift), 'non-public information' (personal data: 'private information' is read; "
                   "'material non-public information' is a term of finance), 'including' (adding), 'Customers' "
                   "(Users), 'replace' (update), 'second' (moment)",
    "company_names": "'accepted' (approved) and 'received' (won): ordinary English, read several ways",
    "politics_courts": "ordinary English or read several ways: 'legislation' (law), 'significant' (major), "
                       "'positioned' (placed), 'might increase' (would raise), 'nevertheless' (but: 'however' is "
                       "read), 'unsure' (uncertain), 'plead not responsible' (plead not guilty: the word-pair "
                       "model prefers 'not responsible' and cannot see 'plead'), 'predicted' (expected), 'start' "
                       "(begin)",
    "science_health": "ordinary English or read several ways: 'on the college' (at the university), 'discovered' "
                      "(found), 'stroll' (walk), 'The examine, printed' (The study, published), 'gentle train' (light "
                      "exercise: 'train' is a rival reading only, 'Trains ship coal' had become 'Exercises ship coal'), "
                      "'enhance' (improve), 'required' (needed), 'selected quantity' (specific amount), 'an "
                      "increase' (a rise), 'throughout the nation' (across the country)",
    "finance_quarter": "'better' (higher), 'residential' (home), 'Might' (May: the month is a capitalised "
                       "word the spinner also writes for the verb), '12 months' (year: ordinary English), "
                       "'electrical car' (electric vehicle: 'electric car' is read), 'costs' (prices), 'in "
                       "direction of' (towards: a function word swaps only through a swap seen on real pages)",
    "business_boardroom": "forms the table reads several ways or that are ordinary English: 'accepted' (approved), "
                          "'promote' (sell), 'pinnacle' (head), 'nicely' (well), 'firstly of' (at the beginning "
                          "of: the n-grams prefer the shorter wording between its neighbours), 'saved' (kept), "
                          "'minimize' (cut), 'photo voltaic energy' (solar power: 'solar energy' is read), "
                          "'different' (other), 'counting on' (relying on), 'companies' (businesses), 'achieved' "
                          "(done), 'specialists' (experts), 'may increase' (could raise), 'price' (cost), 'guidelines' "
                          "(rules: 'brand new guidelines' is read as the term 'new guidelines', which keeps it)",
    "travel_homes": "'ought to' (should), 'gentle' (light), 'airways' (airlines), 'cost' (charge), 'baggage' "
                    "(luggage), 'web site' (website), 'close to' (near), 'development' (construction), 'recent' "
                    "(new), 'flats' (apartments), 'academics mentioned' (teachers said), 'on' (at), 'faculty' "
                    "(school)",
    "health_everyday": "'Docs' (Doctors), 'contaminated' (infected), 'the chance of an infection' (the risk of "
                       "infection), 'sufferers' (patients), 'abdomen' (stomach), 'inside days' (within days)",
    "connectives": "'agency' (firm), 'in consequence' (as a result), 'lower' (cut): forms the table reads several "
                   "ways or that are ordinary English",
    "phrases_of_four": "words the spinner reads several ways or that are ordinary English: 'agency' (firm), 'might' "
                       "(could), 'exchange' (replace), 'previous' (old), 'a few of the employees' (some of the workers), "
                       "'12 months' (year), "
                       "'Sooner or later' (In the future), 'comparatively simple' (relatively easy), 'increase' "
                       "(expand)",
    "everyday_terms": "'Nationwide Soccer League' (a football -> soccer swap would also turn the real Canadian Soccer "
                      "League into the Canadian Football League, a name respell knows)",
    "lifestyle_wedding": "'dad and mom' -> 'parents' (the pair 'mom mentioned' -> 'mother said' is read instead), "
                         "'among the many friends' -> 'among the guests', 'these' -> 'those'",
    "sports_weather_crime": "forms whose canonical is one reading of several, weighted under what a lone word "
                            "needs: 'go' (pass), 'area' (arena), 'theft' (robbery), 'focused' (targeted), "
                            "'revealed' (unveiled)",
    "council_parking": "'for the reason that' (since), 'guidelines' (rules: a writer's word too, weighted under what "
                       "a lone word needs), 'outlets' (shops)",
    "wire_market": "'Try' (Check out), 'largest' (biggest), 'noon' (midday), 'information' (data), 'merchandise' "
                   "(products), 'income' (revenue), 'car' (vehicle), 'under' (below), 'vacation journey' (holiday "
                   "travel), 'anticipated document income' (expected record revenue)",
    "wire_politics": "'verify' (confirm), 'battle' (fight: 'war' is written), 'bulk' (majority), 'choice' (decision), "
                     "'mentioned' after a name, 'press release' (statement), 'each events' (both parties), 'Home' "
                     "(House), 'predicted' (expected), 'associated' (related), 'haven't but' (have not yet)",
    "wire_tech": "'based' (founded), 'employees' (staff), 'rent' (hire), 'a number of' (several), 'methods' "
                 "(systems), 'battle to show a revenue' (struggle to turn a profit), 'in accordance with an "
                 "individual' (according to a person)",
    "wire_world": "'a number of' (several), 'close to' (near), 'nation' (country), 'methods' (systems), 'guard' "
                  "(protect), 'maintain' (keep), 'price' (cost), 'help' (aid)",
    "wire_health": "'chance' (risk), 'research' (study), 'excessive ldl cholesterol' (high cholesterol), 'a median' "
                   "(an average), 'analysis' (research), 'dear' (expensive), 'might' (would)",
}


# A spun document (the boardroom and quarter texts) followed by paragraphs a writer wrote with common words that
# the table also holds as spinner forms ("track" for "song", "half" for "part", "charge" for "rate", "events" for
# "parties", "help" for "support", "management" for "control"). In a spun document their weak readings must not win over the words as written: each of these
# sentences is left alone (restorations that keep the meaning, "stay" -> "remain", "lady" -> "woman", are not
# asserted either way).
WRITERS_WORDS = [
    "The current record holder finished in the middle of the track, and the team's main results were higher than "
    "expected.", "and a positive test result was reported immediately.", "Trains ship coal to the coast.",
    "The drive to the section of the park took half an hour, and fans stood at the finish line.",
    "It was a nice day,", "and the position of the goalkeeper was common knowledge.",
    "and the events of the summer were a sort of test.", "The truth is that the charge was dropped quickly.",
    "and that the construction was absolutely safe.", "and the costs of regular repairs rose.",
    "and their standing in the class depends on every attempt.", "and their worry about sources is famous.",
    "and the coach offered support and help when needed.", "and the points she made raised real issues.",
    "In fact, the truth was different. The first section of the road is finished,", "He bought a mobile phone",
    "They consider further steps,", "describe its training and education programmes.",
    "The management of the", "took control of the situation,", "Police will search the house",
    "the report provides details of the division of labour.", "The website was updated,", "The check was cashed,",
    "The drive home was long,", "A low-cost airline added flights,", "and the crew of the ship was rescued.",
    "The hotel guests were moved after the assault, and the struggle for power continued.",
    "The journal published the study,", "and the setting of the film is Paris.",
]
# Not asserted: "the museum's collection of maps" reads "series of maps" ("collection" is the spinner's "series" in
# the seed article, "a collection of ballistic missile launches", and the n-grams cannot see "maps" past "of"),
# "search the house again" reads "back" (a swap seen on two real spun pages), and "cell phones lost signal" reads
# "sign" ("the president would signal the measure" is the spinner's "sign", and nothing here tells them apart).


def test_the_writers_common_words_survive_in_a_spun_document() -> None:
    import respell
    result = respell.fix((SPUN_DATA.parent / "regressions" / "spun_lead_writers_words.txt").read_text(encoding="utf-8"))
    assert result.spin_score > 0.5  # judged spun: the weak readings are looked for
    for sentence in WRITERS_WORDS:
        assert sentence in result.text


def _pair(name: str) -> tuple[str, str]:
    return ((SPUN_DATA / f"{name}.txt").read_text(encoding="utf-8"),
            (SPUN_DATA / f"{name}.clean.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(RESTORED))
def test_the_curated_forms_restore_everyday_news(name: str) -> None:
    import respell
    fixed = respell.fix(_pair(name)[0]).text
    for phrase in RESTORED[name]:
        assert phrase in fixed


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=f"known misses: {MISSES[n]}"))
                                  for n in sorted(MISSES)])
def test_the_everyday_news_is_restored_whole(name: str) -> None:
    import respell
    spun, clean = _pair(name)
    assert respell.fix(spun).text == clean


@pytest.mark.parametrize("name", sorted(p.name[:-len(".clean.txt")] for p in SPUN_DATA.glob("*.clean.txt")))
def test_the_original_of_every_spun_paragraph_is_left_alone(name: str) -> None:
    import respell
    from respell.engine import SPUN_RULES
    clean = _pair(name)[1]
    assert [(f.text, f.replacement) for f in respell.fix(clean).findings if f.rule in SPUN_RULES] == []


def test_a_listed_phrase_is_read_as_its_list_reads_it() -> None:
    """'positive factors' is the news spinner's 'gains'; the swaps alone composed it into 'sure things' (positive <-
    sure, factors <- things). Clean prose keeps its own 'positive factors'."""
    import respell
    spun = ("Try the businesses making the largest strikes in premarket buying and selling. The agency's shares have "
            "gained 20% this yr, and traders count on extra positive factors subsequent week.")
    assert respell.fix(spun).text == ("Try the companies making the largest moves in premarket trading. The firm's "
                                      "shares have gained 20% this year, and investors expect more gains next week.")
    clean = "The report lists several positive factors, including strong demand and lower costs."
    assert respell.fix(clean).text == clean
