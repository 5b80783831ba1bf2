"""Follow-up resolution alone, in a second: the subjects and topic changes of a question set.

    python bench/followups.py --data-dir DATA corpus/questions.jsonl [--show]

Reads the glossary and the site and modality ids of an existing index (no question is
answered), resolves every `follow_up_of` chain the way a client sends it (each turn with the
question it was resolved into) and prints resolved-subject accuracy and the topic-change
inherit rate, with the misses (`--show`: every follow-up). The answer metrics of follow-ups
need the full eval (`assistant eval run`), which reports the same two numbers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import Settings  # noqa: E402
from assistant.embedders import build_embedder  # noqa: E402
from assistant.factory import open_store  # noqa: E402
from assistant.question.followup import MAX_TURNS, resolve_turn  # noqa: E402
from assistant.question.subjects import SubjectContext, SubjectKinds  # noqa: E402
from assistant.retrieval.corpus_terms import AudienceTerms  # noqa: E402
from assistant.retrieval.lexical import Bm25Index  # noqa: E402
from assistant.store.documents import corpus_facets  # noqa: E402
from assistant.text import fold  # noqa: E402
from assistant.text.glossary import Glossary  # noqa: E402
from assistant.types import Audience, Turn  # noqa: E402
from eval.followups import TOPIC_CHANGE  # noqa: E402
from eval.questions import load_questions  # noqa: E402


def main() -> None:
    """Resolve the chains of a question set and print the two follow-up metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--show", action="store_true", help="print every follow-up")
    args = parser.parse_args()
    settings = Settings(_env_file=None, data_dir=args.data_dir)  # type: ignore[call-arg]
    store = open_store(settings, build_embedder(settings.embedder))
    glossary = Glossary.merge(
        Glossary.from_yaml(text, source=root) for root, text in store.glossary_texts()
    )
    facets = corpus_facets(store, audience=Audience.PUBLIC)
    context = SubjectContext(
        glossary=glossary,
        kinds=SubjectKinds.of(facets.sites, facets.modalities),
        corpus=AudienceTerms(Bm25Index.from_store(store, with_vectors=False), Audience.PUBLIC),
    )
    turns: dict[str, tuple[Turn, ...]] = {}
    hits = total = inherited = changes = 0
    for item in load_questions(args.questions):
        history = turns.get(item.follow_up_of, ()) if item.follow_up_of else ()
        _, resolved = resolve_turn(item.question, history[-MAX_TURNS:], context=context)
        turns[item.id] = (*history, Turn(item.question, resolved))
        if not item.follow_up_of:
            continue
        asked = fold(resolved or item.question)
        if TOPIC_CHANGE in item.tags:
            changes += 1
            inherited += resolved is not None
            verdict = "topic change: " + ("INHERITED" if resolved else "ok")
        elif item.resolved_subjects:
            missing = [s for s in item.resolved_subjects if fold(s) not in asked]
            total += 1
            hits += not missing
            verdict = f"MISSING {missing}" if missing else "ok"
        else:
            verdict = "-"
        if args.show or "MISSING" in verdict or "INHERITED" in verdict:
            print(f"{item.id} {verdict} | {item.question} -> {resolved}")
    print(
        f"resolved_subject_accuracy {hits}/{total} = {hits / max(total, 1):.3f}; "
        f"topic_change_inherit_rate {inherited}/{changes} = {inherited / max(changes, 1):.3f}"
    )


if __name__ == "__main__":
    main()
