"""The chitchat answer: a greeting (or thanks), what the assistant answers, and example
questions built from the reader's index (its sites and modalities, as the reader says them).
It never quotes a document and is never logged as a content gap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.answer.composer import Composition
from assistant.question.understanding import IntentVocabulary, Question, says_hello, says_thanks
from assistant.text import fold, terms
from assistant.text.glossary import Glossary
from assistant.text.labels import bundled_label, readable_label
from assistant.text.normalize import JA_CHARS

_GREETING = {
    "en": (
        "Hello! I answer questions about our sites, capabilities, case studies and regulatory "
        "record by quoting our verified documents, with a source for every line. "
        "For example, you could ask:"
    ),
    "ja": (
        "こんにちは。拠点、対応モダリティ、受託事例、査察実績などについて、確認済みの資料の"
        "記載を出典付きでお答えします。たとえば次のようにお尋ねください。"
    ),
}
# The reply to thanks, an acknowledgement or a goodbye ("thanks!", 了解です, "bye").
_WELCOME = {
    "en": (
        "Glad to help! If anything else comes up, I answer from our verified documents about "
        "our sites, capabilities, case studies and regulatory record. For example:"
    ),
    "ja": (
        "ご利用ありがとうございます。ほかにも拠点、対応モダリティ、受託事例、査察実績などについて、"
        "確認済みの資料の記載を出典付きでお答えします。たとえば次のようにお尋ねください。"
    ),
}


def chitchat_answer(
    question: Question,
    *,
    lang: str,
    sites: Sequence[str],
    modalities: Sequence[str],
    glossary: Glossary,
    intents: IntentVocabulary,
    count: int,
    continued: bool = False,
) -> Composition:
    """The opening for what was said and `count` example questions: hello to a greeting or
    to small talk that opens a conversation; after earlier turns (`continued`), anything but a
    greeting ("no", いいえ, "thanks") is acknowledged, not greeted."""
    shown = [_display(m, glossary, lang, intents.modalities) for m in modalities]
    examples = _examples(
        intents.examples.get(lang, intents.examples.get("en", ())),
        sites=_readable([_display(s, glossary, lang) for s in sites], lang),
        modalities=_readable(list(dict.fromkeys(shown)), lang),
        count=count,
    )
    acknowledged = continued and not says_hello(question.text, intents)
    opening = _WELCOME if acknowledged or says_thanks(question.text, intents) else _GREETING
    text = "\n".join([opening.get(lang, opening["en"]), *(f"- {e}" for e in examples)])
    return Composition(text=text, citations=[], abstained=False, composer="chitchat")


def _display(
    name: str,
    glossary: Glossary,
    lang: str,
    modalities: Mapping[str, tuple[str, ...]] | None = None,
) -> str:
    """A facet value as a reader says it: the glossary's name in `lang` when it has one; for an
    English reader, a customer's Japanese modality label (高薬理活性原薬) by the modality the
    intent vocabulary reads in it (HPAPI)."""
    for entry in glossary.matches(name, terms(name)):
        names = entry.ja if lang == "ja" and entry.ja else entry.en
        if names:
            return names[0]
    if lang == "en" and modalities and JA_CHARS.search(name):
        folded = fold(name)
        for key, cues in modalities.items():
            if any(not cue.isascii() and cue in folded for cue in cues):
                return readable_label(key, lang="en")
    known = bundled_label(name, lang=lang)
    if known is not None:
        return known
    return name.replace("_", " ").upper() if len(name) <= 4 else name.replace("_", " ").title()


def _readable(values: list[str], lang: str) -> list[str]:
    """The facet values a reader of `lang` can read: an English example never names a value
    written only in Japanese ("What is your 低分子原薬 experience?")."""
    return [v for v in values if lang != "en" or not JA_CHARS.search(v)]


def _examples(
    templates: tuple[str, ...], *, sites: list[str], modalities: list[str], count: int
) -> list[str]:
    """`count` example questions: templates filled with the index's sites and modalities in
    turn (a template whose facet the index lacks is skipped)."""
    found: list[str] = []
    used = {"site": 0, "modality": 0}
    values = {"site": sites, "modality": modalities}
    for template in templates:
        slots = [s for s in ("site", "modality") if "{" + s + "}" in template]
        if any(not values[s] for s in slots):
            continue
        filled = template
        for slot in slots:
            filled = filled.replace("{" + slot + "}", values[slot][used[slot] % len(values[slot])])
            used[slot] += 1
        found.append(filled)
        if len(found) == count:
            break
    return found
