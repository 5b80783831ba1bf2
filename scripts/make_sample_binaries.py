#!/usr/bin/env python3
"""Generate the binary sample documents of the bundled corpus.

Writes:
  corpus/brochure/company-brochure.pdf            (reportlab, 3 pages, English)
  corpus/regulatory/quality-agreement-summary.docx (python-docx)

The document id of each file is its path relative to corpus/ without the
extension (``brochure/company-brochure``, ``regulatory/quality-agreement-summary``);
the id is also written into the file metadata (PDF Subject ``id=...``; DOCX
core properties ``identifier`` and ``subject``).

The output is deterministic (fixed dates, reportlab invariant mode), so
re-running the script does not produce spurious diffs.

Usage:  python scripts/make_sample_binaries.py [--corpus corpus]
Needs:  pip install reportlab python-docx
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

COMPANY = "Tamarind Peak Biologics & Chemistry"

BROCHURE_ID = "brochure/company-brochure"
BROCHURE_TITLE = "Tamarind Peak Biologics & Chemistry - Company brochure 2025"

# One list of (heading, [paragraphs]) per page. Each page holds facts that
# appear only there, so page numbers in citations matter.
BROCHURE_PAGES = [
    [
        (
            "Tamarind Peak Biologics & Chemistry",
            [
                "Company brochure 2025. A fictional contract development and manufacturing "
                "organization (CDMO) used as sample content. Any resemblance to a real company "
                "is unintended.",
            ],
        ),
        (
            "Who we are",
            [
                "Founded in Bengaluru, India in 2009, we develop and manufacture biologics, "
                "conjugates and complex chemistry for pharmaceutical and biotech sponsors. "
                "We employ 2,369 people across four locations (as of 1 April 2025).",
                "Since 2016 we have supported 23 ADC programs from preclinical to commercial stage.",
            ],
        ),
        (
            "Our sites",
            [
                "Bengaluru, India (headquarters, opened 2009): mammalian drug substance in "
                "single-use bioreactors up to 2,000 L and an OEB4 ADC conjugation suite.",
                "Hyderabad, India (opened 2014): small molecules, HPAPIs, payload-linkers, "
                "peptides and oligonucleotides, including an OEB5 suite opened in March 2024.",
                "Baltimore, Maryland, USA (acquired June 2023): monoclonal and bispecific "
                "antibody drug substance, 2 x 2,000 L and 2 x 1,000 L single-use bioreactors.",
                "Tokyo, Japan (liaison office, opened April 2019): Japanese-speaking project "
                "management for sponsors in Japan.",
            ],
        ),
    ],
    [
        (
            "Modalities",
            [
                "Monoclonal antibodies and bispecific antibodies: cell-line development on the "
                "TPx-CHO platform, process development, clinical and commercial drug substance.",
                "Antibody-drug conjugates (ADCs) and antibody-oligonucleotide conjugates (AOCs): "
                "payload-linker synthesis, conjugation and DAR analytics under one roof.",
                "Peptides: solid-phase peptide synthesis in a 500 L reactor with preparative "
                "HPLC purification.",
                "Oligonucleotides: antisense and siRNA synthesis up to 800 mmol per batch.",
                "HPAPIs: isolator-based OEB5 suite with a containment target of 0.1 µg/m³ or below.",
            ],
        ),
        (
            "Capacity in numbers",
            [
                "Mammalian bioreactor capacity: 12,400 L today, 16,400 L after the Baltimore "
                "expansion planned for September 2026.",
                "Process performance qualification: 14 PPQ campaigns completed across the network.",
                "Our analytical laboratories hold 41 HPLC and UHPLC systems and 6 LC-MS instruments.",
            ],
        ),
    ],
    [
        (
            "Quality and compliance",
            [
                "One electronic quality management system across all manufacturing sites. "
                "Inspected by the US FDA, PMDA, EU authorities and CDSCO. Data integrity managed "
                "under ALCOA+ principles.",
                "Most recent FDA pre-approval inspection (Bengaluru, March 2025): no Form 483 "
                "observations.",
            ],
        ),
        (
            "Working with sponsors in Japan",
            [
                "Since 2019 the Tokyo liaison office has supported 17 Japanese sponsors, "
                "from venture biotechs to large pharmaceutical companies.",
                "First reply within 1 business day (Japan Standard Time), technical answers "
                "within 5 business days, and Japanese translations of batch-record summaries, "
                "deviation reports and change notifications.",
            ],
        ),
        (
            "Contact",
            [
                "Tokyo liaison office, Nihonbashi, Chuo-ku, Tokyo. "
                "Web: https://example-cdmo.test/ (sample address).",
            ],
        ),
    ],
]

DOCX_ID = "regulatory/quality-agreement-summary"
DOCX_TITLE = "Quality agreement summary: responsibilities between sponsor and CDMO"


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for i, page in enumerate(BROCHURE_PAGES):
        for heading, paragraphs in page:
            story.append(
                Paragraph(heading, styles["Heading1" if heading == COMPANY else "Heading2"])
            )
            for text in paragraphs:
                story.append(Paragraph(text.replace("&", "&amp;"), styles["BodyText"]))
                story.append(Spacer(1, 6))
        story.append(Paragraph(f"Page {i + 1} of {len(BROCHURE_PAGES)}", styles["Italic"]))
        if i < len(BROCHURE_PAGES) - 1:
            story.append(PageBreak())

    def set_meta(canvas, _doc):
        canvas.setTitle(BROCHURE_TITLE)
        canvas.setSubject(f"id={BROCHURE_ID}; lang=en; audience=public; doc_type=other")
        canvas.setAuthor(COMPANY)
        canvas.setKeywords(
            "CDMO, ADC, HPAPI, peptide, oligonucleotide, monoclonal antibody, bispecific"
        )

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=BROCHURE_TITLE,
        author=COMPANY,
        subject=f"id={BROCHURE_ID}",
        invariant=1,
    )
    doc.build(story, onFirstPage=set_meta, onLaterPages=set_meta)


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.title = DOCX_TITLE
    cp.identifier = DOCX_ID
    cp.subject = DOCX_ID
    cp.author = COMPANY
    cp.language = "en"
    cp.keywords = "audience=public; doc_type=regulatory_record"
    fixed = dt.datetime(2025, 2, 1, 0, 0, 0)
    cp.created = fixed
    cp.modified = fixed
    cp.last_modified_by = COMPANY
    cp.revision = 1

    d.add_heading(DOCX_TITLE, level=1)
    d.add_paragraph(
        "This summary describes the standard quality agreement that Tamarind Peak Biologics & "
        "Chemistry (a fictional CDMO) signs with sponsors before GMP manufacture. It is a "
        "summary for orientation; the signed agreement for each program prevails."
    )

    d.add_heading("Scope and structure", level=2)
    d.add_paragraph(
        "One quality agreement is signed per sponsor and per manufacturing site. Where a "
        "fill-finish partner is involved, a three-party agreement covers the handover of drug "
        "substance. The agreement is reviewed every 2 years or when the scope changes."
    )

    d.add_heading("Key commitments", level=2)
    d.add_paragraph(
        "Critical deviations are notified to the sponsor within 1 business day and major "
        "deviations within 3 business days. Product complaints received by the sponsor are "
        "investigated by the CDMO, with an initial assessment within 5 business days."
    )
    d.add_paragraph(
        "GMP records are retained for at least 15 years after batch release. Retention samples "
        "of drug substance are kept for 1 year beyond the expiry or retest date, whichever is later."
    )
    d.add_paragraph(
        "Sponsors may audit each site once a year at no charge, and at any time for cause. "
        "Subcontractors used for GMP testing are named in an annex and are not changed "
        "without 90 days' notice."
    )

    d.add_heading("Responsibilities", level=2)
    rows = [
        ("Activity", "Sponsor", "CDMO"),
        ("Approval of master batch record", "Approves", "Drafts and maintains"),
        (
            "Batch release (quality unit certification)",
            "Final release for clinical use",
            "Certifies batch against specification",
        ),
        (
            "Deviation investigation",
            "Reviews and approves major and critical",
            "Investigates and proposes CAPA",
        ),
        (
            "Change control",
            "Approves major changes",
            "Assesses and notifies at least 90 days ahead",
        ),
        ("Stability studies", "Defines protocol", "Executes and reports"),
        ("Regulatory filings", "Owns filings", "Provides CMC data and site documents"),
    ]
    table = d.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value

    d.add_heading("Japanese sponsors", level=2)
    d.add_paragraph(
        "For sponsors in Japan the agreement is signed in English with a Japanese reference "
        "translation prepared by the Tokyo liaison office. The English version prevails. "
        "Deviation reports and change notifications are sent with a Japanese summary."
    )
    d.save(str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent.parent / "corpus"))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    pdf = corpus / "brochure" / "company-brochure.pdf"
    docx_path = corpus / "regulatory" / "quality-agreement-summary.docx"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    docx_path.parent.mkdir(parents=True, exist_ok=True)
    make_pdf(pdf)
    make_docx(docx_path)
    print(f"wrote {pdf}")
    print(f"wrote {docx_path}")


if __name__ == "__main__":
    main()
