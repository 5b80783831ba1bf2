"""Follow-up resolution: ja and en follow-ups resolved, self-contained and new-topic ones not."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError, QuestionError
from assistant.question.followup import FollowupCues, check_history, resolve, resolve_turn
from assistant.question.subjects import SubjectContext, SubjectKinds
from assistant.question.understanding import understand
from assistant.retrieval.corpus_terms import AudienceTerms
from assistant.retrieval.lexical import Bm25Index
from assistant.text import index_terms
from assistant.text.glossary import Glossary
from assistant.types import Audience, Turn
from tests.conftest import REPO

GLOSSARY = Glossary.load(REPO / "corpus" / "glossary.yaml")
KINDS = SubjectKinds.of(
    ["baltimore", "bengaluru", "hyderabad", "tokyo"],
    ["mab", "bispecific", "adc", "aoc", "hpapi", "small_molecule", "oligo", "peptide"],
)

CONTEXT = SubjectContext(glossary=GLOSSARY, kinds=KINDS)


def _resolve(question: str, *previous: str | tuple[str, str]) -> str | None:
    turns = [Turn(p) if isinstance(p, str) else Turn(*p) for p in previous]
    return resolve_turn(question, turns, context=CONTEXT)[1]


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        # Elliptical: the previous predicate with the subject replaced.
        (
            "Which modalities does the Bengaluru site handle?",
            "And Baltimore?",
            "Which modalities does the Baltimore site handle?",
        ),
        (
            "How many staff does the Baltimore site have?",
            "Then what about the Hyderabad site?",
            "How many staff does the Hyderabad site have?",
        ),
        (
            "ベンガルール拠点の対応モダリティは？",
            "ボルチモアは？",
            "ボルチモア拠点の対応モダリティは？",
        ),
        ("ボルチモア拠点の従業員数は？", "全社では？", "全社の従業員数は？"),
        (
            "How many inspections did Baltimore have in 2022?",
            "And 2023?",
            "How many inspections did Baltimore have in 2023?",
        ),
        (
            "Does the Hyderabad site handle HPAPI?",
            "And ADC?",
            "Does the Hyderabad site handle ADC?",
        ),
        (
            "What is the headcount of the Baltimore site?",
            "And what about Bangalore and Hyderabad?",
            "What is the headcount of the Bangalore and Hyderabad site?",
        ),
        # Anaphoric: the previous subject in place of the anaphor.
        (
            "How many staff does the Baltimore site have?",
            "What about its inspections?",
            "What about the Baltimore site's inspections?",
        ),
        (
            "How many staff does the Baltimore site have?",
            "What about the inspections there?",
            "What about the inspections at Baltimore?",
        ),
        (
            "ベンガルールのADC技術移転は何か月かかりましたか？",
            "その時の収率は？",
            "ベンガルール・ADC・技術移転について：その時の収率は？",
        ),
        (
            "Project SUZURAN-7の製造スケールは？",
            "その案件の収率は？",
            "Project SUZURAN-7の収率は？",
        ),
        (
            "ハイデラバードのOEB5スイートはいつ開設されましたか？",
            "同拠点の従業員数は？",
            "ハイデラバードの従業員数は？",
        ),
        # Inherited names come in the follow-up's language when the glossary knows them.
        (
            "ボルチモア拠点の従業員数は？",
            "What about its inspections?",
            "What about Baltimore's inspections?",
        ),
        (
            "How many staff does the Baltimore site have?",
            "その拠点の事例は？",
            "ボルチモアの事例は？",
        ),
        # Short questions without a subject of their own, markers, openers before openers.
        (
            "What did the 2023 FDA inspection of Baltimore find?",
            "Is the CAPA closed yet?",
            "About Baltimore, FDA, 2023: Is the CAPA closed yet?",
        ),
        (
            "ボルチモアの従業員数は？",
            "増設の予定はありますか？",
            "ボルチモアについて：増設の予定はありますか？",
        ),
        (
            "How many PPQ campaigns has Hyderabad run?",
            "Which one was the peptide?",
            "About Hyderabad, PPQ: Which one was the peptide?",
        ),
        ("hey, do you make oligos?", "biggest batch?", "About oligonucleotide: Biggest batch?"),
        (
            "Which sites handle HPAPI?",
            "thx! and peptides?",
            "Which sites handle peptides?",
        ),
        # Elliptical with a predicate of its own: asked about the previous subject.
        (
            "How many staff does the Hyderabad site have?",
            "And the capacity?",
            "What about the capacity at the Hyderabad site?",
        ),
        (
            "ハイデラバード拠点の封じ込めレベルは？",
            "では従業員数は？",
            "ハイデラバード拠点の従業員数は？",
        ),
        # A bare modifier asks the previous question at another time.
        ("ボルチモアの従業員数は？", "買収時は？", "買収時のボルチモアの従業員数は？"),
    ],
)
def test_follow_ups_are_resolved(previous: str, question: str, resolved: str) -> None:
    assert _resolve(question, previous) == resolved


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        # Names its own subject.
        ("What did the Baltimore site manufacture?", "How many staff does Hyderabad have?"),
        ("ボルチモア拠点の従業員数は？", "ハイデラバード拠点の封じ込めレベルは？"),
        ("What did the Baltimore site manufacture?", "What is your company's total headcount?"),
        ("ボルチモア拠点の従業員数は？", "御社の品質システムは？"),
        ("ボルチモア拠点の従業員数は？", "What about Hyderabad's inspections?"),
        # Says it starts a new topic.
        ("How many staff does the Hyderabad site have?", "By the way, what is the OEB band?"),
        ("ハイデラバード拠点の従業員数は？", "話は変わりますが、納期の目安は？"),
        # A complete question with no follow-up cue.
        ("How many staff does the Hyderabad site have?", "Is there an OEB5 suite?"),
        (
            "ハイデラバード拠点の従業員数は？",
            "データインテグリティの取り組みについて教えてください。",
        ),
        # A long question is a question of its own, and so is one addressed to the company.
        ("ボルチモア拠点の従業員数は？", "品質システムの変更通知に関する当社の方針と期限は？"),
        ("ボルチモア拠点の従業員数は？", "少量の非臨床用ロットだけでも頼めますか？"),
        ("How many staff does the Baltimore site have?", "Do you have your own CHO cell line?"),
        (
            "How many staff does the Baltimore site have?",
            "How many sponsor audits were hosted in 2024?",
        ),
    ],
)
def test_topic_changes_do_not_inherit(previous: str, question: str) -> None:
    assert _resolve(question, previous) is None


def test_no_history_resolves_nothing() -> None:
    assert resolve(understand("And Baltimore?", context=CONTEXT), []) is None
    understood, resolved = resolve_turn("And Baltimore?", [], context=CONTEXT)
    assert resolved is None
    assert [(s.kind, s.key) for s in understood.subjects] == [("site", "baltimore")]


def test_the_resolver_reads_the_subjects_understand_found() -> None:
    # Subjects come from the Questions: a previous Question understood without the index's
    # ids names no site, so "And Baltimore?" has nothing of its kind to replace and appends.
    bare = understand("How many staff does the Bengaluru site have?")
    typed = understand("And Baltimore?", context=CONTEXT)
    assert resolve(typed, [bare]) == "How many staff does the Bengaluru site have? (Baltimore)"
    told = understand("How many staff does the Bengaluru site have?", context=CONTEXT)
    assert resolve(typed, [told]) == "How many staff does the Baltimore site have?"


def test_a_chain_reads_the_last_resolved_turn() -> None:
    first = "Which modalities does the Bengaluru site handle?"
    second = _resolve("And Baltimore?", first)
    assert second == "Which modalities does the Baltimore site handle?"
    third = _resolve("What about its inspections?", first, ("And Baltimore?", second))
    assert third == "What about the Baltimore site's inspections?"


@pytest.mark.parametrize("small_talk", ["thanks!", "ok", "ありがとうございました", "了解です"])
def test_small_talk_after_an_answer_inherits_nothing_and_is_passed_over(small_talk) -> None:
    first = "How many staff does the Bengaluru site have?"
    assert _resolve(small_talk, first) is None
    # the next follow-up reads the question before the small talk
    after = _resolve("And Baltimore?", first, (small_talk, None))
    assert after == "How many staff does the Baltimore site have?"


def test_subjects_name_kinds_and_spans() -> None:
    text = "Did Project TANCHO-9 run at Bangalore in 2023 for ADC?"
    found = understand(text, context=CONTEXT).subjects
    assert [(s.kind, s.text) for s in found] == [
        ("name", "Project TANCHO-9"),
        ("site", "Bangalore"),
        ("time", "2023"),
        ("modality", "ADC"),
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_more_than_six_turns_are_refused_with_the_limit() -> None:
    with pytest.raises(QuestionError, match=r"7 turns; at most 6"):
        check_history([Turn("q")] * 7)


def test_cue_file_errors_name_the_field() -> None:
    with pytest.raises(ConfigError, match="'en:' and 'ja:'"):
        FollowupCues.from_yaml("en: {}", source="x.yaml")
    with pytest.raises(ConfigError, match=r"x.yaml: ja: 'templates' lacks"):
        FollowupCues.from_yaml(
            "en: {templates: {predicate: a, append: b, what_about: c, about: e, modifier: f, "
            "place: g, join: d}}\nja: {}",
            source="x.yaml",
        )


# A corpus with no glossary whose site ids are romaji (the second sample corpus): Japanese
# place names are subjects by their part of speech (unidic 地名) or a place word (T2棟).
PLAIN = SubjectContext(
    kinds=SubjectKinds.of(["toyama", "yaizu", "shizuoka", "new_jersey"], ["lnp", "peptide"])
)


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        ("富山工場の従業員数は？", "焼津は？", "焼津工場の従業員数は？"),
        ("焼津工場の従業員数は？", "主な設備は？", "焼津工場の主な設備は？"),
        ("T3棟の封じ込めレベルは？", "T2棟は？", "T2棟の封じ込めレベルは？"),
        ("T2棟の封じ込めレベルは？", "何を作っていますか？", "T2棟について：何を作っていますか？"),
        (
            "ニュージャージー拠点について教えて",
            "FDAの査察は？",
            "ニュージャージー拠点について：FDAの査察は？",
        ),
        (
            "Which inspections has the Toyama plant had?",
            "Any findings in 2024?",
            "About the Toyama plant: Any findings in 2024?",
        ),
    ],
)
def test_place_names_without_a_glossary_are_inherited(previous, question, resolved):
    assert resolve_turn(question, [Turn(previous)], context=PLAIN)[1] == resolved


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("焼津工場の従業員数は？", "静岡工場の反応槽は全部で何基ですか？"),
        ("ニュージャージー拠点について教えて", "シンガポールオフィスでは製造をしていますか？"),
        ("T3棟の封じ込めレベルは？", "What is the largest LNP batch?"),
    ],
)
def test_a_place_name_of_its_own_is_a_new_topic(previous, question):
    assert resolve_turn(question, [Turn(previous)], context=PLAIN)[1] is None


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        # The glossary lists メリーランド as a name of the Baltimore site.
        (
            "メリーランドの工場でFDA査察は受けましたか？",
            "指摘は何件？",
            "ボルチモア・FDAについて：指摘は何件？",
        ),
        (
            "Which FDA inspections has the Maryland site had?",
            "How many findings?",
            "About the Baltimore site, FDA: How many findings?",
        ),
        (
            "What is the headcount at the Bangalore site?",
            "And the capacity?",
            "What about the capacity at the Bengaluru site?",
        ),
    ],
)
def test_an_inherited_site_is_named_by_its_own_name(previous, question, resolved):
    assert _resolve(question, previous) == resolved


def _corpus(audience: Audience) -> AudienceTerms:
    """A small real lexical index: which words go with the FDA and with a quote."""
    chunks = [
        ("2024年8月のFDA査察では指摘が2件あり、内容は記録の不備でした。", 0),
        ("概算見積もりは5営業日で提出します。", 0),
        ("The 2024 FDA inspection found two observations; the findings were closed.", 0),
        ("A budgetary quote takes five business days.", 0),
        ("Internal: the FDA pre-approval review takes a budgetary quote.", 2),
    ]
    index = Bm25Index(
        (f"c#{n}", " ".join(index_terms(text)), {"doc_id": f"c{n}", "audience_rank": rank})
        for n, (text, rank) in enumerate(chunks)
    )
    return AudienceTerms(index, audience)


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        (
            "2024年8月のFDA査察で指摘はありましたか？",
            "指摘の内容は？",
            "FDA・2024年8月の指摘の内容は？",
        ),
        (
            "Did the FDA inspect anything in 2024?",
            "Were the findings closed?",
            "About FDA, 2024: Were the findings closed?",
        ),
        ("2024年8月のFDA査察で指摘はありましたか？", "概算見積もりは何日で出ますか？", None),
        ("Did the FDA inspect anything in 2024?", "How long does a budgetary quote take?", None),
    ],
)
def test_a_regulator_or_time_alone_is_inherited_only_with_a_word_that_goes_with_it(
    previous, question, resolved
):
    context = SubjectContext(glossary=GLOSSARY, kinds=KINDS, corpus=_corpus(Audience.PUBLIC))
    assert resolve_turn(question, [Turn(previous)], context=context)[1] == resolved
    # Without the corpus every short question inherits.
    assert resolve_turn(question, [Turn(previous)], context=CONTEXT)[1] is not None


def test_the_corpus_check_reads_only_what_the_reader_may_see():
    previous, question = (
        "Did the FDA inspect anything in 2024?",
        "How long does a budgetary quote take?",
    )
    public = SubjectContext(glossary=GLOSSARY, kinds=KINDS, corpus=_corpus(Audience.PUBLIC))
    inside = SubjectContext(glossary=GLOSSARY, kinds=KINDS, corpus=_corpus(Audience.CONFIDENTIAL))
    assert resolve_turn(question, [Turn(previous)], context=public)[1] is None
    assert resolve_turn(question, [Turn(previous)], context=inside)[1] is not None
    corpus = _corpus(Audience.PUBLIC)
    assert corpus.frequency("fda") == 2
    assert _corpus(Audience.CONFIDENTIAL).frequency("fda") == 3
    assert corpus.co_occur(["fda"], ["指摘"]) and not corpus.co_occur(["fda"], ["見積もり"])


def _topics_corpus() -> AudienceTerms:
    """A small real lexical index: change notifications come with a Japanese summary."""
    chunks = [
        "Change notifications to Japanese sponsors come with a Japanese summary.",
        "変更通知には日本語の要約を添付します。",
        "We hosted 12 sponsor audits in 2024.",
        "2024年に12件の査察を受け入れました。",
    ]
    index = Bm25Index(
        (f"t#{n}", " ".join(index_terms(text)), {"doc_id": f"t{n}", "audience_rank": 0})
        for n, text in enumerate(chunks)
    )
    return AudienceTerms(index, Audience.PUBLIC)


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        (
            "What are your change notification commitments?",
            "Do Japanese sponsors get a Japanese summary?",
            "About change notification commitments: Do Japanese sponsors get a Japanese summary?",
        ),
        (
            "変更通知に関する御社の方針は？",
            "日本語の要約はもらえますか？",
            "変更通知について：日本語の要約はもらえますか？",
        ),
        # A new topic: the corpus holds its words with something else.
        ("What are your change notification commitments?", "How many audits in 2024?", None),
        ("変更通知に関する御社の方針は？", "査察の受け入れ件数は？", None),
    ],
)
def test_the_topic_of_a_question_without_subjects_is_inherited_when_the_corpus_joins_them(
    previous, question, resolved
):
    context = SubjectContext(glossary=GLOSSARY, kinds=KINDS, corpus=_topics_corpus())
    assert resolve_turn(question, [Turn(previous)], context=context)[1] == resolved
    # Without a corpus to tell, nothing is inherited.
    assert resolve_turn(question, [Turn(previous)], context=CONTEXT)[1] is None


def test_a_question_asks_about_its_first_run_of_content_words():
    en = understand("What are your change notification commitments?", context=CONTEXT)
    assert en.topic is not None and en.topic.text == "change notification commitments"
    ja = understand("変更通知に関する御社の方針は？", context=CONTEXT)
    assert ja.topic is not None and ja.topic.text == "変更通知"
    assert understand("What is it?", context=CONTEXT).topic is None


@pytest.mark.parametrize(
    ("previous", "question", "resolved"),
    [
        # Names the company but takes up the previous question's expansion: that site's.
        (
            "ボルチモア拠点の増設の予定は？",
            "増設後の全社の容量は？",
            "ボルチモア拠点について：増設後の全社の容量は？",
        ),
        (
            "Is an expansion planned at the Baltimore site?",
            "Company-wide capacity after the expansion?",
            "About the Baltimore site: Company-wide capacity after the expansion?",
        ),
        # Names the company and shares no word: a new topic.
        ("ボルチモア拠点の増設の予定は？", "全社の従業員数は？", None),
        ("Is an expansion planned at the Baltimore site?", "What is your total headcount?", None),
    ],
)
def test_a_company_question_that_takes_up_the_previous_word_keeps_its_site(
    previous, question, resolved
):
    assert _resolve(question, previous) == resolved


def test_a_name_typed_a_letter_short_is_the_subject_a_follow_up_inherits() -> None:
    """The glossary meets "baltimor" by its stem: the earlier turn names Baltimore, though
    no name of it is written whole, and "there" in the follow-up is Baltimore."""
    resolved = _resolve("What upgrades are planned there?", "whats the staff count at baltimor?")
    assert resolved == "What upgrades are planned at Baltimore?"
