"""A customer's own corpus ingests with 0 failures: labels, partial dates, folder defaults,
extra fields, Markdown tables, ids with `/`; restricted documents stay restricted."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import DocumentNotFound, IngestError
from assistant.factory import open_store
from assistant.retrieval.lexical import Bm25Index
from assistant.store.documents import corpus_facets, read_document
from assistant.store.filters import chroma_where
from assistant.types import Audience, Document, SearchFilters
from ingest.defaults import FolderDefaults
from ingest.loaders import discover, load_file
from ingest.markdown import markdown_to_blocks
from ingest.pipeline import IngestOptions, ingest_paths
from tests.conftest import make_settings
from tests.ingest.conftest import PlumbingEmbedder
from tests.ingest.customer_corpus import write_customer_corpus

MARKDOWN_SYNTAX = ("**", "](", "| ", "# ", "\n- ", "*Baltimore*")


def _load_all(root: Path) -> dict[str, Document]:
    folders = FolderDefaults(root, default_audience=Audience.INTERNAL)
    docs: dict[str, Document] = {}
    for path in discover(root):
        for doc in load_file(path, root=root, defaults=folders.for_file(path)):
            docs[doc.id] = doc
    return docs


def test_customer_labels_dates_and_defaults_are_accepted(tmp_path: Path) -> None:
    docs = _load_all(write_customer_corpus(tmp_path))
    assert sorted(docs) == [
        "board/2025-q1",
        "brochure/company-profile",
        "capability/hpapi",
        "insp/1",
        "insp/2",
        "loose/shift-jis-note",
        "public/news/tokyo-opening",
    ]
    profile = docs["brochure/company-profile"]
    assert (profile.doc_type, profile.date, profile.date_precision) == (
        "company_profile",
        "2024-03",
        "month",
    )
    assert profile.audience is Audience.PUBLIC  # public/_defaults.yaml
    assert profile.extra == {"prepared_by": "Corporate communications"}
    # doc_types.yaml maps the customer's label onto a known kind.
    assert docs["capability/hpapi"].doc_type == "site_fact"
    assert (docs["capability/hpapi"].date, docs["capability/hpapi"].date_precision) == (
        "2023",
        "year",
    )
    news = docs["public/news/tokyo-opening"]
    # The nearest folder wins (site), the outer one still applies (audience).
    assert (news.site, news.doc_type, news.audience, news.date) == (
        "tokyo",
        "news_release",
        Audience.PUBLIC,
        "2016-11-02",
    )
    assert docs["board/2025-q1"].audience is Audience.CONFIDENTIAL
    inspection = docs["insp/1"]
    assert (inspection.doc_type, inspection.date, inspection.date_precision) == (
        "regulatory_summary",
        "2016-11",
        "month",
    )
    assert "Inspector notes: Two days" in inspection.text  # an extra column stays quotable
    assert sorted(d.id for d in docs.values() if d.audience_defaulted) == [
        "insp/1",
        "insp/2",
        "loose/shift-jis-note",
    ]


def test_markdown_becomes_plain_text_and_table_rows(tmp_path: Path) -> None:
    profile = _load_all(write_customer_corpus(tmp_path))["brochure/company-profile"]
    assert "Kestrel Bio is a contract manufacturer with three sites." in profile.text
    assert "• Founded in 1998\n• Headquartered in Baltimore" in profile.text  # not a `-`
    rows = [b.text for b in profile.blocks if b.section == "Company profile > Capacity"]
    assert rows == [  # one block per row: each is chunked and quoted like a CSV record
        "Site: Baltimore\nBioreactor capacity: 12,000 L\nOpened: 2004",
        "Site: Tokyo\nBioreactor capacity: 4,000 L\nOpened: 2016",
    ]
    for mark in MARKDOWN_SYNTAX:
        assert mark not in profile.text, mark


def test_front_matter_wins_over_folder_defaults(tmp_path: Path) -> None:
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / "_defaults.yaml").write_text("audience: public\nsite: tokyo\n")
    (tmp_path / "pub" / "a.md").write_text("---\naudience: internal\n---\nText of a.\n")
    [doc] = load_file(tmp_path / "pub" / "a.md", root=tmp_path)
    assert (doc.audience, doc.site, doc.audience_defaulted) == (Audience.INTERNAL, "tokyo", False)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:x",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "vbscript:x",
        "https:x",
    ],
)
def test_a_url_that_is_not_http_is_refused_for_that_file(tmp_path: Path, url: str) -> None:
    (tmp_path / "bad.md").write_text(f"---\nurl: {url!r}\n---\nSome text.\n")
    with pytest.raises(IngestError) as info:
        load_file(tmp_path / "bad.md", root=tmp_path)
    assert "field 'url'" in str(info.value) and "http" in str(info.value)
    assert str(info.value).startswith("bad.md: ")


@pytest.mark.parametrize("url", ["https://example.com/a?b=1", "http://x.jp/", "docs/brochure.pdf"])
def test_http_and_relative_urls_are_kept(tmp_path: Path, url: str) -> None:
    (tmp_path / "ok.md").write_text(f"---\nurl: {url}\n---\nSome text.\n")
    [doc] = load_file(tmp_path / "ok.md", root=tmp_path)
    assert doc.url == url


def test_audience_stays_strict_in_folder_defaults(tmp_path: Path) -> None:
    (tmp_path / "_defaults.yaml").write_text("audience: everyone\n")
    (tmp_path / "a.md").write_text("Text.\n")
    with pytest.raises(IngestError, match="field 'audience' is 'everyone'; allowed: public"):
        load_file(tmp_path / "a.md", root=tmp_path)


def _plumbing_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


def test_ingest_summary_filters_and_access(
    tmp_path: Path, plumbing_embedder: PlumbingEmbedder
) -> None:
    corpus = write_customer_corpus(tmp_path / "corpus")
    settings = _plumbing_settings(tmp_path)
    store = open_store(settings, plumbing_embedder, create=True)  # type: ignore[arg-type]
    report = ingest_paths(
        [corpus],
        store=store,
        embedder=plumbing_embedder,  # type: ignore[arg-type]
        options=IngestOptions.from_settings(settings),
    )
    assert report.failed == []
    assert (report.files, report.documents) == (6, 7)
    [notice] = report.notices()
    assert notice.startswith(
        "3 documents had no audience and defaulted to internal: public/anonymous readers "
        "cannot see them — add `audience:` to the file or a `_defaults.yaml` in its folder"
    )
    assert "loose/shift-jis-note.txt" in notice and "records/inspections.csv (insp/1)" in notice

    view = read_document(store, "brochure/company-profile", audience=Audience.PUBLIC)
    assert view.extra == {"prepared_by": "Corporate communications"}
    assert (view.date, view.date_precision, view.doc_type) == (
        "2024-03",
        "month",
        "company_profile",
    )
    assert view.labels["company_profile"] == {"ja": "Company profile", "en": "Company profile"}
    assert "Site: Tokyo\nBioreactor capacity: 4,000 L" in view.text
    with pytest.raises(DocumentNotFound):
        read_document(store, "board/2025-q1", audience=Audience.INTERNAL)
    assert read_document(store, "board/2025-q1", audience=Audience.CONFIDENTIAL).title
    facets = corpus_facets(store, audience=Audience.PUBLIC)
    assert facets.doc_types == ["company_profile", "news_release", "site_fact"]
    assert facets.labels["site_fact"]["ja"] == "拠点情報"

    # A partial date is its whole period, in the Chroma filter and the BM25 mask alike.
    index = Bm25Index.from_store(store, with_vectors=False)
    for window, expected in [
        (("2016-11-15", "2016-11-20"), {"insp/1"}),
        (("2016-11-01", "2016-11-02"), {"insp/1", "public/news/tokyo-opening"}),
        (("2019-06", "2019-06"), {"insp/2"}),
        (("2023-12-31", "2024-03-01"), {"capability/hpapi", "brochure/company-profile"}),
        (("2024-04", None), set()),
    ]:
        filters = SearchFilters(date_from=window[0], date_to=window[1])
        where = chroma_where(Audience.CONFIDENTIAL, filters)
        chroma = {str(m["doc_id"]) for m in store.iter_metadata(where=where)}
        bm25 = {index.doc_id(int(r)) for r in index.allowed_rows(Audience.CONFIDENTIAL, filters)}
        assert chroma == bm25 == expected, window
    # The mapped and the customer's own labels filter alike.
    where = chroma_where(Audience.PUBLIC, SearchFilters(doc_type="company_profile"))
    assert {str(m["doc_id"]) for m in store.iter_metadata(where=where)} == {
        "brochure/company-profile"
    }


def test_changing_folder_defaults_rereads_the_files_under_it(
    tmp_path: Path, plumbing_embedder: PlumbingEmbedder
) -> None:
    corpus = write_customer_corpus(tmp_path / "corpus")
    settings = _plumbing_settings(tmp_path)
    store = open_store(settings, plumbing_embedder, create=True)  # type: ignore[arg-type]
    options = IngestOptions.from_settings(settings)
    ingest_paths([corpus], store=store, embedder=plumbing_embedder, options=options)  # type: ignore[arg-type]
    (corpus / "loose" / "_defaults.yaml").write_text("audience: public\n")
    report = ingest_paths([corpus], store=store, embedder=plumbing_embedder, options=options)  # type: ignore[arg-type]
    assert report.updated == ["loose/shift-jis-note.txt"]
    # Unchanged files still count in the summary (the manifest remembers them).
    assert report.audience_defaulted == [
        "records/inspections.csv (insp/1)",
        "records/inspections.csv (insp/2)",
    ]
    assert report.notices()[0].startswith("2 documents had no audience")
    assert (
        read_document(store, "loose/shift-jis-note", audience=Audience.PUBLIC).audience == "public"
    )


def test_folder_default_extras_reach_records_too(tmp_path: Path) -> None:
    (tmp_path / "_defaults.yaml").write_text("department: 事業開発部\naudience: public\n")
    (tmp_path / "caps.csv").write_text("id,title,notes\nc1,Flow chemistry,Two lines\n")
    [doc] = load_file(tmp_path / "caps.csv", root=tmp_path)
    assert doc.extra == {"department": "事業開発部"}
    assert "Notes: Two lines" in doc.text and "notes" not in doc.extra


def test_a_two_column_key_value_table_is_one_record_of_fields() -> None:
    text = (
        "## 基本情報\n\n| 項目 | 内容 |\n| --- | --- |\n"
        "| 創業 | 1987年4月 |\n| 資本金 | 48億円 |\n\n"
        "## Sites\n\n| Site | Location |\n| --- | --- |\n| Toyama | Namerikawa |\n"
    )
    blocks = [b.text for b in markdown_to_blocks(text)]
    # generic headers (項目 | 内容): each row is a field, the first cell its label
    assert "創業: 1987年4月\n資本金: 48億円" in blocks
    # headers that name what a column holds stay the labels, one record per row
    assert "Site: Toyama\nLocation: Namerikawa" in blocks
