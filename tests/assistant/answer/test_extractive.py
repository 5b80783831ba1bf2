"""The extractive composer on hand-built hits (records, languages, selection) and on the fixture
corpus through the real Assistant (citation integrity on every question)."""

from __future__ import annotations

import pytest

from assistant.answer.citecheck import citation_problems
from assistant.answer.evidence import (
    measure_evidence,
    record_lines,
)
from assistant.answer.extractive import ABSTAIN_MESSAGES, ExtractiveComposer
from assistant.answer.weights import WEIGHTS
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.question.words import known_term, subject_words
from assistant.text import terms
from assistant.types import Audience

RECORD = (
    "Location: Baltimore, Maryland, USA\n"
    "Opened: 2019\n"
    "Staff: 240\n"
    "Bioreactor capacity l: 8000\n"
    "Manufactured: monoclonal antibodies and one bispecific antibody"
)
PROSE = (
    "The Bengaluru site completed three process performance qualification (PPQ) campaigns in "
    "2022. All three PPQ batches met their acceptance criteria. The product then moved to "
    "commercial supply. The canteen serves South Indian food."
)


THRESHOLD = Settings(_env_file=None).abstain_threshold  # type: ignore[call-arg]
COMPOSER = ExtractiveComposer(threshold=THRESHOLD)
# For tests of what is quoted, not of whether to abstain.
QUOTER = ExtractiveComposer(threshold=0.5)


def test_record_lines_are_found_only_in_rendered_records() -> None:
    lines = record_lines(RECORD)
    assert lines is not None
    assert [label for _, _, label in lines][:3] == ["Location", "Opened", "Staff"]
    assert record_lines(PROSE) is None


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How many staff does the Baltimore site have?", "en"),
        # As the engine hands it over: bridged by the retriever's glossary.
        ("ボルチモア拠点の従業員は何名ですか？ (Baltimore, staff, employees, headcount)", "ja"),
    ],
)
def test_a_count_question_is_answered_with_the_record_line(
    question: str, lang: str, make_hit
) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.9, title="Baltimore site facts")]
    result = QUOTER.compose(question, lang=lang, hits=hits)
    assert not result.abstained
    assert "Staff: 240 [1]" in result.text
    assert "Opened" not in result.text
    assert result.citations[0].quote == "Staff: 240"
    if lang == "ja":
        assert "（英語の資料より）" in result.text
        assert result.text.startswith("記録の該当項目")
    else:
        assert "英語" not in result.text


def test_a_date_question_gets_the_date_line(make_hit) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.86)]
    result = COMPOSER.compose("When was the Baltimore site opened?", lang="en", hits=hits)
    assert "Opened: 2019 [1]" in result.text


SHIPMENTS = (
    "Lots shipped to Japan in 2022: 18\n"
    "Lots shipped to Japan in 2023: 26\n"
    "Lots shipped to Japan in 2024: 31\n"
    "Acquired from: the manufacturing subsidiary of a US biotechnology company"
)

INSPECTION = (
    "Agency: EMA\n"
    "Inspection date: 2023-05-08\n"
    "Outcome: EU GMP certificate issued\n"
    "Observations: 2\n"
    "Notes: Two minor deficiencies: visual inspection qualification of conjugation vessels."
)


@pytest.mark.parametrize(
    ("record", "question", "quoted", "left_out"),
    [
        (
            RECORD + "\nAcquired from: the manufacturing subsidiary of a US biotechnology company",
            "What did the Maryland site manufacture?",
            "Manufactured: monoclonal antibodies",
            "Acquired from",
        ),
        (SHIPMENTS, "How many lots were shipped to Japan in 2023?", "2023: 26", "2022: 18"),
        # A field whose own label is asked too is quoted (authority ~ Agency).
        (
            INSPECTION,
            "Which authority inspected Bengaluru in May 2023, and what was the result?",
            "Agency: EMA [1]\nOutcome: EU GMP certificate issued [1]",
            "Observations",
        ),
    ],
)
def test_once_the_asked_field_leads_other_fields_must_add_an_asked_word(
    record: str, question: str, quoted: str, left_out: str, make_hit
) -> None:
    hits = [make_hit("site-baltimore#0", record, dense=0.9, title="Baltimore site facts")]
    result = QUOTER.compose(question, lang="en", hits=hits)
    assert quoted in result.text
    assert left_out not in result.text


RESCUE = (
    "A sponsor's antibody had a titer of 1.1 g/L and its second lot failed on aggregates. "
    "After the process rescue the aggregate level was 1.2% in all three GMP lots."
)
SITE_FACTS = (
    "Location: Bengaluru, India\n"
    "Manufactured: IgG1 and IgG4 monoclonal antibodies for clinical and commercial supply\n"
    "Opened: 2009"
)


def test_another_records_field_is_quoted_only_when_its_label_is_asked(make_hit) -> None:
    hits = [
        make_hit("site-bengaluru#0", SITE_FACTS, dense=0.88, title="Bengaluru site facts"),
        make_hit("cs-rescue#0", RESCUE, dense=0.87, title="Rescue of a troubled antibody"),
    ]
    result = QUOTER.compose(
        "What aggregate level did the rescued IgG4 antibody end up with?", lang="en", hits=hits
    )
    assert "1.2%" in result.text
    # "Manufactured: IgG1 and IgG4 …" names IgG4 but is not what is asked.
    assert [c.doc_id for c in result.citations] == ["cs-rescue"]
    asked = QUOTER.compose(
        "What aggregate level did the rescued IgG4 antibody reach, and when was the site opened?",
        lang="en",
        hits=hits,
    )
    assert "Opened: 2009" in asked.text


def test_prose_answer_quotes_the_matching_sentences_verbatim_without_filler(make_hit) -> None:
    hits = [
        make_hit("cs-ppq#0", PROSE, dense=0.87, title="PPQ at Bengaluru"),
        make_hit("site-baltimore#0", RECORD, dense=0.80),
    ]
    result = COMPOSER.compose(
        "How many PPQ campaigns did Bengaluru complete?", lang="en", hits=hits
    )
    assert "three process performance qualification (PPQ) campaigns" in result.text
    assert "canteen" not in result.text
    assert {c.doc_id for c in result.citations} == {"cs-ppq"}
    for part in result.citations[0].quote.split(" … "):
        assert part in PROSE


def test_near_duplicate_sentences_are_quoted_once(make_hit) -> None:
    twin = "The Bengaluru site completed three PPQ campaigns in 2022."
    hits = [make_hit("a#0", twin, dense=0.9), make_hit("b#0", twin + " ", dense=0.89)]
    result = COMPOSER.compose("How many PPQ campaigns at Bengaluru?", lang="en", hits=hits)
    assert result.text.count("three PPQ campaigns") == 1
    assert len(result.citations) == 1


def test_weak_evidence_abstains_in_the_question_language(make_hit) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.74)]
    result = COMPOSER.compose("火星に工場を建てますか？", lang="ja", hits=hits)
    assert result.abstained and result.citations == []
    assert result.text == ABSTAIN_MESSAGES["ja"]
    assert "threshold" in (result.abstain_reason or "")


def test_evidence_strength_adds_lexical_coverage_to_the_dense_cosine(make_hit) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.78)]
    on_topic = measure_evidence(terms("Baltimore staff"), hits)
    off_topic = measure_evidence(terms("Mars factory"), hits)
    assert on_topic.coverage == 1.0 and off_topic.coverage == 0.0
    assert on_topic.missing == 0.0 and off_topic.missing == 1.0
    assert on_topic.strength == pytest.approx(0.78 + WEIGHTS.coverage)
    assert off_topic.strength == pytest.approx(0.78 - WEIGHTS.missing)


FIXTURE_QUESTIONS = [
    ("What did the Maryland site manufacture?", "public"),
    ("How many staff does the Baltimore site have?", "public"),
    ("What is the total bioreactor capacity in Baltimore?", "public"),
    ("ハイデラバード拠点の従業員は何名ですか？", "public"),
    ("ハイデラバードではどのレベルの封じ込めに対応していますか？", "public"),
    ("ADCの技術移転にはどのくらいの期間がかかりましたか？", "public"),
    ("How many PPQ campaigns did the Bengaluru site complete?", "public"),
    ("How quickly do you reply to Japanese sponsors?", "public"),
    ("What is Project TANCHO-9?", "public"),
    ("What is Project TANCHO-9?", "confidential"),
    ("What is the BD pricing floor for 2,000 L mAb batches?", "public"),
    ("What is the BD pricing floor for 2,000 L mAb batches?", "internal"),
    ("火星に工場を建設する予定はありますか？", "public"),
]


@pytest.mark.parametrize(("question", "audience"), FIXTURE_QUESTIONS)
def test_every_fixture_answer_has_sound_citations(
    fixture_assistant: Assistant, question: str, audience: str
) -> None:
    answer = fixture_assistant.ask(question, audience=audience)
    assert citation_problems(answer, ceiling=audience) == []
    if not answer.abstained:
        assert answer.citations
        for citation in answer.citations:
            assert (
                citation.title and citation.source and citation.chunk_id.startswith(citation.doc_id)
            )
            for part in citation.quote.split(" … "):
                assert part in answer.text


def test_public_answers_never_quote_above_the_ceiling(fixture_assistant: Assistant) -> None:
    answer = fixture_assistant.ask(
        "Which Japanese sponsor program ran at Baltimore under a confidential agreement?",
        audience=Audience.PUBLIC,
    )
    assert "TANCHO" not in answer.text and "4.2 million" not in answer.text
    assert all(c.doc_id != "conf-kirin" for c in answer.citations)


def test_terms_no_hit_contains_count_as_missing(make_hit) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.85)]
    evidence = measure_evidence(terms("Do you have a vaccine plant in Baltimore?"), hits)
    assert evidence.missing > 0 and evidence.coverage > 0


def test_question_terms_absent_from_the_corpus_lower_the_evidence(make_hit) -> None:
    hits = [make_hit("site-baltimore#0", RECORD, dense=0.86)]
    question = "How many staff work at the Brazil site?"
    known = COMPOSER.compose(question, lang="en", hits=hits)
    unknown = COMPOSER.compose(question, lang="en", hits=hits, unknown_terms=["brazil"])
    assert known.evidence is not None and unknown.evidence is not None
    assert unknown.evidence.unknown == pytest.approx(1 / 3)  # brazil of staff, brazil, site
    assert unknown.evidence.strength < known.evidence.strength


def test_unknown_terms_skip_verbs_and_accept_word_forms() -> None:
    assert subject_words("When did the site start operating in Brazil?") >= {"site", "brazil"}
    assert not {"oper", "operating"} & subject_words("When did the site start operating?")
    assert "operating" not in subject_words("When did the site start operating in Brazil?")
    assert "社長" in subject_words("社長のお名前を教えてください。")
    # Vocabulary and question terms are both Snowball stems: word forms meet.
    assert known_term(terms("manufacture")[0], frozenset(terms("manufactured")))
    assert known_term("data-integrity", frozenset(terms("data integrity")))
    assert not known_term("brazil", frozenset({"baltimore"}))
