"""Question understanding: what a question asks about, below both retrieval and answering.

`words` holds the question words that name no subject (from a data file), the subject words
of a question, the vocabulary check that tells an unknown subject from a known one, and the
glossary entries a question mentions; `subjects` finds what a question names (sites,
modalities, code names, regulators, times); `followup` resolves "And Baltimore?" against the
previous turns, with its cue words from `followup_cues` (assistant/data/followup.yaml).
"""
