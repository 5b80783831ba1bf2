"""Partial dates and their periods; customer labels normalised, mapped and made readable."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.errors import ConfigError, DateFormatError
from assistant.text.dates import parse_date, period_end, period_start
from assistant.text.labels import DocTypeMap, normalize_label, readable_label


@pytest.mark.parametrize(
    ("value", "normalized", "precision", "start", "end"),
    [
        ("2025", "2025", "year", 20250101, 20251231),
        (2016, "2016", "year", 20160101, 20161231),
        ("2016-11", "2016-11", "month", 20161101, 20161130),
        ("2024-02", "2024-02", "month", 20240201, 20240229),
        ("2025-03-14", "2025-03-14", "day", 20250314, 20250314),
        ("2025/3/4", "2025-03-04", "day", 20250304, 20250304),
        ("2025年3月", "2025-03", "month", 20250301, 20250331),
        ("２０２５年３月１４日", "2025-03-14", "day", 20250314, 20250314),
        ("2025-03-14T09:30:00", "2025-03-14", "day", 20250314, 20250314),
        (dt.date(2023, 5, 17), "2023-05-17", "day", 20230517, 20230517),
    ],
)
def test_dates_parse_with_their_precision_and_period(
    value: object, normalized: str, precision: str, start: int, end: int
) -> None:
    parsed = parse_date(value)
    assert (parsed.normalized, parsed.precision) == (normalized, precision)
    assert (period_start(parsed.normalized), period_end(parsed.normalized)) == (start, end)


@pytest.mark.parametrize("value", ["May 2024", "2025-13", "2025-02-30", "25-03", "", "2025年13月"])
def test_bad_dates_name_the_value_and_the_accepted_forms(value: str) -> None:
    with pytest.raises(DateFormatError) as info:
        parse_date(value)
    assert repr(value) in str(info.value) and "YYYY-MM" in str(info.value)


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Regulatory Summary", "regulatory_summary"),
        ("capability-sheet", "capability_sheet"),
        ("CompanyProfile", "company_profile"),
        ("ＦＡＱ", "faq"),
        (" board memo ", "board_memo"),
        ("会社概要", "会社概要"),
    ],
)
def test_labels_are_normalised(label: str, slug: str) -> None:
    assert normalize_label(label) == slug


def test_a_doc_type_map_maps_only_onto_known_kinds() -> None:
    mapping = DocTypeMap.from_yaml("Capability Sheet: site_fact\nFAQs: faq\n", source="m.yaml")
    assert mapping.apply("capability-sheet") == "site_fact"
    assert mapping.apply("deal_summary") == "deal_summary"
    with pytest.raises(ConfigError, match="'pricing' maps to 'secret_kind'; map onto one of"):
        DocTypeMap.from_yaml("pricing: secret_kind\n", source="m.yaml")


def test_readable_labels() -> None:
    assert readable_label("small_molecule") == "Small molecule"
    assert readable_label("small_molecule", lang="ja") == "低分子"
    assert readable_label("regulatory_summary", lang="ja") == "Regulatory summary"
