"""What the composer reads of a chunk once (`read_chunk`): the same units and terms as reading
it afresh, the same answers from a cold and a warm cache, and a new reading after a re-ingest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.answer.evidence import has_digit, hit_terms
from assistant.answer.extractive import ExtractiveComposer
from assistant.answer.quotable import quotable_spans
from assistant.answer.reading import clear_readings, read_chunk
from assistant.answer.scoring import match_terms
from assistant.embedders import Embedder
from assistant.engine import Assistant
from assistant.text import fold, terms
from assistant.types import Hit
from tests.conftest import make_settings, run_ingest

BALTIMORE = (
    "The Baltimore, Maryland site manufactured monoclonal antibodies for clinical supply. "
    "The site has 240 staff, including 38 in quality assurance.\n"
    "Total installed bioreactor capacity is 8,000 L."
)
RECORD = "Location: Baltimore\nStaff: 240\nOpened: 2011"
BALTIMORE_JA = "ボルチモア拠点の従業員は240名です。品質保証部門は38名です。"


def test_a_reading_holds_what_reading_the_chunk_afresh_gives(make_hit) -> None:
    for text in (BALTIMORE, RECORD, BALTIMORE_JA):
        chunk = make_hit("site-baltimore#0", text, title="Baltimore site facts").chunk
        reading = read_chunk(chunk)
        spans = quotable_spans(text)
        assert [(u.start, u.end, u.label) for u in reading.units] == spans
        assert [u.terms for u in reading.units] == [match_terms(text[s:e]) for s, e, _ in spans]
        assert [u.folded for u in reading.units] == [fold(text[s:e]) for s, e, _ in spans]
        assert [u.has_digit for u in reading.units] == [has_digit(text[s:e]) for s, e, _ in spans]
        assert reading.context == match_terms(f"{chunk.title}\n{chunk.section}")
        assert read_chunk(chunk) is reading  # kept: the next question reads it from memory
    hit = make_hit("site-baltimore#0", BALTIMORE, title="Baltimore site facts")
    assert hit_terms(hit) == frozenset(terms(f"{hit.chunk.title}\n\n{BALTIMORE}"))
    assert "240" in hit_terms(hit) and hit_terms(hit) is hit_terms(hit)


def test_compose_gives_the_same_answer_from_a_cold_and_a_warm_cache(
    make_hit: Callable[..., Hit],
) -> None:
    hits = [
        make_hit("site-baltimore#0", BALTIMORE, title="Baltimore site facts"),
        make_hit("site-record#0", RECORD, dense=0.85, title="Baltimore record"),
        make_hit("site-baltimore-ja#0", BALTIMORE_JA, lang="ja", dense=0.84, title="ボルチモア"),
    ]
    composer = ExtractiveComposer(threshold=0.5)
    answers = []
    for question, lang in (("How many staff does Baltimore have?", "en"), ("従業員は何名？", "ja")):
        clear_readings()
        cold = composer.compose(question, lang=lang, hits=hits)
        warm = composer.compose(question, lang=lang, hits=hits)
        assert not cold.abstained
        assert (warm.text, warm.citations) == (cold.text, cold.citations)
        answers.append(cold.text)
    assert "Staff: 240 [" in answers[0] and "240名" in answers[1], answers


def test_a_reingest_brings_a_new_reading_and_the_same_answer_cold_or_warm(
    tmp_path: Path, corpus_copy: Path, embedder: Embedder
) -> None:
    settings = make_settings(tmp_path / "data", lexical_refresh_seconds=0)
    run_ingest(settings, embedder, corpus_copy)
    assistant = Assistant(settings, embedder=embedder)
    question = "How many staff work at the Baltimore site?"
    before = assistant.ask(question)
    assert "240 staff" in before.text, before.text
    old_hit = next(h for h in before.hits if "240 staff" in h.chunk.text)
    old = read_chunk(old_hit.chunk)

    page = corpus_copy / "sites" / "baltimore.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("240 staff", "275 staff"), encoding="utf-8"
    )
    report = run_ingest(settings, embedder, corpus_copy)
    assert report.ok and len(report.updated) == 1, report

    warm = assistant.ask(question)  # the old chunk's reading is still in the cache
    assert "275 staff" in warm.text and "240 staff" not in warm.text, warm.text
    new_hit = next(h for h in warm.hits if h.chunk.id == old_hit.chunk.id)
    new = read_chunk(new_hit.chunk)
    assert new is not old
    said = [new_hit.chunk.text[u.start : u.end] for u in new.units]
    assert any("275 staff" in s for s in said) and not any("240 staff" in s for s in said)
    assert "275" in hit_terms(new_hit) and "240" not in hit_terms(new_hit)

    clear_readings()
    cold = assistant.ask(question)
    assert (cold.text, cold.citations) == (warm.text, warm.citations)
