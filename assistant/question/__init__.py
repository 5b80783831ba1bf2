"""Question understanding: what a question asks about, below both retrieval and answering.

`understanding` turns a question's text into a `Question` (intent, answer type, parts and its
typed subjects) with the cue words of `vocabulary` (assistant/data/intents.yaml); `subjects`
is the one subject extractor it calls (sites, modalities, code names, document kinds, the
company, countries, regulators, times from `time`, glossary topics); `followup` resolves
"And Baltimore?" against the previous turn's `Question`, with its cue words from
`followup_cues` (assistant/data/followup.yaml); `words` holds the question words that name no
subject, the vocabulary check that tells an unknown subject from a known one, and the
glossary entries a question mentions.
"""
