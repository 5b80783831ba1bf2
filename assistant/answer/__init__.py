"""Answering: from retrieved Hits to a cited answer, or an honest abstention.

`composer` is the protocol; `extractive` the default composer, which scores quotable units
(`quotable` sentence and record-line spans with their stored vectors, `scoring`), picks them
greedily (`picking`) within the question's site and time scope (`scope`) using bilingual cue
groups (`cues`), and abstains below the evidence strength of `evidence`. `llm` is the optional
LangChain composer that falls back to the extractive one; `citecheck` verifies answers.
"""

from assistant.answer.composer import Composer, Composition
from assistant.answer.extractive import ExtractiveComposer

__all__ = ["Composer", "Composition", "ExtractiveComposer"]
