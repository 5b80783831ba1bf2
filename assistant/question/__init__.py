"""Question understanding: what a question asks about, below both retrieval and answering.

`words` holds the question words that name no subject (from a data file), the subject words
of a question and the vocabulary check that tells an unknown subject from a known one, and the
glossary entries a question mentions.
"""
