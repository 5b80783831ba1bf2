"""Citation integrity: the checks every answer must pass, for tests, eval and benches.

An answer is sound when every `[n]` marker resolves to a citation, every citation is used,
every quote occurs verbatim in the cited chunk's text, every cited chunk was retrieved for
the request, and nothing above the request's audience ceiling is cited.
"""

from __future__ import annotations

import re

from assistant.types import Answer, Audience

_MARKER = re.compile(r"\[(\d+)\]")


def markers(text: str) -> list[int]:
    """The `[n]` numbers used in an answer text, in order of appearance."""
    return [int(n) for n in _MARKER.findall(text)]


def citation_problems(answer: Answer, *, ceiling: Audience | str) -> list[str]:
    """Every integrity violation of an answer, as readable sentences (empty when sound)."""
    problems: list[str] = []
    limit = Audience(ceiling)
    used = set(markers(answer.text))
    numbers = {c.n for c in answer.citations}
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    for n in sorted(used - numbers):
        problems.append(f"marker [{n}] has no citation")
    for n in sorted(numbers - used):
        problems.append(f"citation {n} is not used by the text")
    if answer.abstained and answer.citations:
        problems.append("an abstained answer carries citations")
    for citation in answer.citations:
        chunk = chunks.get(citation.chunk_id)
        if chunk is None:
            problems.append(
                f"citation {citation.n} names chunk {citation.chunk_id!r}, not retrieved"
            )
            continue
        if not limit.allows(chunk.audience):
            problems.append(
                f"citation {citation.n} quotes {chunk.audience.value} chunk {chunk.id!r} "
                f"to a {limit.value} reader"
            )
        if chunk.doc_id != citation.doc_id:
            problems.append(
                f"citation {citation.n} names doc {citation.doc_id!r}, not {chunk.doc_id!r}"
            )
        for part in citation.quote.split(" … "):
            if not part or part not in chunk.text:
                problems.append(f"citation {citation.n} quote {part[:40]!r} is not in {chunk.id!r}")
    return problems
