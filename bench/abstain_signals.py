"""Dump the abstention signals of every question of one or more sets, for offline calibration.

    python bench/abstain_signals.py --set sample=corpus/questions.jsonl:DATA_DIR \
        [--set aozora=eval/corpora/aozora/questions.jsonl:DATA_DIR2 ...] --out rows.jsonl

Every question goes through `Assistant.ask` (follow-ups with their chain as history) with an
extractive composer that never abstains, so both the signals the composer saw and the answer
it would give are known. Per question (per composed part for multi-part ones) it writes the
evidence components (`EvidenceStrength`), the dense cosines of the top hits, the background
(the median cosine of the question to every chunk the reader may see) and whether the answer
would be right. `bench/calibrate_signals.py` reads the rows and draws the curves.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.answer.composer import Composition  # noqa: E402
from assistant.answer.cues import build_vocabulary  # noqa: E402
from assistant.answer.extractive import ExtractiveComposer  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.types import Audience, Hit, Turn  # noqa: E402
from eval.metrics import contains_answer  # noqa: E402


class RecordingComposer(ExtractiveComposer):
    """The extractive composer at threshold -inf, keeping what each compose call measured."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(threshold=float("-inf"), **kwargs)
        self.calls: list[dict[str, Any]] = []

    def compose(
        self,
        question: str,
        *,
        lang: str,
        hits: list[Hit],
        query_vector: np.ndarray | None = None,
        unknown_terms: Sequence[str] = (),
        mentions: Sequence[frozenset[str]] = (),
        lang_shares: Mapping[str, float] | None = None,
    ) -> Composition:
        """Compose as the extractive composer does and record its evidence."""
        composition = super().compose(
            question,
            lang=lang,
            hits=hits,
            query_vector=query_vector,
            unknown_terms=unknown_terms,
            mentions=mentions,
            lang_shares=lang_shares,
        )
        evidence = composition.evidence
        self.calls.append(
            {
                "asked": question,
                "vector": query_vector,
                "dense_top": [round(float(h.scores.get("dense", 0.0)), 4) for h in hits[:10]],
                "evidence": None
                if evidence is None
                else {
                    "dense": evidence.dense,
                    "coverage": evidence.coverage,
                    "missing": evidence.missing,
                    "unknown": evidence.unknown,
                    "strength": evidence.strength,
                },
                "first_quote": composition.citations[0].quote if composition.citations else "",
            }
        )
        return composition


def chain_history(item: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[Turn]:
    """The earlier turns of a follow-up's chain, oldest first."""
    turns: list[Turn] = []
    parent = item.get("follow_up_of")
    while parent:
        earlier = by_id[parent]
        turns.insert(0, Turn(question=earlier["question"]))
        parent = earlier.get("follow_up_of")
    return turns[-6:]


def run_set(name: str, questions: Path, data_dir: Path) -> list[dict[str, Any]]:
    """Every question of one set, asked over the index in `data_dir`."""
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    composer = RecordingComposer(cues=build_vocabulary(settings.cue_paths))
    assistant = Assistant(settings, composer=composer, record_gaps=False)
    items = [json.loads(x) for x in questions.read_text(encoding="utf-8").splitlines() if x]
    by_id = {item["id"]: item for item in items}
    rows = []
    for item in items:
        audience = Audience(item.get("audience", "public"))
        composer.calls.clear()
        answer = assistant.ask(
            item["question"], audience=audience, history=chain_history(item, by_id)
        )
        snapshot = assistant._open().retriever.lexical.current()
        allowed = snapshot.allowed_rows(audience)
        calls = []
        for call in composer.calls:
            vector = call.pop("vector")
            if vector is not None and snapshot.vectors is not None and allowed.size:
                sims = snapshot.vectors.cosines(vector, allowed.tolist())
                call["background"] = round(float(np.median(sims)), 4)
                call["p90"] = round(float(np.quantile(sims, 0.9)), 4)
            calls.append(call)
        expected = item.get("expected_sources") or []
        cited = sorted({c.doc_id for c in answer.citations})
        rows.append(
            {
                "set": name,
                "id": item["id"],
                "question": item["question"],
                "lang": item.get("lang"),
                "tags": item.get("tags", []),
                "answerable": bool(expected),
                "chitchat": "chitchat" in item.get("tags", []),
                "contains": contains_answer(answer.text, item.get("answer_contains", []))
                if item.get("answer_contains")
                else bool(set(cited) & set(expected)),
                "cited": cited,
                "expected": expected,
                "cited_expected": bool(set(cited) & set(expected)),
                "composer": answer.composer,
                "calls": calls,
            }
        )
    return rows


def main() -> None:
    """Run each `--set NAME=QUESTIONS:DATA_DIR` and write one JSON row per question."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, dest="sets")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for spec in args.sets:
            name, rest = spec.split("=", 1)
            questions, data_dir = rest.rsplit(":", 1)
            rows = run_set(name, Path(questions), Path(data_dir))
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"[{name}] {len(rows)} questions", file=sys.stderr)


if __name__ == "__main__":
    main()
