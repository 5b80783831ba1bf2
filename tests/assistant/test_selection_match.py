"""English word forms meet in sentence selection; a record line speaks for its titled record."""

from __future__ import annotations

from assistant.embedders import Embedder, embed_query
from assistant.selection import match_key, match_terms, select_units
from assistant.sentences import SENTENCE_VECTORS_KEY, pack_vectors, quotable_texts
from assistant.text import terms
from assistant.types import Chunk, Hit


def test_english_word_forms_share_a_match_key() -> None:
    forms = {match_key(w) for w in ("manufacture", "manufactured", "manufacturing")}
    assert len(forms) == 1
    assert match_key("抗体") == "抗体"  # Japanese terms stay as they are
    assert match_key("oeb5") == "oeb5"  # codes stay whole


def test_match_terms_of_a_record_line() -> None:
    assert match_key("manufacture") in match_terms("Manufactured: Monoclonal antibodies")


SITE_PAGE = (
    "The Baltimore, Maryland facility was built in 2011 by the manufacturing subsidiary of a "
    "US biotechnology company. Tamarind Peak acquired it on 30 June 2023."
)
SITE_RECORD = (
    "Location: Baltimore, Maryland, USA\n"
    "Built: 2011\n"
    "Manufactured: Monoclonal antibodies (IgG1) for clinical and commercial supply\n"
    "Staff: 340"
)


def test_a_record_line_speaks_for_the_record_its_title_names(embedder: Embedder) -> None:
    """The asked field of the named site's record beats the page sentence that merely
    shares the site's name and a word form of the question's verb."""

    def embedded(chunk_id: str, title: str, text: str, dense: float) -> Hit:
        vectors = embedder.embed_documents(quotable_texts(text))
        chunk = Chunk(
            id=chunk_id,
            doc_id=chunk_id.split("#")[0],
            text=text,
            lang="en",
            metadata={
                "title": title,
                "audience": "public",
                "source": "sites.md",
                SENTENCE_VECTORS_KEY: pack_vectors(vectors),
            },
        )
        return Hit(chunk=chunk, score=dense, scores={"dense": dense}, ranks={"dense": 1})

    hits = [
        embedded("site-page-baltimore#0", "Baltimore, Maryland: biologics site", SITE_PAGE, 0.86),
        embedded("site-baltimore#0", "Baltimore, Maryland site facts", SITE_RECORD, 0.84),
    ]
    question = "What did the Maryland site manufacture?"
    chosen = select_units(
        question,
        terms(question),
        hits,
        lang="en",
        query_vector=embed_query(embedder, question),
    )
    best = chosen[0]
    assert hits[best.hit_index].chunk.text[best.start : best.end].startswith("Manufactured:")
