"""Real files in UTF-8 (with and without BOM), UTF-16 and Shift_JIS/CP932 decode to the same
text; a file in no known encoding is reported, never ingested as mojibake."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.types import Audience
from ingest.loaders import load_file

TEXT = (
    "---\nid: enc-tokyo\ntitle: 東京リエゾンオフィス\n---\n"
    "# 体制\n\n一次回答は日本時間で1営業日以内です。逸脱は2時間以内に日本語で連絡します。\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.md", TEXT.encode("utf-8")),
        ("utf8-bom.md", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("utf16.md", TEXT.encode("utf-16")),  # with a BOM, as Windows Notepad writes it
        ("utf16-be.md", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("sjis.md", TEXT.encode("shift_jis")),
        ("cp932.md", TEXT.replace("体制", "体制①").encode("cp932")),
    ],
)
def test_each_encoding_decodes_to_the_same_document(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    [doc] = load_file(tmp_path / name, root=tmp_path, default_audience=Audience.INTERNAL)
    assert (doc.id, doc.title, doc.lang) == ("enc-tokyo", "東京リエゾンオフィス", "ja")
    assert doc.text == "一次回答は日本時間で1営業日以内です。逸脱は2時間以内に日本語で連絡します。"
    assert doc.blocks[0].section in {"体制", "体制①"}


def test_a_shift_jis_csv_from_excel_decodes(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_bytes(
        "id,title,拠点名,人員\nja-1,東京オフィス,東京リエゾンオフィス,9名\n".encode("cp932")
    )
    [doc] = load_file(tmp_path / "staff.csv", root=tmp_path, default_audience=Audience.INTERNAL)
    assert doc.text == "拠点名: 東京リエゾンオフィス\n人員: 9名"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # binary junk
        b"\xff\xfe" + b"\x00\xd8" * 10,  # a UTF-16 BOM followed by unpaired surrogates
        b"%PDF-like header\x00\x01\x02\x03" * 50,  # control characters
    ],
)
def test_undecodable_text_is_an_error_not_mojibake(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "junk.md").write_bytes(data)
    with pytest.raises(IngestError) as info:
        load_file(tmp_path / "junk.md", root=tmp_path, default_audience=Audience.INTERNAL)
    message = str(info.value)
    assert message.startswith("junk.md: ")
    assert "UTF-8" in message
