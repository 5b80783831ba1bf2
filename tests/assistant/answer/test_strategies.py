"""Answer strategies by intent, typo tolerance, and the answer language that only frames.

The fast tests cover the pure parts (joining part answers, reframing, typo correction); the
slow ones ask the real Assistant over the bundled sample corpus."""

from __future__ import annotations

import json

import pytest

from assistant.answer.answer_types import speaks_of_years
from assistant.answer.citecheck import citation_problems
from assistant.answer.extractive import (
    ABSTAIN_MESSAGES,
    Composition,
    abstention,
    make_citation,
    reframe,
)
from assistant.answer.parts import joined_pieces
from assistant.answer.strategies import join_parts
from assistant.engine import Assistant
from assistant.retrieval.typos import TypoConfig, correct_question
from assistant.text import document_terms, terms
from assistant.types import Audience, Turn
from tests.conftest import REPO

# A visible vocabulary as BM25 holds it: terms, English ones as Snowball stems.
VOCABULARY = frozenset(
    terms("maryland bioreactor inspection history lot hyderabad manufactured shizuoka conjugation")
    + ["ベンガルール", "ハイデラバード", "拠点"]  # as the index holds these names
)


def test_typos_read_as_the_nearest_visible_term():
    fixed, fixes = correct_question("What kind of bioreacter do you have in Marylnd?", VOCABULARY)
    assert fixed == "What kind of bioreactor do you have in maryland?"
    assert fixes == {"bioreacter": "bioreactor", "Marylnd": "maryland"}
    # a dropped letter is one edit; a stem is matched as the vocabulary holds it
    assert correct_question("Hyderbad staff", VOCABULARY)[1] == {"Hyderbad": "hyderabad"}
    assert correct_question("manufacure", VOCABULARY)[1] == {"manufacure": "manufacture"}


@pytest.mark.parametrize(
    ("question", "fixes"),
    [
        # a plural mistyped: probed without its "s"
        ("How many bioreacters?", {"bioreacters": "bioreactors"}),
        # a known stem followed by an ending one letter off
        ("Which EMA inspecton?", {"inspecton": "inspection"}),
        ("the conjugaton suite", {"conjugaton": "conjugation"}),
        # two letters swapped, at the end as well
        ("Shizuoak plant", {"Shizuoak": "shizuoka"}),
        # a question word one letter off, first letter kept
        ("Wich sites?", {"Wich": "which"}),
        ("whats the deal with Marylnd?", {"whats": "what", "Marylnd": "maryland"}),
        ("wat is the lot size?", {"wat": "what"}),
        # a katakana word one edit from a visible katakana term
        ("ベンガルルの従業員数は？", {"ベンガルル": "ベンガルール"}),
        ("ハイデラバドの拠点", {"ハイデラバド": "ハイデラバード"}),
    ],
)
def test_typical_sponsor_typos_read_as_what_was_meant(question, fixes):
    assert correct_question(question, VOCABULARY)[1] == fixes


def test_a_katakana_name_spelled_by_sound_reads_as_the_name_the_documents_hold():
    # Documents that write 焼津 hold its reading "yaizu" (assistant/text/readings.py).
    vocabulary = VOCABULARY | frozenset(document_terms("焼津工場"))
    assert correct_question("ヤイヅ工場ってどんなところ？", vocabulary) == (
        "yaizu工場ってどんなところ？",
        {"ヤイヅ": "yaizu"},
    )
    # A name no document holds, or a compound of words unidic knows, is left alone.
    assert correct_question("ヤイヅ工場", VOCABULARY)[1] == {}
    english = vocabulary | frozenset(terms("Singapore office"))
    assert correct_question("シンガポールオフィスの人数", english)[1] == {}


def test_a_question_word_typo_needs_its_first_letter_and_an_unknown_word():
    # "hat" is one edit from "what" but starts otherwise; a known term is never respelled
    assert correct_question("hat", VOCABULARY)[1] == {}
    # a stop word one edit from a question word is left alone
    assert correct_question("when were they made?", VOCABULARY)[1] == {}
    assert correct_question("lot", VOCABULARY)[1] == {}
    # a katakana word the vocabulary holds, or one of under four letters, is left alone
    assert correct_question("ハイデラバードの拠点", VOCABULARY)[1] == {}
    assert correct_question("ベンガの拠点", VOCABULARY)[1] == {}


def test_a_correctly_spelled_english_word_is_never_respelled():
    # "letters" is one edit from the corpus's "latter" but is English: the asker meant it
    vocabulary = frozenset(terms("maryland the latter batch"))
    assert correct_question("Any warning letters?", vocabulary) == ("Any warning letters?", {})
    assert correct_question("Any warning lettrs from Marylnd?", vocabulary)[1] == {
        "Marylnd": "maryland"
    }


def test_a_clipped_word_reads_as_the_full_word_the_corpus_writes():
    vocabulary = VOCABULARY | frozenset(terms("technology transfer"))
    assert correct_question("How long did the tech transfer take?", vocabulary) == (
        "How long did the technology transfer take?",
        {"tech": "technology"},
    )
    # not where the corpus says "tech" itself, nor where it lacks the full word
    assert correct_question("tech transfer", vocabulary | {"tech"})[1] == {}
    assert correct_question("tech transfer", VOCABULARY)[1] == {}


def test_short_and_far_words_are_left_alone():
    # "slots" is one edit from "lot" but short words are names or codes, not typos
    assert correct_question("open slots at Hyderabad", VOCABULARY) == (
        "open slots at Hyderabad",
        {},
    )
    assert correct_question("Do you work in Brazil?", VOCABULARY)[1] == {}
    strict = TypoConfig(one_edit_min_len=20, two_edit_min_len=30)
    assert correct_question("Marylnd", VOCABULARY, config=strict)[1] == {}


def test_reframe_changes_the_lead_not_the_quotes(make_hit):
    hit = make_hit("site#0", "Staff: 340", metadata={"site": "baltimore"})
    citation = make_citation(1, hit, "Staff: 340")
    english = Composition(
        text="From our records:\nStaff: 340 [1]", citations=[citation], abstained=False
    )
    japanese = reframe(english, "ja")
    assert japanese.text == "記録の該当項目は次のとおりです（英語の資料より）。\nStaff: 340 [1]"
    assert japanese.citations == english.citations
    refused = reframe(abstention("en", "weak"), "ja")
    assert refused.text == ABSTAIN_MESSAGES["ja"]
    assert refused.abstain_reason == "weak"


def test_parts_are_joined_with_renumbered_citations_and_an_abstained_part_says_so(make_hit):
    staff = make_hit("site#0", "Staff: 870\nOpened: 2019")
    suite = make_hit("news#0", "The OEB5 suite opened on 18 March 2024.")
    first = Composition(
        text="From our records:\nStaff: 870 [1]",
        citations=[make_citation(1, staff, "Staff: 870")],
        abstained=False,
    )
    second = Composition(
        text="Here is what our records say:\nThe OEB5 suite opened on 18 March 2024. [1]\n"
        "Opened: 2019 [2]",
        citations=[
            make_citation(1, suite, "The OEB5 suite opened on 18 March 2024."),
            make_citation(2, staff, "Opened: 2019"),
        ],
        abstained=False,
    )
    joined = join_parts(
        [("Staff?", first), ("Suite?", second), ("CEO salary?", abstention("en", "weak"))],
        lang="en",
    )
    assert joined.text.splitlines() == [
        "■ Staff?",
        "Staff: 870 [1]",
        "■ Suite?",
        "The OEB5 suite opened on 18 March 2024. [2]",
        "Opened: 2019 [1]",
        "■ CEO salary?",
        "No verified source answers this part.",
    ]
    assert [(c.n, c.doc_id, c.quote) for c in joined.citations] == [
        (1, "site", "Staff: 870 … Opened: 2019"),
        (2, "news", "The OEB5 suite opened on 18 March 2024."),
    ]
    assert not joined.abstained


@pytest.mark.parametrize(
    ("question", "pieces"),
    [
        (
            "What is your inspection history and PPQ record?",
            ("What is your inspection history", "PPQ record?"),
        ),
        ("査察履歴とPPQの実績を教えてください", ("査察履歴", "PPQの実績を教えてください")),
        ("FDAおよびPMDAの査察", ("FDA", "PMDAの査察")),
        # None joined, or more than two: no pieces.
        ("List every inspection", None),
        ("日本と米国と欧州の承認は？", None),
        ("Inspections, audits and PPQ and CAPA?", None),
    ],
)
def test_a_question_joining_two_things_has_two_pieces(question, pieces) -> None:
    assert joined_pieces(question) == pieces


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Which sites do you have?", True),
        ("拠点はどこにありますか？", True),
        ("どんな拠点がありますか？", True),
        ("List your plants", True),
        # ... but not a question that asks something of the sites, or names one
        ("Which sites do your shipments to Japan come from?", False),
        ("Where are your manufacturing sites?", False),
        ("Tell me about the Baltimore site", False),
        ("What is your FDA inspection history?", False),
    ],
)
def test_a_question_that_asks_only_for_the_sites_is_told_apart(text, asks):
    from assistant.answer.sites import asks_for_sites
    from assistant.question.understanding import understand
    from assistant.question.vocabulary import IntentVocabulary

    vocabulary = IntentVocabulary.default()
    assert asks_for_sites(understand(text, vocabulary=vocabulary), vocabulary) is asks


@pytest.mark.slow
def test_which_sites_lists_every_site_by_its_page_in_the_question_language(sample):
    for question, lang in (("Which sites do you have?", "en"), ("拠点はどこにありますか？", "ja")):
        answer = sample.ask(question)
        assert not answer.abstained, answer.abstain_reason
        lines = answer.text.splitlines()
        assert lines[0] == ("We have 4 sites:" if lang == "en" else "拠点は4か所です。")
        assert [c.site for c in answer.citations] == [
            "bengaluru",
            "hyderabad",
            "baltimore",
            "tokyo",
        ], answer.text
        # every quote is the verbatim opening of its site's page, and Japanese is preferred
        # where the reader asked in Japanese and a Japanese page exists
        assert all(c.quote in answer.text for c in answer.citations)
        if lang == "ja":
            assert sum(1 for c in answer.citations if c.lang == "ja") >= 3


def test_english_examples_never_name_a_value_written_only_in_japanese():
    from assistant.answer.chitchat import _display, _readable
    from assistant.question.vocabulary import IntentVocabulary
    from assistant.text.glossary import Glossary

    modalities = IntentVocabulary.default().modalities
    # A customer's Japanese modality labels, as an English reader is offered them.
    shown = [_display(m, Glossary(), "en", modalities) for m in ("高薬理活性原薬", "低分子原薬")]
    assert shown == ["HPAPI", "低分子原薬"]  # HPAPI is read in it; 低分子 is no known modality
    assert _readable(shown, "en") == ["HPAPI"]
    assert _readable(shown, "ja") == shown
    assert _display("hpapi", Glossary(), "en") == "HPAPI"  # a known slug by its shipped name


@pytest.mark.slow
def test_an_english_count_question_leads_with_the_english_field_whatever_the_place_name(sample):
    # Maryland is a glossary name of the Baltimore site; the Japanese record names メリーランド,
    # whose reading is "maryland" in the index. The composer reads what a unit says, not its
    # names' readings, so the Japanese record does not outscore the English field.
    for question in (
        "How many staff does the Maryland site have?",
        "How many staff does the Marylnd site have?",
        "How many staff does the Baltimore site have?",
    ):
        answer = sample.ask(question)
        first = answer.text.splitlines()[1]
        assert first.startswith("Staff") and "340" in answer.text, answer.text


@pytest.mark.slow
def test_fda_inspection_history_lists_every_fda_row_in_date_order(sample):
    for question in ("What is your FDA inspection history?", "FDAの査察履歴を教えてください"):
        answer = sample.ask(question)
        assert not answer.abstained, answer.abstain_reason
        assert [c.doc_id for c in answer.citations] == [
            "insp-2020-fda-bengaluru",
            "insp-2022-fda-hyderabad",
            "insp-2023-fda-baltimore",
            "insp-2025-fda-bengaluru",
        ]
        first_line = answer.text.splitlines()[0]
        assert "4" in first_line
        assert "Outcome: No Action Indicated (NAI)" in answer.text
        assert citation_problems(answer, ceiling=Audience.PUBLIC) == []


@pytest.mark.slow
def test_a_list_never_reads_above_the_readers_ceiling(sample):
    question = "List the open 2,000 L bioreactor slots at every site for the first half of 2026."
    public = sample.ask(question)
    assert not any(c.doc_id.startswith("int-") for c in public.citations)
    assert not any(h.chunk.doc_id.startswith("int-") for h in public.hits)
    internal = sample.ask(question, audience="internal")
    assert {c.doc_id for c in internal.citations} & {
        "int-slots-bengaluru-2026h1",
        "int-slots-baltimore-2026h1",
    }
    assert citation_problems(internal, ceiling=Audience.INTERNAL) == []


@pytest.mark.slow
def test_a_site_list_keeps_to_the_site(sample):
    answer = sample.ask("List every inspection at the Bengaluru site")
    docs = [c.doc_id for c in answer.citations]
    assert len(docs) == 5
    assert all(d.endswith("-bengaluru") for d in docs)
    assert docs == sorted(docs)  # the ids start with the year: oldest first


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "lang", "opening"),
    [
        ("こんにちは", "ja", "こんにちは。"),
        ("?", "en", "Hello!"),
        ("🤔", "ja", "こんにちは。"),
        # thanks is answered as thanks, not with hello
        ("thanks!", "en", "Glad to help!"),
        ("ありがとうございました", "ja", "ご利用ありがとうございます。"),
    ],
)
def test_chitchat_greets_offers_examples_and_quotes_nothing(
    sample_settings, embedder, text, lang, opening
):
    assistant = Assistant(sample_settings, embedder=embedder, record_gaps=True)
    gaps_before = len(assistant.gaps.all())
    answer = assistant.ask(text, lang=lang)
    assert not answer.abstained
    assert answer.citations == []
    assert answer.hits == []
    lines = answer.text.splitlines()
    assert len([line for line in lines if line.startswith("- ")]) == 3
    assert lines[0].startswith(opening)
    # examples are built from the index's sites
    assert any(site in answer.text for site in ("Bengaluru", "ベンガルール", "Hyderabad"))
    assert len(assistant.gaps.all()) == gaps_before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "lang", "opening"),
    [
        ("no", "en", "Glad to help!"),
        ("いいえ", "ja", "ご利用ありがとうございます。"),
        # a greeting is greeted wherever it comes
        ("hello again", "en", "Hello!"),
    ],
)
def test_small_talk_after_an_answer_is_acknowledged_not_greeted(sample, text, lang, opening):
    history = [Turn("How many staff does the Hyderabad site have?")]
    answer = sample.ask(text, lang=lang, history=history)
    assert answer.composer == "chitchat"
    assert answer.citations == []
    assert answer.text.splitlines()[0].startswith(opening)


@pytest.mark.slow
def test_a_typo_does_not_make_the_question_abstain(sample):
    answer = sample.ask("What kind of bioreacter do you have in Marylnd?")
    assert not answer.abstained, answer.abstain_reason
    assert {c.doc_id for c in answer.citations} & {"site-baltimore", "ja-baltimore-record"}
    assert "2,000" in answer.text


@pytest.mark.slow
def test_a_mistyped_kanji_does_not_make_the_question_abstain(sample):
    # 因 typed for 員 (both read いん): the corpus writes 従業員数
    answer = sample.ask("ボルチモアの従業因数は？")
    assert not answer.abstained, answer.abstain_reason
    assert "340" in answer.text
    assert {c.doc_id for c in answer.citations} <= {
        "site-baltimore",
        "ja-baltimore-record",
        "site-page-baltimore",
    }


@pytest.mark.slow
def test_a_multi_part_question_answers_each_part_and_abstains_per_part(sample):
    answer = sample.ask(
        "How many staff work at the Hyderabad site? When did the Tokyo office open? "
        "What is your CEO's salary?"
    )
    assert not answer.abstained
    parts = answer.text.split("■ ")[1:]
    assert len(parts) == 3
    assert "870" in parts[0]
    assert "2019" in parts[1]
    assert "No verified source answers this part." in parts[2]
    assert citation_problems(answer, ceiling=Audience.PUBLIC) == []


@pytest.mark.slow
def test_a_later_part_is_read_against_the_parts_before_it(sample):
    """ "how many people work there" after a part about the Tokyo office asks about Tokyo, as a
    follow-up turn would (the part heading shows the question answered)."""
    answer = sample.ask(
        "When was the Tokyo office opened, how many people work there, and which modalities "
        "does the Baltimore site handle?"
    )
    parts = answer.text.split("■ ")[1:]
    assert len(parts) == 3
    assert "2019" in parts[0]
    heading, _, body = parts[1].partition("\n")
    assert "Tokyo" in heading and "there" not in heading
    assert "9名" in body
    # each part is understood as a whole question is (its site told by the index)
    assert "monoclonal antibod" in parts[2].lower()
    assert citation_problems(answer, ceiling=Audience.PUBLIC) == []


@pytest.mark.slow
def test_a_question_about_the_class_of_modalities_quotes_the_sites_own(sample):
    """Documents name the members ("monoclonal antibodies … bispecific"), not the class
    ("modalities"): the site's listed modalities join the retrieval query."""
    answer = sample.ask("Which modalities does the Baltimore site handle?")
    assert not answer.abstained
    text = answer.text.lower()
    assert "monoclonal antibod" in text and "bispecific" in text
    assert citation_problems(answer, ceiling=Audience.PUBLIC) == []


@pytest.mark.slow
def test_the_answer_language_never_changes_the_evidence(sample):
    """Every sample question asked with lang ja and en cites the same quotes and abstains
    alike (issue 16 item 5); only the framing differs."""
    lines = (REPO / "corpus" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    differ = []
    for line in lines:
        item = json.loads(line)
        audience = item.get("audience", "public")
        as_ja = sample.ask(item["question"], audience=audience, lang="ja")
        as_en = sample.ask(item["question"], audience=audience, lang="en")
        evidence = [
            (a.abstained, [(c.doc_id, c.quote) for c in a.citations]) for a in (as_ja, as_en)
        ]
        if evidence[0] != evidence[1]:
            differ.append(item["id"])
        assert as_ja.lang == "ja" and as_en.lang == "en"
    assert differ == []


def test_an_answer_speaks_of_the_asked_year_in_a_quote_title_or_date(make_hit):
    hit = make_hit("insp#0", "Outcome: NAI", metadata={"date": "2019-05-14"})
    dated = Composition(
        text="From our records:\nOutcome: NAI [1]",
        citations=[make_citation(1, hit, "Outcome: NAI")],
        abstained=False,
    )
    assert speaks_of_years(dated, [2019])
    assert speaks_of_years(dated, [])  # no year asked
    assert not speaks_of_years(dated, [2021])
    said = Composition(
        text="x",
        citations=[make_citation(1, make_hit("r#0", "FY2021 revenue"), "2021年度の売上収益")],
        abstained=False,
    )
    assert speaks_of_years(said, [2021])
