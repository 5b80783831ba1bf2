"""The list strategy over a corpus of its own: which kind of document a list question lists."""

from __future__ import annotations

import pytest

from assistant.engine import Assistant
from tests.conftest import make_settings, run_ingest


def _case_study(n: int, year: int) -> str:
    return (
        f'---\nid: cs-{n}\ntitle: "Scale-up story {n}"\ndoc_type: case_study\nlang: en\n'
        f'audience: public\ndate: "{year}-05-01"\n---\n\n# Scale-up story {n}\n\n'
        f"The sponsor asked for a faster route. After the scale-up, the PPQ campaign of {year} "
        "ran three consecutive PPQ batches, and every PPQ batch met its criteria.\n"
    )


PPQ_RECORDS = "".join(
    f"- id: ppq-{year}\n  title: PPQ campaign PPQ-{year}\n  doc_type: ppq_record\n"
    f'  lang: en\n  audience: public\n  date: "{year}-03-01"\n'
    f"  campaign: PPQ-{year}\n  result: all batches met the criteria\n\n"
    for year in (2019, 2021, 2023)
)


@pytest.mark.slow
def test_a_list_prefers_the_kind_whose_titles_name_the_asked_thing(tmp_path, embedder):
    """Records titled "PPQ campaign …" list the PPQ campaigns; case studies that only mention
    a PPQ in their text are not the list, though retrieval may rank them first."""
    corpus = tmp_path / "corpus"
    (corpus / "case-studies").mkdir(parents=True)
    for n, year in enumerate((2018, 2020, 2022), start=1):
        (corpus / "case-studies" / f"story-{n}.md").write_text(_case_study(n, year), "utf-8")
    (corpus / "records").mkdir()
    (corpus / "records" / "ppq.yaml").write_text(PPQ_RECORDS, "utf-8")
    settings = make_settings(tmp_path / "data")
    run_ingest(settings, embedder, corpus)
    answer = Assistant(settings, embedder=embedder, record_gaps=False).ask(
        "List every PPQ campaign you have run"
    )
    assert [c.doc_id for c in answer.citations] == ["ppq-2019", "ppq-2021", "ppq-2023"]


def test_a_record_list_names_each_record_by_its_title(sample):
    """Each listed inspection says which one it is (its record's title) before its quoted
    fields; the citation's quote stays the fields alone, verbatim."""
    answer = sample.ask("What is your FDA inspection history?", audience="public")
    assert not answer.abstained
    lines = answer.text.splitlines()[1:]
    assert len(lines) == len(answer.citations) == 4
    for line, citation in zip(lines, answer.citations, strict=True):
        assert line == f"{citation.title} — {citation.quote} [{citation.n}]"
        assert "FDA" in citation.title
    assert "(February 2020)" in lines[0]


def test_a_history_lists_the_same_records_in_either_language(sample):
    """「FDA査察の履歴は？」 ranks a CAPA report on one FDA inspection first; the inspection log
    (one file of records) still lists the history, as for the English question, and the
    report on an inspection already listed is no second item."""
    english = sample.ask("What is your FDA inspection history?", audience="public")
    japanese = sample.ask("FDA査察の履歴は？", audience="public")
    listed = [c.doc_id for c in english.citations]
    assert [c.doc_id for c in japanese.citations] == listed
    assert listed == [
        "insp-2020-fda-bengaluru",
        "insp-2022-fda-hyderabad",
        "insp-2023-fda-baltimore",
        "insp-2025-fda-bengaluru",
    ]
    assert japanese.text.splitlines()[0] == "該当する資料は4件です（古い順）。"


def test_a_listed_record_quotes_what_its_title_does_not_say(sample):
    """Under "FDA surveillance inspection of Baltimore (October 2023)" the line "Agency: FDA"
    says nothing new; the outcome is quoted instead."""
    answer = sample.ask("What about the Baltimore site's inspections?", audience="public")
    assert [c.doc_id for c in answer.citations] == [
        "insp-2023-fda-baltimore",
        "insp-2025-pmda-baltimore",
    ]
    for citation in answer.citations:
        assert "Agency:" not in citation.quote
        assert "Outcome:" in citation.quote


@pytest.mark.parametrize(
    "question",
    ["What is your inspection history and PPQ record?", "査察履歴とPPQの実績を教えてください"],
)
def test_a_list_question_joining_two_things_lists_each(sample, question):
    """ "Inspection history and PPQ record" is two lists, each under its own piece of the
    question: the inspection records, then the documents of PPQ campaigns, cited apart."""
    answer = sample.ask(question, audience="public")
    assert not answer.abstained
    heads = [line for line in answer.text.splitlines() if line.startswith("■ ")]
    assert len(heads) == 2
    inspections, ppq = answer.text.split(heads[1])
    assert "Pre-license inspection" in inspections
    assert "PPQ" in ppq and "inspection of" not in ppq
    cited = {c.doc_id for c in answer.citations}
    assert {"insp-2020-fda-bengaluru", "cs-ppq-bengaluru-mab"} <= cited


def test_a_list_of_two_regulators_lists_each_regulators_records(sample):
    """Two regulators joined by "and" are two lists, each holding that regulator's
    inspections only: no CDSCO or EU row, which the whole question's list would bring."""
    answer = sample.ask("List every inspection by the FDA and PMDA", audience="public")
    heads = [line for line in answer.text.splitlines() if line.startswith("■ ")]
    assert len(heads) == 2
    fda, pmda = answer.text.split(heads[1])
    ids = {c.n: c.doc_id for c in answer.citations}
    assert sorted(ids.values()) == sorted(
        [
            "insp-2020-fda-bengaluru",
            "insp-2022-fda-hyderabad",
            "insp-2023-fda-baltimore",
            "insp-2025-fda-bengaluru",
            "insp-2021-pmda-bengaluru",
            "insp-2024-pmda-hyderabad",
            "insp-2025-pmda-baltimore",
        ]
    )
    for n, doc_id in ids.items():
        assert f"[{n}]" in (fda if "-fda-" in doc_id else pmda)
