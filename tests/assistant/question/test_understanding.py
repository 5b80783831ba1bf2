"""Question understanding: intent, answer type, subjects and parts, in Japanese and English,
also for typo'd and casual questions."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.question.understanding import (
    AnswerType,
    Intent,
    IntentVocabulary,
    doc_kind_of,
    says_thanks,
    split_parts,
    understand,
)


@pytest.mark.parametrize(
    "text",
    [
        "こんにちは",
        "?",
        "🤔",
        "thanks!",
        "Thank you",
        "What can you do?",
        "Thanks, that's helpful.",
        "おつかれさまです",
        "よろしくお願いします。",
        "何ができるの？",
        "ありがとうございます",
        "hi",
        "何を聞けばいい？",
        "何が聞けますか",
        "What should I ask?",
        "test",
        "テスト",
        # Typed fast at a booth or on a phone: small talk still.
        "helo",
        "hiii",
        "thnaks!",
        "yes",
        "no",
    ],
)
def test_greetings_and_contentless_questions_are_chitchat(text):
    question = understand(text)
    assert question.intent is Intent.CHITCHAT
    assert question.parts == ()


@pytest.mark.parametrize(
    ("text", "thanks"),
    [
        ("thanks!", True),
        ("Thank you, that's helpful.", True),
        ("ありがとうございます", True),
        ("了解です", True),
        ("bye", True),
        ("ok", True),
        ("hi", False),
        ("こんにちは", False),
        ("おつかれさまです", False),
        ("?", False),
    ],
)
def test_thanks_and_goodbyes_are_told_from_greetings(text, thanks):
    assert says_thanks(text) is thanks


@pytest.mark.parametrize(
    "text",
    [
        "Hello, what did the Maryland site manufacture?",
        "こんにちは。ハイデラバード拠点の従業員数は？",
        "What is the history of the whole company?",
        "test results of the PPQ?",
        "リテスト日は？",
    ],
)
def test_a_greeting_with_a_real_question_is_not_chitchat(text):
    assert understand(text).intent is not Intent.CHITCHAT


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("What is your FDA inspection history?", Intent.LIST),
        ("What is your FDA inspecton histroy?", Intent.LIST),  # two typos
        ("これまでの査察実績を一覧で教えてください", Intent.LIST),
        ("List every PPQ campaign at Bengaluru", Intent.LIST),
        ("ADCについて教えてください", Intent.OVERVIEW),
        ("Tell me about your oligonucleotide capabilities", Intent.OVERVIEW),
        ("What is the OEB band in Hyderabad?", Intent.FACT),
        ("ハイデラバード拠点の従業員数を教えてください。", Intent.FACT),
        # weak list cues ("which", 実績) make a list only with a listed kind named
        ("Which ADC programs have you run?", Intent.LIST),
        ("ペプチドの案件にはどのようなものがありますか？", Intent.LIST),
        ("日本企業からの技術移転の期間中、一次回答の実績は平均何営業日でしたか？", Intent.FACT),
        ("What is your list price for a 2,000 L batch?", Intent.FACT),
        ("What is a very seldom used unit of mass?", Intent.FACT),  # "very" is no "every"
        ("What does the acronym CSM stand for?", Intent.FACT),
        ("Which regulator's inspection covered the new OEB5 suite?", Intent.FACT),
        ("What time are the weekly project calls held?", Intent.FACT),
        ("これまでに支援したADCプログラムはいくつありますか？", Intent.FACT),
        # a listed kind named in the plural asks for the items
        ("What inspections has the Bengaluru site had?", Intent.LIST),
        ("Any FDA audits?", Intent.LIST),
        ("What about its inspections?", Intent.LIST),
        ("What did the 2023 FDA inspection find?", Intent.FACT),  # one inspection
        ("How many inspections have you had?", Intent.FACT),  # a count, not the list
        ("When were the inspections?", Intent.FACT),
        ("Any news?", Intent.FACT),  # "news" is no plural of "new"
    ],
)
def test_intent(text, intent):
    assert understand(text).intent is intent


@pytest.mark.parametrize(
    ("text", "answer_type"),
    [
        ("How many staff work at Hyderabad?", AnswerType.COUNT),
        ("how meny staff in hyderabad", AnswerType.OTHER),  # a 4-letter cue is never fuzzy
        ("ハイデラバード拠点の従業員は何名ですか？", AnswerType.COUNT),
        ("When was the Baltimore site acquired?", AnswerType.DATE),
        ("東京オフィスはいつ開設されましたか？", AnswerType.DATE),
        ("What is the bioreactor capacity in Bengaluru?", AnswerType.QUANTITY),
        ("Which authority inspected Bengaluru in May 2023?", AnswerType.ENTITY),
        ("どの当局が査察しましたか？", AnswerType.ENTITY),
        ("Do you handle ADCs?", AnswerType.YES_NO),
        ("ADCに対応可能ですか？", AnswerType.YES_NO),
        ("What is the whole process?", AnswerType.OTHER),  # "who" is a word, not a prefix
    ],
)
def test_answer_type(text, answer_type):
    assert understand(text).answer_type is answer_type


def test_subjects_modalities_kinds_and_time():
    question = understand("Which authority inspected the ADC suite in May 2023?")
    assert question.modalities == ("adc",)
    assert "regulatory_record" in question.doc_kinds
    assert question.years == (2023,)
    assert question.months == ((2023, 5),)
    ja = understand("2025年3月のFDA査察で抗体薬物複合体の事例はありますか？")
    assert ja.lang == "ja"
    assert ja.months == ((2025, 3),)
    assert "adc" in ja.modalities
    assert {"regulatory_record", "case_study"} <= set(ja.doc_kinds)


def test_sites_come_from_glossary_mentions_or_ids():
    question = understand("What is the headcount at the Bangalore site?")
    mentions = [frozenset({"bengaluru", "bangalore", "ベンガルール"})]
    found = question.with_sites(mentions, ["bengaluru", "baltimore", "hyderabad"])
    assert found.sites == ("bengaluru",)
    by_id = understand("Staff at hyderabad?").with_sites([], ["bengaluru", "hyderabad"])
    assert by_id.sites == ("hyderabad",)


def test_lang_override_keeps_the_understanding():
    en = understand("What is your FDA inspection history?")
    framed = understand("What is your FDA inspection history?", lang="ja")
    assert framed.lang == "ja"
    assert (framed.intent, framed.answer_type) == (en.intent, en.answer_type)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Do you handle ADCs? How many PPQ batches at Bengaluru? When did Tokyo open?",
            ("Do you handle ADCs?", "How many PPQ batches at Bengaluru?", "When did Tokyo open?"),
        ),
        (
            "ADCに対応できますか？東京オフィスはいつ開設？",
            ("ADCに対応できますか？", "東京オフィスはいつ開設？"),
        ),
        (
            "1) staff at Hyderabad 2) OEB band at Hyderabad",
            ("1) staff at Hyderabad", "2) OEB band at Hyderabad"),
        ),
        (  # a comma before a clause that asks anew
            "How many people work in Hyderabad, and when did the OEB5 suite open?",
            ("How many people work in Hyderabad", "when did the OEB5 suite open?"),
        ),
        (
            "When was the Tokyo office opened, how many people work there, and how fast "
            "do you reply?",
            (
                "When was the Tokyo office opened",
                "how many people work there",
                "how fast do you reply?",
            ),
        ),
        # ", which …" and ", when …" continue the clause before: no split
        ("What is the Baltimore site, which was built in 2011?", ()),
        ("What did the FDA find in 2019, when it inspected Baltimore?", ()),
        ("How many FDA inspections and how many PMDA inspections have you had?", ()),
        ("What did the Maryland site manufacture? Thanks!", ()),
        ("HPAPIのGMPロットの純度はどれくらいでしたか？（キナーゼ阻害薬の事例）", ()),
        ("和歌山県の林は国有林？民有林？", ()),  # one either-or question (jsquad-dev)
        ("What did the Maryland site manufacture?", ()),
    ],
)
def test_multi_part_questions_split(text, parts):
    assert split_parts(text) == parts


def test_a_corpus_extends_the_cues():
    extra = IntentVocabulary.from_yaml("list:\n  - 沿革\nanswer_types:\n  count: [何ロット]\n")
    vocab = IntentVocabulary.merge([IntentVocabulary.default(), extra])
    assert understand("会社の沿革", vocabulary=vocab).intent is Intent.LIST
    assert understand("会社の沿革").intent is not Intent.LIST
    assert understand("出荷は何ロット", vocabulary=vocab).answer_type is AnswerType.COUNT


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("intents: [a, b]", "'intents'"),
        ("answer_types:\n  size: [how big]", "size"),
        ("list: hello", "must be a list"),
    ],
)
def test_bad_cue_files_name_the_value_and_the_fix(text, names):
    with pytest.raises(ConfigError, match=names):
        IntentVocabulary.from_yaml(text, source="extra.yaml")


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("case_study", "case_study"),  # a known kind is itself
        ("success_story", "case_study"),  # a customer's own label read by its words
        ("inspection_log", "regulatory_record"),
        ("site_overview", "site_fact"),
        ("faq_page", "faq"),
        ("pricing_guidance", "pricing_guidance"),  # no kind's words: the label unchanged
        ("", ""),
    ],
)
def test_a_customers_doc_type_label_is_read_as_the_kind_its_words_name(label, kind):
    assert doc_kind_of(label) == kind


def test_an_english_cue_written_against_japanese_text_is_named() -> None:
    """「FAQの一覧」: the kana after FAQ is a word letter to `\\b`; letters and digits bound an
    English cue instead (who still does not match whole)."""
    assert understand("FAQの一覧を見せて").doc_kinds == ("faq",)
    assert understand("Is the whole site inspected?").intent is not Intent.CHITCHAT


def test_yes_no_on_and_off_in_a_cue_file_are_words() -> None:
    """YAML 1.1 reads a plain `no` as false: the shipped filler list held "false" for "no",
    so "no" was a question. Cue files keep the words as written (only true/false are not)."""
    vocab = IntentVocabulary.from_yaml("fillers:\n  - yes\n  - no\n  - on\n  - off\n")
    assert vocab.fillers == ("yes", "no", "on", "off")
    assert {"yes", "no"} <= set(IntentVocabulary.default().fillers)
