"""Stage the dev halves as a corpus plus a question set that the eval runs as it is.

    python bench/stage_dev_halves.py OUT_DIR [SHARED_DATA_DIR]
    assistant ingest OUT_DIR/staged-squad --data-dir D     # then:
    assistant eval run OUT_DIR/squad-questions.jsonl --data-dir D --json F

Every other article of ../shared/data/{squad,jsquad}-dev is indexed; a question about an
article left out expects no source and is tagged `unanswerable`, so the eval's abstention
metrics read it (bench/abstain_signals.py calibrates abstention on them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Beside the repository (pass another as argument 2).
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def stage(name: str, out: Path, shared: Path = SHARED) -> tuple[int, int, int]:
    """Write OUT/staged-NAME/corpus.jsonl and OUT/NAME-questions.jsonl; return the counts."""
    folder = shared / f"{name}-dev"
    records = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    articles = sorted({r["id"].split("p")[0] for r in records})
    kept_articles = set(articles[::2])
    kept = [{**r, "audience": "public"} for r in records if r["id"].split("p")[0] in kept_articles]
    target = out / f"staged-{name}"
    target.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in kept]
    (target / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    ids = {r["id"] for r in kept}
    questions = []
    for line in (folder / "questions.jsonl").open(encoding="utf-8"):
        item = json.loads(line)
        if not set(item.get("expected_sources", [])) & ids:
            tags = [*item.get("tags", []), "unanswerable"]
            item = {**item, "expected_sources": [], "answer_contains": [], "tags": tags}
        questions.append(item)
    lines = [json.dumps(q, ensure_ascii=False) + "\n" for q in questions]
    (out / f"{name}-questions.jsonl").write_text("".join(lines), encoding="utf-8")
    return len(kept), len(questions), sum(1 for q in questions if q["expected_sources"])


def main() -> None:
    """Stage both dev sets under the folder given."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dev-halves")
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED
    for name in ("squad", "jsquad"):
        records, questions, answerable = stage(name, out, shared)
        print(f"{name}: {records} records, {questions} questions, {answerable} answerable")


if __name__ == "__main__":
    main()
