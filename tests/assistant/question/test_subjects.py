"""`Question.subjects`: every subject kind found once by `understand`, in Japanese and English."""

from __future__ import annotations

import pytest

from assistant.question.subjects import SubjectContext, SubjectKinds
from assistant.question.time import asked_months, time_spans
from assistant.question.understanding import understand
from assistant.text.glossary import Glossary
from tests.conftest import REPO

CONTEXT = SubjectContext(
    glossary=Glossary.load(REPO / "corpus" / "glossary.yaml"),
    kinds=SubjectKinds.of(["baltimore", "bengaluru", "hyderabad"], ["adc", "oligo", "peptide"]),
)


def _kinds(text: str) -> list[tuple[str, str, str]]:
    return [(s.kind, s.text, s.key) for s in understand(text, context=CONTEXT).subjects]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Did the Bangalore site run Project SUZURAN-7 for ADC in March 2024?",
            [
                ("site", "Bangalore", "bengaluru"),
                ("name", "Project SUZURAN-7", "Project SUZURAN-7"),
                ("modality", "ADC", "adc"),
                ("time", "March 2024", "2024-03"),
            ],
        ),
        (
            "ベンガルールで2023年度に抗体薬物複合体の導入事例はありますか？",
            [
                ("site", "ベンガルール", "bengaluru"),
                ("time", "2023年度", "2023"),
                ("modality", "抗体薬物複合体", "adc"),
                ("doc_kind", "導入事例", "導入事例"),
            ],
        ),
        (
            "Has the FDA inspected your plants in Japan since FY2022?",
            [
                ("regulator", "FDA", "fda"),
                ("company", "your", "your"),
                ("region", "Japan", "japan"),
                ("time", "FY2022", "2022"),
            ],
        ),
        (
            "御社の日本の拠点はPMDAの査察を受けましたか？",
            [
                ("company", "御社", "御社"),
                ("region", "日本", "日本"),
                ("regulator", "PMDA", "pmda"),
                ("topic", "査察", ""),
            ],
        ),
        # A glossary entry of no subject kind is a topic; an oligo under the vocabulary's key.
        (
            "What is the PPQ batch size for oligos?",
            [
                ("topic", "PPQ", ""),
                ("topic", "batch", ""),
                ("modality", "oligos", "oligonucleotide"),
            ],
        ),
        (
            "ハイデラバードのオリゴ核酸の合成スケールは？",
            [
                ("site", "ハイデラバード", "hyderabad"),
                ("modality", "オリゴ核酸", "oligonucleotide"),
            ],
        ),
    ],
)
def test_understand_finds_each_subject_kind_once(text, expected):
    assert _kinds(text) == expected


def test_typed_fields_come_from_the_subjects():
    question = understand("Which ADC case studies from May 2023 or 2024?", context=CONTEXT)
    assert question.modalities == ("adc",)
    assert question.years == (2023, 2024)
    assert question.months == ((2023, 5),)
    assert [s.text for s in question.named("time")] == ["May 2023", "2024"]
    ja = understand("2025年3月と2025-04のペプチドの実績は？", context=CONTEXT)
    assert ja.months == ((2025, 3), (2025, 4))
    assert ja.modalities == ("peptide",)


def test_without_an_index_only_cue_words_names_and_times_are_subjects():
    found = [(s.kind, s.text) for s in understand("Baltimore ADC output in 2024?").subjects]
    assert found == [("modality", "ADC"), ("time", "2024")]


def test_spans_hold_the_text_and_do_not_overlap():
    text = "Project TANCHO-2023 at Hyderabad: 2023年4月 or Jun 10, 2024?"
    subjects = understand(text, context=CONTEXT).subjects
    assert [(s.kind, s.text) for s in subjects] == [
        ("name", "Project TANCHO-2023"),
        ("site", "Hyderabad"),
        ("time", "2023年4月"),
        ("time", "Jun 10, 2024"),
    ]
    assert all(text[s.start : s.end] == s.text for s in subjects)
    assert all(a.end <= b.start for a, b in zip(subjects, subjects[1:], strict=False))


def test_time_spans_and_asked_months_agree():
    text = "march 2025, 2024-13, 2023年"
    assert [(s.year, s.month) for s in time_spans(text)] == [(2025, 3), (2024, None), (2023, None)]
    assert asked_months(text) == frozenset({(2025, 3)})


@pytest.mark.parametrize(
    "text",
    ["日本語の要約はもらえますか？", "日本人の担当者はいますか？", "Is there a Japanese summary?"],
)
def test_a_language_or_people_is_no_country(text):
    assert not understand(text, context=CONTEXT).named("region", "site")


def test_place_names_and_place_words_are_sites_without_a_glossary():
    found = [(s.kind, s.text) for s in understand("焼津工場とT2棟の違いは？").subjects]
    assert found == [("site", "焼津"), ("site", "T2")]
