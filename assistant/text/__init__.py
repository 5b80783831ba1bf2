"""Text: normalization, language detection, sentence spans, lexical terms and the glossary.

Everything that turns raw text into comparable pieces lives here, below retrieval and
answering: NFKC normalization and folding (`normalize`), ja/en detection, sentence offsets
(`sentences`), fugashi + unidic-lite terms with one English stemmer (`terms`), and the
bilingual glossary that names the same thing in both languages (`glossary`).
"""

from assistant.text.normalize import CONTROL_CHARS, detect_lang, fold, names_cue, normalize
from assistant.text.sentences import sentence_spans, split_sentences
from assistant.text.terms import (
    TERMS_VERSION,
    clear_term_caches,
    count_tokens,
    document_index_terms,
    document_terms,
    english_words,
    index_terms,
    japanese_place_names,
    japanese_word_spans,
    japanese_words,
    spelled_by_sound,
    stem,
    term_pairs,
    term_set,
    terms,
)

__all__ = [
    "CONTROL_CHARS",
    "TERMS_VERSION",
    "clear_term_caches",
    "count_tokens",
    "document_index_terms",
    "document_terms",
    "detect_lang",
    "english_words",
    "fold",
    "index_terms",
    "japanese_place_names",
    "japanese_word_spans",
    "japanese_words",
    "names_cue",
    "normalize",
    "sentence_spans",
    "split_sentences",
    "spelled_by_sound",
    "stem",
    "term_pairs",
    "term_set",
    "terms",
]
