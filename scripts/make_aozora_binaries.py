#!/usr/bin/env python3
"""Generate the binary documents of the second sample corpus (eval/corpora/aozora).

Writes:
  public/reports/integrated-report-2024.pdf      (reportlab, 8 pages, Japanese, CID font)
  public/regulatory/quality-agreement-outline.docx (python-docx, Japanese, two tables)

Both documents take the path-derived id (path relative to the corpus root without the
extension); the audience comes from public/_defaults.yaml. Like a real customer's files they
carry only a title and a few `key=value` keywords (lang, doc_type), not an id.

The PDF uses reportlab's built-in CID font HeiseiKakuGo-W5 (no font file needed), and pypdf
extracts its Japanese text correctly. Each page holds facts found only on that page, so page
numbers in citations matter. The output is deterministic (reportlab invariant mode, fixed
DOCX dates and zip member times), so re-running the script does not produce spurious diffs.

Usage:  python scripts/make_aozora_binaries.py [--corpus eval/corpora/aozora]
Needs:  pip install reportlab python-docx
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

COMPANY = "青空ファインファーマ株式会社"
FONT = "HeiseiKakuGo-W5"

REPORT_PATH = "public/reports/integrated-report-2024.pdf"
REPORT_TITLE = "青空ファインファーマ 統合報告書2024"

# One list of (heading, [paragraphs]) per page; each page carries facts found only there.
REPORT_PAGES: list[list[tuple[str, list[str]]]] = [
    [
        (
            "統合報告書2024",
            ["青空ファインファーマ株式会社（架空のサンプル企業）　2024年度（2025年3月期）"],
        ),
        (
            "トップメッセージ",
            [
                "2024年度の売上収益は412億円（前年度比9.3％増）、営業利益は58億円となりました。"
                "高薬理活性原薬と無菌注射剤の受託が伸び、受託案件数は過去最高の186件でした。",
                "当社は「青い空のように透明な品質」を掲げ、すべての工程で根拠を示せるものづくりを"
                "続けます。",
            ],
        ),
    ],
    [
        (
            "沿革",
            [
                "1987年4月　静岡市清水区で青空化学工業株式会社として創業。",
                "2008年　青空ファインファーマ株式会社に社名を変更。",
                "2011年　富山工場T2棟（OEB4）が稼働。",
                "2012年　焼津工場（無菌製剤）が稼働。",
                "2019年11月　富山工場T3棟（OEB5）が稼働。",
                "2021年7月　米国ニュージャージー州のペプチド受託製造会社を買収。",
                "2022年10月　シンガポールオフィスを開設。",
                "2023年6月　焼津工場にLNP製剤ラインを開設。",
            ],
        ),
    ],
    [
        (
            "事業の概要",
            [
                "2024年度のモダリティ別売上構成は、低分子原薬46％、高薬理活性原薬（HPAPI）27％、"
                "無菌注射剤19％、ペプチド8％です。",
                "海外の依頼者からの売上比率は38％で、前年度の33％から上昇しました。"
                "主な地域は北米、欧州、アジア太平洋です。",
            ],
        ),
    ],
    [
        (
            "拠点と人員",
            [
                "連結従業員数は1,452名（2025年3月31日現在）です。"
                "内訳は、静岡工場610名、富山工場335名、焼津工場368名、"
                "ニュージャージー拠点126名、シンガポールオフィス13名です。",
                "研究開発・分析部門の人員は全体の24％を占め、博士号取得者は41名です。",
            ],
        ),
    ],
    [
        (
            "品質への取り組み",
            [
                "2024年度は規制当局の査察を3件受審しました（PMDA 1件、米国FDA 1件、"
                "EMA 1件）。米国FDAから警告書を受けたことはありません。",
                "依頼者による監査は38件で、そのうち海外の依頼者による監査は15件でした。",
                "重大な逸脱の件数は4件で、すべて30日以内に調査を完了しました。",
            ],
        ),
    ],
    [
        (
            "人材",
            [
                "女性管理職比率は18.5％（前年度16.2％）で、2027年度に22％とする目標を掲げています。",
                "従業員1人あたりの年間教育時間は42時間、GMP教育の受講率は100％でした。",
            ],
        ),
    ],
    [
        (
            "環境",
            [
                "温室効果ガス排出量（Scope1・2）は2019年度比で27％削減しました。"
                "再生可能エネルギー由来の電力比率は41％です。",
                "静岡工場では溶媒回収設備により、使用した有機溶媒の62％を再利用しています。",
            ],
        ),
    ],
    [
        (
            "中期経営計画と設備投資",
            [
                "中期経営計画（2025〜2027年度）では、3年間で総額260億円の設備投資を計画しています。",
                "主な投資は、富山工場T4棟（約95億円、2027年4月稼働予定）、焼津工場のLNP第2ライン"
                "（約38億円、2026年10月稼働予定）、静岡工場の商用連続フロー合成ライン"
                "（約24億円、2026年7月稼働予定）、ニュージャージー拠点の500L固相合成反応槽"
                "（約18億円、2026年12月稼働予定）です。",
                "2027年度の売上収益目標は550億円です。",
            ],
        ),
    ],
]

DOCX_PATH = "public/regulatory/quality-agreement-outline.docx"
DOCX_TITLE = "品質取決め（標準）の概要"


def make_pdf(path: Path) -> None:
    """Write the 8-page Japanese integrated report."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
    heading = ParagraphStyle("heading", fontName=FONT, fontSize=15, leading=22, spaceAfter=8)
    footer = ParagraphStyle("footer", fontName=FONT, fontSize=8, leading=12)

    story: list = []
    for i, page in enumerate(REPORT_PAGES):
        for title, paragraphs in page:
            story.append(Paragraph(title, heading))
            for text in paragraphs:
                story.append(Paragraph(text, body))
                story.append(Spacer(1, 6))
        story.append(Paragraph(f"{i + 1} / {len(REPORT_PAGES)}", footer))
        if i < len(REPORT_PAGES) - 1:
            story.append(PageBreak())

    def set_meta(canvas, _doc) -> None:
        canvas.setTitle(REPORT_TITLE)
        canvas.setSubject("統合報告書2024（2024年度）")
        canvas.setKeywords("lang=ja; doc_type=integrated_report")
        canvas.setAuthor(COMPANY)

    doc = SimpleDocTemplate(str(path), pagesize=A4, title=REPORT_TITLE, author=COMPANY, invariant=1)
    doc.build(story, onFirstPage=set_meta, onLaterPages=set_meta)


def make_docx(path: Path) -> None:
    """Write the Japanese quality-agreement outline with its two tables."""
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.title = DOCX_TITLE
    cp.author = COMPANY
    cp.language = "ja"
    cp.keywords = "doc_type=quality_document"
    fixed = dt.datetime(2025, 3, 14, 0, 0, 0)
    cp.created = fixed
    cp.modified = fixed
    cp.last_modified_by = COMPANY
    cp.revision = 1

    d.add_heading(DOCX_TITLE, level=1)
    d.add_paragraph(
        "本書は、青空ファインファーマ株式会社（架空のサンプル企業）がGMP製造の開始前に依頼者と"
        "締結する品質取決めの標準的な内容をまとめたものです。個別の品質取決めの内容が優先します。"
    )
    d.add_heading("取決めの範囲", level=2)
    d.add_paragraph(
        "品質取決めは依頼者ごと、製造所ごとに締結し、2年ごと、または委託範囲が変わったときに"
        "見直します。海外の依頼者とは英語版で締結し、日本語の参考訳を添付します。"
    )
    d.add_heading("責任分担", level=2)
    responsibilities = [
        ("項目", "依頼者", "当社"),
        ("製造指図書（マスターバッチレコード）", "承認する", "作成し維持する"),
        ("出荷判定", "市場出荷の最終判定", "規格に基づく製造所出荷判定"),
        ("逸脱の調査", "重大な逸脱の報告書を承認する", "調査しCAPAを提案する"),
        ("変更管理", "重大な変更を承認する", "影響を評価し6か月前までに通知する"),
        ("安定性試験", "試験計画を定める", "実施し報告する"),
        ("承認申請", "申請者として責任を持つ", "CMCデータと製造所資料を提供する"),
    ]
    _table(d, responsibilities)
    d.add_heading("通知と保管の期限", level=2)
    deadlines = [
        ("事項", "期限"),
        ("重大な逸脱の第一報", "確認から1営業日以内"),
        ("その他の逸脱の報告", "確認から5営業日以内"),
        ("苦情の初期評価", "受領から5営業日以内"),
        ("軽微な変更の通知", "実施後30日以内"),
        ("GMP記録の保管", "出荷後10年以上"),
        ("参考品の保管", "有効期間またはリテスト日の後1年"),
    ]
    _table(d, deadlines)
    d.add_heading("監査", level=2)
    d.add_paragraph(
        "依頼者は各製造所を年1回無償で監査できます。品質上の理由がある場合はいつでも監査できます。"
        "GMP試験の外部委託先は別紙に記載し、変更する場合は90日前までに通知します。"
    )
    _save_with_fixed_zip_dates(d, path)


def _save_with_fixed_zip_dates(d, path: Path) -> None:
    """python-docx stamps every zip member with the current time; pin it so reruns match."""
    import io
    import zipfile

    buffer = io.BytesIO()
    d.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2025, 3, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))


def _table(d, rows: Sequence[tuple[str, ...]]) -> None:
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def main() -> None:
    """Write both binaries under --corpus."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "eval" / "corpora" / "aozora"
    ap.add_argument("--corpus", default=str(default))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    for relative, make in ((REPORT_PATH, make_pdf), (DOCX_PATH, make_docx)):
        path = corpus / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
