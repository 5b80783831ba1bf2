"""Loaders on real files written by the tests: HTML, PDF, DOCX and structured records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.types import Audience
from ingest.loaders import load_file


def _load(root: Path, name: str):
    return load_file(root / name, root=root, default_audience=Audience.INTERNAL)


# -- HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="ja-JP"><head><meta charset="utf-8">
<title>ハイデラバード拠点にOEB5スイートを開設</title>
<meta name="doc-id" content="news/oeb5">
<meta name="audience" content="public">
<meta name="site" content="hyderabad">
<meta name="modalities" content="hpapi,adc">
<meta name="date" content="2024-03-18">
<link rel="canonical" href="https://example-cdmo.test/news/oeb5">
<style>body{color:red}</style><script>track("secret-tracking-code")</script>
</head><body>
<header>Site header text</header>
<nav><a href="/">Home</a> <a href="/contact">Contact us</a></nav>
<div class="cookie-banner">We use cookies.</div>
<main><article>
<h1>OEB5スイートを開設</h1>
<p>2024年3月、ハイデラバード拠点で<strong>OEB5</strong>対応のスイートが稼働しました。</p>
<h2>封じ込め性能</h2>
<p>封じ込め目標は0.1 µg/m³以下です。</p>
<table><tr><th>Suite</th><th>Band</th></tr><tr><td>H-5</td><td>OEB5</td></tr></table>
</article><aside>Related links</aside></main>
<footer>© 2025 Example</footer><script>more()</script>
</body></html>"""


def test_html_keeps_main_text_under_headings_and_reads_meta_fields(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "oeb5.html").write_text(PAGE, encoding="utf-8")
    [doc] = _load(tmp_path, "news/oeb5.html")
    assert doc.id == "news/oeb5" and doc.lang == "ja" and doc.audience is Audience.PUBLIC
    assert doc.title == "ハイデラバード拠点にOEB5スイートを開設"
    assert (doc.site, doc.modalities, doc.date) == ("hyderabad", ("hpapi", "adc"), "2024-03-18")
    assert doc.url == "https://example-cdmo.test/news/oeb5"
    sections = {b.section: b.text for b in doc.blocks}
    assert sections["OEB5スイートを開設"] == (
        "2024年3月、ハイデラバード拠点でOEB5対応のスイートが稼働しました。"
    )
    assert sections["OEB5スイートを開設 > 封じ込め性能"] == (
        "封じ込め目標は0.1 µg/m³以下です。\n\nSuite: H-5 / Band: OEB5"
    )
    for dropped in ("secret-tracking-code", "Contact us", "cookies", "Site header", "©", "Related"):
        assert dropped not in doc.text


def test_html_without_meta_gets_path_id_and_folder_type(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "page.htm").write_text(
        "<html><body><p>Plain answer about fill-finish partners.</p></body></html>",
        encoding="utf-8",
    )
    [doc] = _load(tmp_path, "faq/page.htm")
    assert (doc.id, doc.doc_type, doc.lang, doc.audience) == (
        "faq/page",
        "faq",
        "en",
        Audience.INTERNAL,
    )
    assert doc.text == "Plain answer about fill-finish partners."


# -- PDF -----------------------------------------------------------------------------------


def _pdf(path: Path, pages: list[list[str]], *, title: str, subject: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story: list = []
    for number, paragraphs in enumerate(pages):
        story += [Paragraph(text, styles["BodyText"]) for text in paragraphs]
        if number < len(pages) - 1:
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, title=title, subject=subject).build(story)


def test_pdf_text_is_kept_per_page_and_metadata_becomes_fields(tmp_path: Path) -> None:
    long = (
        "The Baltimore site operates two 2,000 L and two 1,000 L single-use bioreactors, for "
        "6,000 L of installed capacity, and has produced monoclonal antibodies for clinical "
        "and commercial supply."
    )
    _pdf(
        tmp_path / "brochure.pdf",
        [["Founded in Bengaluru in 2009."], [long], ["Fourteen PPQ campaigns were completed."]],
        title="Company brochure",
        subject="id=brochure/main; lang=en; audience=public; doc_type=other",
    )
    [doc] = _load(tmp_path, "brochure.pdf")
    assert (doc.id, doc.title, doc.lang, doc.audience) == (
        "brochure/main",
        "Company brochure",
        "en",
        Audience.PUBLIC,
    )
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    assert doc.blocks[0].text == "Founded in Bengaluru in 2009."
    assert doc.blocks[1].text == long  # the wrapped lines are joined back into one sentence
    assert "Fourteen PPQ" in doc.blocks[2].text


def test_encrypted_and_corrupt_pdfs_are_clear_errors(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "locked.pdf").write_bytes(buffer.getvalue())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    with pytest.raises(IngestError, match=r"locked.pdf: the PDF is encrypted with a password"):
        _load(tmp_path, "locked.pdf")
    with pytest.raises(IngestError, match=r"broken.pdf: not a readable PDF"):
        _load(tmp_path, "broken.pdf")


# -- DOCX ----------------------------------------------------------------------------------


def test_docx_headings_become_sections_and_tables_rows(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title, props.identifier = "Quality agreement summary", "regulatory/qa-summary"
    props.keywords, props.language = "audience=public; doc_type=regulatory_record", "en-US"
    document.add_heading("Quality agreement summary", level=1)
    document.add_paragraph("One agreement is signed per sponsor and site.")
    document.add_heading("Responsibilities", level=2)
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [
            ("Activity", "Sponsor", "CDMO"),
            ("Batch release", "Final release", "Certifies batch"),
            ("Deviations", "Approves", "Investigates"),
        ]
    ):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    document.add_paragraph("Critical deviations are notified within 1 business day.")
    document.save(str(tmp_path / "qa.docx"))

    [doc] = _load(tmp_path, "qa.docx")
    assert (doc.id, doc.title, doc.lang, doc.doc_type, doc.audience) == (
        "regulatory/qa-summary",
        "Quality agreement summary",
        "en",
        "regulatory_record",
        Audience.PUBLIC,
    )
    sections = {b.section: b.text for b in doc.blocks}
    assert sections["Quality agreement summary"] == "One agreement is signed per sponsor and site."
    assert sections["Quality agreement summary > Responsibilities"] == (
        "Activity: Batch release\nSponsor: Final release\nCDMO: Certifies batch\n\n"
        "Activity: Deviations\nSponsor: Approves\nCDMO: Investigates\n\n"
        "Critical deviations are notified within 1 business day."
    )


def test_a_file_that_is_not_a_docx_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "fake.docx").write_bytes(b"this is not a zip archive")
    with pytest.raises(IngestError, match=r"fake.docx: not a readable .docx file"):
        _load(tmp_path, "fake.docx")


# -- structured records --------------------------------------------------------------------


def test_yaml_records_render_readable_text_with_japanese_labels(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "facts.yaml").write_text(
        "records:\n"
        "  - id: site-tokyo\n    title: 東京リエゾンオフィス\n    audience: public\n"
        "    site: tokyo\n    staff: 9\n    location: 東京都中央区日本橋\n"
        "    opening_hours: 平日9時から18時\n"
        "  - id: site-baltimore\n    title: Baltimore site facts\n    site: baltimore\n"
        "    staff: 310\n    bioreactor_capacity_l: 6000\n    date: 2025-04-01\n"
        "    modalities: [mab, bispecific]\n",
        encoding="utf-8",
    )
    tokyo, baltimore = _load(tmp_path, "sites/facts.yaml")
    assert (tokyo.id, tokyo.lang, tokyo.doc_type, tokyo.site) == (
        "site-tokyo",
        "ja",
        "site_fact",
        "tokyo",
    )
    assert tokyo.text == "従業員数: 9\n所在地: 東京都中央区日本橋\nOpening hours: 平日9時から18時"
    assert baltimore.text == "Staff: 310\nBioreactor capacity (L): 6000"
    assert (baltimore.lang, baltimore.date, baltimore.modalities) == (
        "en",
        "2025-04-01",
        ("mab", "bispecific"),
    )
    assert baltimore.audience is Audience.INTERNAL  # the configured default


def test_csv_tsv_json_and_jsonl_records(tmp_path: Path) -> None:
    (tmp_path / "inspections.csv").write_text(
        "id,title,lang,audience,site,agency,outcome,observations\n"
        'insp-1,FDA inspection 2020,en,public,bengaluru,FDA,"No Action Indicated, no 483",0\n'
        "\n"
        "insp-2,PMDA inspection 2021,en,public,bengaluru,PMDA,Compliant,1\n",
        encoding="utf-8",
    )
    (tmp_path / "staff.tsv").write_text(
        "id\tsite\tstaff\nstaff-ja\t拠点A\t120名\n", encoding="utf-8"
    )
    (tmp_path / "faq.json").write_text(
        '{"records": [{"id": "faq-1", "title": "Fill finish?", "text": "Partners fill it.",'
        ' "lang": "en", "owner": "bd"}]}',
        encoding="utf-8",
    )
    (tmp_path / "faq.jsonl").write_text(
        '{"id": "faq-2", "title": "PPQ?", "text": "Seven campaigns.", "ppq_campaigns": 7}\n',
        encoding="utf-8",
    )
    first, second = _load(tmp_path, "inspections.csv")
    assert first.text == "Agency: FDA\nOutcome: No Action Indicated, no 483\nObservations: 0"
    assert (first.id, first.site, first.audience, second.id) == (
        "insp-1",
        "bengaluru",
        Audience.PUBLIC,
        "insp-2",
    )
    [staff] = _load(tmp_path, "staff.tsv")
    assert (staff.id, staff.site, staff.lang, staff.text) == (
        "staff-ja",
        "拠点A",
        "ja",
        "従業員数: 120名",
    )
    [faq] = _load(tmp_path, "faq.json")
    assert (faq.text, faq.owner) == ("Partners fill it.", "bd")
    [faq2] = _load(tmp_path, "faq.jsonl")
    assert faq2.text == "Seven campaigns.\nPPQ campaigns: 7"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("glossary.yaml", "terms:\n  - en: [ADC]\n", "expected a YAML list of records"),
        ("dupes.yaml", "- id: a\n  text: x\n- id: a\n  text: y\n", "item 2: id 'a' is already"),
        ("bad.yaml", "- id: a\n  text: x\n  audience: secret\n", "item 1: field 'audience'"),
        ("rows.csv", "id,text\na,hello,extra\n", "row 2 has more cells than the header"),
        ("bad.json", "{not json", "not valid JSON"),
        ("dates.jsonl", '{"id": "a", "text": "x", "date": "May 2024"}\n', "'date' is 'May 2024'"),
    ],
)
def test_bad_record_files_name_the_item_and_the_reason(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as info:
        _load(tmp_path, name)
    assert str(info.value).startswith(f"{name}: ")
    assert reason in str(info.value)
