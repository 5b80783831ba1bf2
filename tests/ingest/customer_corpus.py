"""A customer's corpus as it arrives, written by tests: its own labels, partial dates, extra
columns, folder defaults, Markdown tables, ids with `/`, a `javascript:` url."""

from __future__ import annotations

from pathlib import Path

FILES: dict[str, str] = {
    "doc_types.yaml": "capability_sheet: site_fact\n",
    "public/_defaults.yaml": "audience: public\nsite: baltimore\n",
    "public/company-profile.md": (
        "---\nid: brochure/company-profile\ntitle: Company profile\ndoc_type: Company Profile\n"
        "date: 2024年3月\nprepared_by: Corporate communications\nurl: https://kestrel.example/profile\n"
        "---\n"
        "# Company profile\n\n"
        "Kestrel Bio is a **contract manufacturer** with [three sites](https://example.com/sites).\n\n"
        "- Founded in 1998\n- Headquartered in *Baltimore*\n\n"
        "## Capacity\n\n"
        "| Site | Bioreactor capacity | Opened |\n"
        "|------|---------------------|--------|\n"
        "| Baltimore | 12,000 L | 2004 |\n"
        "| Tokyo | 4,000 L | 2016 |\n"
    ),
    "public/capabilities.md": (
        "---\nid: capability/hpapi\ntitle: HPAPI capability\ndoc_type: capability-sheet\n"
        "date: 2023\n---\nThe Baltimore suite handles OEB5 compounds under isolators.\n"
    ),
    "public/news/_defaults.yaml": "site: tokyo\ndoc_type: news_release\n",
    "public/news/tokyo-opening.md": (
        "---\ntitle: Tokyo plant opens\ndate: 2016/11/02\n---\n"
        "The Tokyo plant opened in November 2016 with two 2,000 L bioreactors.\n"
    ),
    "board/board-memo.md": (
        "---\nid: board/2025-q1\ntitle: Board memo Q1\ndoc_type: board_memo\n"
        "audience: confidential\n---\nThe board approved the Zephyr acquisition price of $40m.\n"
    ),
    "records/inspections.csv": (
        "id,title,doc_type,date,agency,outcome,inspector_notes\n"
        "insp/1,FDA inspection Baltimore,regulatory_summary,2016-11,FDA,No 483,Two days\n"
        "insp/2,PMDA inspection Tokyo,regulatory_summary,2019,PMDA,Approved,\n"
    ),
    "loose/shift-jis-note.txt": "Tokyo packaging line runs two shifts.\n",
}


def write_customer_corpus(root: Path) -> Path:
    """Write the corpus under `root` and return it."""
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
