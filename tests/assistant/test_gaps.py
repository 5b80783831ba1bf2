"""The gap log: abstained questions are kept in SQLite and listed grouped by similarity."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.engine import Assistant
from assistant.gaps import GAPS_FILE, Gap, GapLog, group_gaps
from cli import app
from tests.conftest import make_settings


@pytest.fixture
def own_index(tmp_path: Path, fixture_settings: Settings) -> Path:
    """A private copy of the fixture index, so recording gaps writes only here."""
    target = tmp_path / "data"
    shutil.copytree(fixture_settings.data_dir, target, ignore=shutil.ignore_patterns(GAPS_FILE))
    return target


def test_abstained_questions_are_recorded_and_grouped(own_index: Path, embedder: Embedder) -> None:
    assistant = Assistant(make_settings(own_index), embedder=embedder)
    asked = [
        "火星に工場を建設する予定はありますか？",
        "Do you plan to build a factory on Mars?",
        "火星に工場を建てる計画はありますか？",
    ]
    for question in asked:
        assert assistant.ask(question).abstained
    assert not assistant.ask("How many staff does the Baltimore site have?").abstained

    gaps = GapLog.in_data_dir(own_index).all()
    assert [g.question for g in gaps] == asked
    assert [g.lang for g in gaps] == ["ja", "en", "ja"]
    assert all(g.audience == "public" and g.nearest and g.vector is not None for g in gaps)
    assert gaps[0].nearest[0]["doc_id"]

    result = CliRunner().invoke(app, ["gaps", "--data-dir", str(own_index), "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    assert sum(g["count"] for g in groups) == 3
    assert asked[0] in {q["question"] for q in groups[0]["questions"]}

    table = CliRunner().invoke(app, ["gaps", "--data-dir", str(own_index)])
    assert "火星" in table.output and "Mars" in table.output


def test_an_unwritable_gap_log_does_not_fail_the_answer(
    own_index: Path, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    (own_index / GAPS_FILE).mkdir()  # SQLite cannot open a directory: as good as read-only
    assistant = Assistant(make_settings(own_index), embedder=embedder)
    with caplog.at_level(logging.WARNING, logger="assistant.engine"):
        answer = assistant.ask("火星に工場を建設する予定はありますか？")
    assert answer.abstained and "担当" in answer.text
    assert "could not record" in caplog.text


def _gap(n: int, question: str, vector: list[float] | None = None) -> Gap:
    return Gap(
        id=n,
        asked_at="2026-01-01T00:00:00+00:00",
        lang="en",
        audience="public",
        question=question,
        reason=None,
        nearest=[],
        vector=None if vector is None else np.asarray(vector, dtype=np.float32),
    )


def test_grouping_uses_vectors_then_term_overlap() -> None:
    gaps = [
        _gap(1, "Do you make cell therapies?", [1.0, 0.0]),
        _gap(2, "細胞治療薬は製造できますか？", [0.99, 0.05]),
        _gap(3, "What is your canteen menu?", [0.0, 1.0]),
        _gap(4, "What is the canteen menu today?"),
    ]
    groups = group_gaps(gaps)
    assert [[g.id for g in group.gaps] for group in groups] == [[1, 2], [3, 4]]


def test_no_gaps_yet_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["gaps", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "No unanswered questions" in result.output
