"""Text decoding: UTF-8 (BOM or not), UTF-16 with a BOM, Shift_JIS/CP932 and other legacy
encodings detected with charset-normalizer. Undecodable bytes are an IngestError, never mojibake."""

from __future__ import annotations

import codecs
import re

from assistant.errors import IngestError

# Encodings a CDMO's document folder plausibly holds; limiting detection to these keeps
# charset-normalizer from "decoding" binary junk as some exotic code page.
_CANDIDATES = [
    "utf_8",
    "cp932",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "cp1252",
    "latin_1",
]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_SHARE = 0.001


def decode_bytes(data: bytes) -> str:
    """Decode file bytes to text, or raise IngestError saying which encodings were tried."""
    text = _decode(data)
    controls = len(_CONTROL.findall(text))
    if controls > max(1, len(text) * _MAX_CONTROL_SHARE):
        raise IngestError(
            f"the text decodes to {controls} control or replacement characters; the file is "
            "binary or in an unknown encoding — save it as UTF-8"
        )
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8 (with BOM)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "UTF-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise IngestError(
            "cannot decode the text: it is not UTF-8, UTF-16 (with BOM), Shift_JIS/CP932, "
            "EUC-JP or Latin-1 — save it as UTF-8"
        )
    return str(best)


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"starts with a {label} byte-order mark but byte {exc.start} is invalid "
            f"({exc.reason}); re-save the file as UTF-8"
        ) from exc
