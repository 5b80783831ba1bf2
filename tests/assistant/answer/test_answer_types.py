"""Answer types: a price question is answered by a sum of money or not at all, and the asked
field of the record row the question names is quoted with it (the sample corpus, asked
through the real Assistant)."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import (
    asks_amount,
    fiscal_years,
    holds_amount,
    holds_asked_count,
    speaks_of_fiscal_years,
)
from assistant.engine import Assistant
from assistant.question.understanding import understand
from assistant.text import fold


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("T3棟を1日使うといくらかかりますか？", True),
        ("OEB5スイートの1日あたりの使用料は？", True),
        ("What is the list price of a 2,000 L batch?", True),
        ("What reservation fee do you charge?", True),
        ("When did OPEC start to readjust oil prices?", False),  # a when-question
        ("Who did Genghis Khan charge with finding the Shah?", False),  # charge, the verb
        ("How many lots were released in 2024?", False),
        ("How much is a batch at Baltimore?", True),
        ("How much was invested in the OEB5 suite?", True),
        ("How much of the population died of the plague?", False),
        ("How much did the scale-up cut solvent use?", False),
    ],
)
def test_a_question_asks_an_amount_when_it_names_a_price_fee_or_cost(question, asked):
    assert asks_amount(fold(question)) is asked


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("占有 1日あたり: 240万円", True),
        ("List price: USD 1.45 million", True),
        ("投資額は約1,800万米ドルです。", True),
        ("The price rose to $12 per barrel.", True),
        ("Revenue for fiscal 2024 was JPY 41.2 billion.", True),
        ("OEB5, with an occupational exposure limit of 0.1 µg/m³", False),
        ("2,000 L single-use bioreactors", False),
        ("元々は化学品メーカーでした。", False),
    ],
)
def test_a_sum_of_money_is_a_number_with_its_currency(text, held):
    assert holds_amount(text) is held


def test_a_price_question_without_a_stated_price_abstains(sample: Assistant):
    """The public reader's corpus states no suite fee: before, the OEB5 containment case study
    was quoted as the answer."""
    answer = sample.ask("OEB5スイートの1日あたりの使用料はいくらですか？", audience="public")
    assert answer.abstained
    assert answer.citations == []


def test_the_asked_field_of_the_named_table_row_is_quoted(sample: Assistant):
    """The price table's row is found by its Service cell; its "List price" field (a label the
    question names) is the answer, quoted with it."""
    answer = sample.ask(
        "What is the list price of a 2,000 L mAb batch made in Bengaluru?", audience="internal"
    )
    assert not answer.abstained, answer.abstain_reason
    assert "List price: USD 1.45 million" in answer.text
    assert {c.doc_id for c in answer.citations} == {"int-bd-pricing-guidance"}


def test_a_fiscal_year_is_answered_only_by_that_fiscal_year(said) -> None:
    """「2025年度」 is not answered by 「2024年度（2025年3月期）」, whose 2025 is the year of
    the closing month; "fiscal 2027" is answered by 「2027年度」."""
    fy2024 = said("2024年度（2025年3月期）の売上収益は412億円でした。", "ja")
    assert fiscal_years("FY2025 revenue and fiscal year 2024") == {"2025", "2024"}
    assert not speaks_of_fiscal_years(fy2024, understand("2025年度の売上収益はいくらでしたか？"))
    assert speaks_of_fiscal_years(fy2024, understand("2024年度の売上収益はいくらでしたか？"))
    assert speaks_of_fiscal_years(fy2024, understand("What was revenue in 2025?"))  # no fiscal year
    target = said("2027年度に売上収益550億円を目指します。", "ja")
    assert speaks_of_fiscal_years(
        target, understand("What revenue target do you have for fiscal 2027?")
    )


def test_a_count_in_a_counter_is_answered_by_that_counter(said) -> None:
    """「何基」 is answered by 4基, a record field's bare number, or an English count; not by a
    reactor's size nor by a year followed by a word."""
    asked = understand("T4棟には反応槽が何基入りますか？")
    assert not holds_asked_count(said("T4棟（最大2,000L反応槽を含む）を建設中です。", "ja"), asked)
    assert not holds_asked_count(
        said("A 500 L reactor is planned for December 2026, which", "en"), asked
    )
    assert holds_asked_count(said("6,000Lのグラスライニング反応槽が4基あります。", "ja"), asked)
    assert holds_asked_count(said("基数: 8", "ja"), asked)
    assert holds_asked_count(said("The site runs two 2,000 L single-use bioreactors.", "en"), asked)
    # 何人 also asks a nationality: no counter check
    assert holds_asked_count(
        said("セルビア人の圧力により", "ja"), understand("何人の圧力により崩壊したか")
    )
