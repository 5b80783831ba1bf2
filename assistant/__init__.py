"""Sponsor Q&A Assistant: evidence-first answers from a CDMO's own sources, every claim cited.

The core, one package per concept: `text` (normalization, terms, sentences, glossary),
`embedders`, `store` (Chroma and the one filter spec), `question` (question words and
mentions), `retrieval` (hybrid BM25 + dense), `answer` (composers and evidence). At the top:
`types`, `errors`, `config`, `factory` (builds the parts from Settings), `gaps` (the
unanswered-question log) and `engine` (`Assistant.ask`, the one path from question to answer).
The core imports none of ingest/, api/, eval/ or cli/.
"""

__version__ = "0.1.0"
