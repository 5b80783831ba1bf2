"""Which place and month a question asks about: another site's source, or a company total,
does not answer a question about one site; one site's figure does not answer a company-wide
one; a source dated in the asked month leads."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.scope import QuestionScope, asks_company_wide
from assistant.factory import build_retriever, open_store
from assistant.question.time import asked_months
from assistant.question.words import mention_names
from assistant.retrieval.hybrid import HybridRetriever
from assistant.text import fold
from assistant.types import Audience

PUBLIC = Audience.PUBLIC

BENGALURU_NAMES = mention_names([("Bengaluru", "Bangalore", "ベンガルール", "バンガロール")])
STAFF_NAMES = mention_names([("staff", "employees", "従業員", "人員")])

COMPANY_TOTAL = "Total staff: 2369\nStaff as of: 2025-04-01"
BENGALURU_RECORD = "Location: Bommasandra, Bengaluru\nStaff: 1150"
BALTIMORE_PAGE = "Headcount was 340 on 1 April 2025. The site makes antibodies."
BROCHURE = "Our Bengaluru headquarters has 1150 staff. The network has 2369 staff in total."


def _hits(make_hit):
    return [
        make_hit(
            "company-summary#0", COMPANY_TOTAL, dense=0.95, title="Staff and capacity summary"
        ),
        make_hit(
            "site-bengaluru#0",
            BENGALURU_RECORD,
            dense=0.85,
            title="Bengaluru site facts",
            metadata={"site": "bengaluru"},
        ),
        make_hit(
            "site-baltimore#0",
            BALTIMORE_PAGE,
            dense=0.84,
            title="Baltimore site",
            metadata={"site": "baltimore"},
        ),
    ]


def test_a_site_is_named_by_any_name_of_its_glossary_entry(make_hit) -> None:
    hits = _hits(make_hit)
    question = fold("What is the headcount at the Bangalore site?")
    scope = QuestionScope.of(question, hits, (*BENGALURU_NAMES, *STAFF_NAMES))
    assert scope.named == {"bengaluru"}
    assert {"bangalore", "ベンガルール", "bengaluru"} <= scope.names
    assert "staff" not in scope.names
    assert not scope.company_wide
    # Without the glossary's names "Bangalore" names no site id.
    assert QuestionScope.of(question, hits).named == frozenset()
    # The id itself always names the site.
    assert QuestionScope.of(fold("Bengaluru headcount?"), hits).named == {"bengaluru"}


def test_a_japanese_name_whose_reading_is_the_site_id_names_the_site(make_hit) -> None:
    # A corpus without a glossary: its metadata says `yaizu`, its readers say 焼津工場.
    hits = [
        make_hit("site-yaizu#0", "主な設備: バイアル充填ライン", metadata={"site": "yaizu"}),
        make_hit("site-toyama#0", "主な設備: 300L反応槽4基", metadata={"site": "toyama"}),
    ]
    scope = QuestionScope.of(fold("焼津工場の主な設備は？"), hits)
    assert scope.named == {"yaizu"}
    assert scope.factor(hits[1], "主な設備: 300L反応槽4基") == 0.5
    assert QuestionScope.of(fold("主な設備は？"), hits).named == frozenset()


def test_factors_for_a_site_question(make_hit) -> None:
    company, bengaluru, baltimore = _hits(make_hit)
    scope = QuestionScope.of(
        fold("How many staff in Bangalore?"), [bengaluru, baltimore], BENGALURU_NAMES
    )
    assert scope.factor(bengaluru, "Staff: 1150") == 1.0
    assert scope.factor(baltimore, "Headcount was 340 on 1 April 2025.") == 0.5
    # A company-level source keeps its score only where the unit names the site.
    assert scope.factor(company, "Total staff: 2369") == 0.5
    assert scope.factor(company, "Our Bengaluru headquarters has 1150 staff.") == 1.0
    assert scope.factor(company, "Our バンガロール site has 1150 staff.") == 1.0


def test_factors_for_a_company_wide_question(make_hit) -> None:
    company, bengaluru, baltimore = _hits(make_hit)
    scope = QuestionScope.of(
        fold("御社全体の従業員数は何名ですか？"), [company, bengaluru], STAFF_NAMES
    )
    assert scope.company_wide and not scope.named
    assert scope.factor(company, "Total staff: 2369") == 1.0
    assert scope.factor(bengaluru, "Staff: 1150") == 0.5
    # Naming a site and asking company-wide: other sites still lose, the company's total not.
    both = QuestionScope.of(
        fold("After the Bengaluru expansion, what is the company-wide capacity?"),
        [company, bengaluru, baltimore],
        BENGALURU_NAMES,
    )
    assert both.company_wide and both.named == {"bengaluru"}
    assert both.factor(company, "Capacity after expansion (L): 16400") == 1.0
    assert both.factor(baltimore, "Headcount was 340 on 1 April 2025.") == 0.5


def test_another_sites_source_is_elsewhere_unless_it_names_the_asked_site(make_hit) -> None:
    company, bengaluru, baltimore = _hits(make_hit)
    scope = QuestionScope.of(
        fold("How many staff in Bangalore?"), [bengaluru, baltimore], BENGALURU_NAMES
    )
    assert scope.elsewhere(baltimore)
    assert not scope.elsewhere(bengaluru)
    assert not scope.elsewhere(company)  # no site: it may speak for all
    # Filed under Baltimore, but a table row names Bengaluru: read.
    table = replace(baltimore, chunk=replace(baltimore.chunk, text="Site: Bengaluru\nStaff: 1150"))
    assert not scope.elsewhere(table)
    # A question naming no site has nothing elsewhere.
    assert not QuestionScope.of(fold("How many staff?"), [baltimore]).elsewhere(baltimore)


def test_the_composer_never_quotes_another_sites_figure(make_hit) -> None:
    """「ベンガルール拠点の従業員数は？」: Baltimore's headcount is never the answer, whether the
    Bengaluru record is among the hits or no hit is of Bengaluru at all (the reader's sites
    tell that the question names one)."""
    composer = ExtractiveComposer(threshold=0.0)
    _, bengaluru, baltimore = _hits(make_hit)
    question = "ベンガルール拠点の従業員数は？ (Bengaluru, Bangalore, staff, employees)"
    mentions = (*BENGALURU_NAMES, *STAFF_NAMES)
    answer = composer.compose(question, lang="ja", hits=[baltimore, bengaluru], mentions=mentions)
    assert [c.doc_id for c in answer.citations] == ["site-bengaluru"]
    assert "340" not in answer.text
    alone = composer.compose(
        question, lang="ja", hits=[baltimore], mentions=mentions, sites=["bengaluru", "baltimore"]
    )
    assert alone.abstained
    assert "bengaluru" in (alone.abstain_reason or "")
    # Without the reader's sites the question's site is not known to be missing.
    assert not composer.compose(question, lang="ja", hits=[baltimore], mentions=mentions).abstained


def test_company_wide_cues_in_both_languages() -> None:
    for question in (
        "What is the company's total headcount across all locations?",
        "How many PPQ campaigns company-wide?",
        "全社で完了したPPQキャンペーンは合計何件ですか？",
        "御社全体の従業員数は？",
    ):
        assert asks_company_wide(fold(question)), question
    for question in (
        "ベンガルールのバイオリアクター容量は合計何Lですか？",
        "What is the total at Baltimore?",
    ):
        assert not asks_company_wide(fold(question)), question


def test_the_composer_answers_a_site_question_from_that_site(make_hit) -> None:
    composer = ExtractiveComposer(threshold=0.0)
    hits = _hits(make_hit)
    question = (
        "How many staff does the Bangalore site have? (ベンガルール, バンガロール, 従業員, 人員)"
    )
    answer = composer.compose(
        question, lang="en", hits=hits, mentions=(*BENGALURU_NAMES, *STAFF_NAMES)
    )
    assert "1150" in answer.text and "2369" not in answer.text
    assert [c.doc_id for c in answer.citations][0] == "site-bengaluru"
    # Without the names the company total, ranked first, leads the answer.
    unnamed = composer.compose(question, lang="en", hits=hits)
    assert unnamed.citations[0].doc_id == "company-summary"


def test_the_composer_answers_a_company_question_from_company_sources(make_hit) -> None:
    hits = [  # a site's record ranked above the company summary
        make_hit(
            "site-bengaluru#0",
            BENGALURU_RECORD,
            dense=0.9,
            title="Bengaluru site facts",
            metadata={"site": "bengaluru"},
        ),
        make_hit("company-summary#0", COMPANY_TOTAL, dense=0.8, title="Company capacity"),
    ]
    composer = ExtractiveComposer(threshold=0.0)
    answer = composer.compose(
        "御社全体の従業員数は何名ですか？ (staff, employees)",
        lang="ja",
        hits=hits,
        mentions=STAFF_NAMES,
    )
    assert [c.doc_id for c in answer.citations] == ["company-summary"]
    assert "2369" in answer.text and "1150" not in answer.text
    # Asked without the company-wide cue, the site's record leads.
    plain = composer.compose(
        "従業員数は何名ですか？ (staff, employees)", lang="ja", hits=hits, mentions=STAFF_NAMES
    )
    assert plain.citations[0].doc_id == "site-bengaluru"


def test_retrieval_passes_the_names_of_what_the_question_mentions(
    fixture_settings, embedder
) -> None:
    retriever: HybridRetriever = build_retriever(
        fixture_settings, open_store(fixture_settings, embedder), embedder
    )
    retrieval = retriever.retrieve("How many staff work in Bangalore?", audience=PUBLIC, k=3)
    assert {"bengaluru", "bangalore", "ベンガルール", "バンガロール"} in [
        set(group) for group in retrieval.mentions
    ]
    assert {"staff", "employees", "従業員", "人員"} in [set(g) for g in retrieval.mentions]
    assert retriever.retrieve("What is the weather?", audience=PUBLIC, k=3).mentions == ()


def test_months_a_question_names() -> None:
    cases = {
        "2025年3月のFDA承認前査察の結果はどうでしたか？": {(2025, 3)},
        "What did PMDA observe at Baltimore in June 2025?": {(2025, 6)},
        "Was the audit on Sept. 10, 2024 or in 2024-11?": {(2024, 9), (2024, 11)},
        "May we visit in 2025?": set(),
        "What did marketing 2024 cost?": set(),
        "Lot 2024-13": set(),
    }
    for question, months in cases.items():
        assert asked_months(fold(question)) == months, question


PAGE = (
    "The FDA inspected the site in October 2023 and closed it as VAI with two observations. "
    "A PMDA on-site inspection followed in 2025 with three observations."
)
PMDA_RECORD = (
    "Agency: PMDA\n"
    "Observations: 3\n"
    "Notes: Three observations on deviation trending and label reconciliation."
)


def test_a_source_dated_in_the_asked_month_leads(make_hit) -> None:
    site = {"site": "baltimore"}
    hits = [
        make_hit("site-page#0", PAGE, dense=0.9, title="Baltimore site", metadata=site),
        make_hit(
            "insp-2025-pmda#0",
            PMDA_RECORD,
            dense=0.86,
            title="PMDA inspection of Baltimore",
            metadata={**site, "date": "2025-06-10"},
        ),
    ]
    composer = ExtractiveComposer(threshold=0.0)
    answer = composer.compose(
        "What did PMDA observe at Baltimore in June 2025?", lang="en", hits=hits
    )
    assert answer.citations[0].doc_id == "insp-2025-pmda"
    assert "deviation trending" in answer.text
    # Dated another month, the record does not lead: the page ranked first does.
    other = [
        hits[0],
        replace(
            hits[1],
            chunk=replace(hits[1].chunk, metadata={**hits[1].chunk.metadata, "date": "2024-06-10"}),
        ),
    ]
    assert (
        composer.compose("What did PMDA observe at Baltimore in June 2025?", lang="en", hits=other)
        .citations[0]
        .doc_id
        == "site-page"
    )
