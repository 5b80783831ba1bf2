"""Follow-up questions: "And Baltimore?" resolved against the previous turn, without an LLM.

A sponsor asks "Which modalities does the Bengaluru site handle?", then "And Baltimore?",
then "What about its inspections?". `resolve` turns each follow-up into a complete question
that the normal path answers, or returns None when the question stands on its own:

- A question that names its own subject (a site, modality, program, document kind, the
  company as a whole) does not inherit, nor does one that says it starts a new topic.
- A bare follow-up that only names a subject ("And Baltimore?", 「ボルチモアは？」, "And 2023?")
  takes the previous question with its subject of the same kind replaced.
- An anaphoric one ("What about its inspections?", 「その時の収率は？」) takes the previous
  question's subject in place of the anaphor.
- An elliptical one with a predicate and no subject ("And the capacity?", 「では従業員数は？」)
  is asked about the previous question's subject.

Subjects are what `understand` found a question to name (`Question.subjects`, from
`assistant.question.subjects`): sites, modalities, code names, document kinds, the company,
countries, regulators, times, and glossary topics. `resolve_turn` understands the last earlier
turn and the typed one and resolves; `resolve` works on `Question`s already understood. Only
the question texts of earlier turns are read, never their answers, so nothing an earlier
answer quoted can carry into the next one. The cue words live in `assistant/data/followup.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.errors import QuestionError
from assistant.question.continuity import asks_on_topic, continues, repeats_a_word
from assistant.question.followup_cues import FollowupCues, LangCues
from assistant.question.subjects import (
    COMPANY,
    SITE,
    TOPIC,
    CorpusTerms,
    Subject,
    SubjectContext,
    SubjectKinds,
    find_all,
    word_pattern,
)
from assistant.question.understanding import Intent, IntentVocabulary, Question, understand
from assistant.text import detect_lang, fold
from assistant.types import Turn

MAX_TURNS = 6

# Kinds a follow-up can replace one with another: a site by a site, the company by a site.
_KIND_GROUP = {"site": "place", "company": "place"}
_END_PUNCT = "？?。.!！ 　"
_LEAD_PUNCT = "、,，:：;； 　"


@dataclass(frozen=True)
class FollowupConfig:
    """Limits of follow-up resolution."""

    # The contract: at most six earlier turns are read (HTTP `history`, max 6 items).
    max_turns: int = MAX_TURNS
    # A question without a subject of its own is read as a follow-up when it is this short
    # (characters of a Japanese question, words of an English one, without the opener and
    # the closing 「は？」): 「最初の患者への投与はいつでしたか？」 (16) is one, 「少量の非臨床用
    # ロットだけでも頼めますか？」 (19) a new topic; "Is the PMDA CAPA closed yet?" (6) one,
    # "How many sponsor audits were hosted in 2024?" (8) a new topic. Set on the 41 follow-ups
    # of corpus/questions.jsonl (python bench/followups.py).
    max_short_ja_chars: int = 16
    max_short_en_words: int = 7


def _strip_opener(text: str, cues: LangCues) -> tuple[str, bool]:
    folded = text.casefold()
    for opener in cues.openers:
        word = opener.casefold()
        if folded.startswith(word):
            rest = text[len(word) :]
            if word.isascii() and rest[:1].isalnum():
                continue
            return rest.lstrip(_LEAD_PUNCT + "!！.。"), True
    return text, False


def _strip_openers(text: str, cues: LangCues) -> tuple[str, bool]:
    """`text` without its leading openers ("thx! and peptides?" -> "peptides?")."""
    opened = False
    while True:
        text, stripped = _strip_opener(text, cues)
        if not stripped:
            return text, opened
        opened = True


def _strip_ending(text: str, cues: LangCues) -> tuple[str, bool]:
    core = text.rstrip(_END_PUNCT)
    for ending in cues.endings:
        if core.endswith(ending) and len(core) > len(ending):
            return core[: -len(ending)].rstrip(_END_PUNCT), True
    return core, False


def _anaphor(text: str, cues: LangCues) -> tuple[int, int, str, bool] | None:
    """(start, end, replacement template, points at a place) of the first anaphor in `text`."""
    best: tuple[int, int, str, bool] | None = None
    for cue, template in cues.anaphora.items():
        for match in find_all(text, cue):
            if fold(text[: match.end()]).endswith(cues.not_after):
                continue
            if text[match.end() :].startswith(cues.not_before):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), match.end(), template, cue in cues.place_anaphora)
            break
    return best


def _only_subjects(core: str, found: Sequence[Subject], cues: LangCues) -> bool:
    """True when `core` says nothing but its subjects (and filler words)."""
    rest = core
    for subject in sorted(found, key=lambda s: -s.start):
        rest = rest[: subject.start] + " " + rest[subject.end :]
    folded = fold(rest)
    for word in sorted(cues.filler, key=len, reverse=True):
        folded = re.sub(word_pattern(word), " ", folded)
    return bool(found) and not re.search(r"\w", folded)


def _in_lang(subject: Subject, lang: str) -> str:
    """The subject's name in `lang`: a site by the glossary's first name (the site's own name,
    not an alias such as メリーランド for ボルチモア); another subject as written when that is one
    of the glossary's names in `lang` ("AOC" in Japanese too), else by the glossary's first
    ("oligos" -> oligonucleotide)."""
    entry = subject.entry
    if entry is None:
        return subject.text
    names = entry.ja if lang == "ja" else entry.en
    if not names:
        return subject.text
    if subject.kind != SITE and fold(subject.text) in {fold(n) for n in names}:
        return subject.text
    return names[0]


def _group(kind: str) -> str:
    return _KIND_GROUP.get(kind, kind)


def _replace(
    previous: str, old: Sequence[Subject], new: Sequence[Subject], core: str, cues: LangCues
) -> str:
    """`previous` with each of its subjects of a new subject's kind replaced by the new one."""
    result = previous
    appended: list[str] = []
    by_group: dict[str, list[Subject]] = {}
    for subject in new:
        by_group.setdefault(_group(subject.kind), []).append(subject)
    replacements: list[tuple[int, int, str, str]] = []
    for group, subjects_of in by_group.items():
        # "Hyderabad and Baltimore" stays one phrase, as typed.
        text = core[subjects_of[0].start : subjects_of[-1].end]
        target = next((s for s in old if _group(s.kind) == group), None)
        if target is None:
            appended.append(text)
        else:
            replacements.append((target.start, target.end, text, subjects_of[0].kind))
    for start, end, text, kind in sorted(replacements, reverse=True):
        after = result[end:]
        # "全社" for "ボルチモア" in "ボルチモア拠点の…": the place word goes with the old name.
        for word in sorted(cues.filler, key=len, reverse=True):
            if len(word) >= 2 and fold(after.lstrip()).startswith(word):
                if kind == "company" or fold(text).endswith(word):
                    after = after.lstrip()[len(word) :]
                break
        result = result[:start] + text + after
    if appended:
        result = cues.templates["append"].format(
            question=result, s=cues.templates["join"].join(appended)
        )
    return result


def resolve(
    question: Question,
    history: Sequence[Question],
    *,
    cues: FollowupCues | None = None,
    corpus: CorpusTerms | None = None,
    config: FollowupConfig | None = None,
) -> str | None:
    """The complete question a follow-up asks, or None when `question` stands on its own.

    `history` holds the understood earlier turns, oldest first; only the last is read (the
    `Question` of its resolved form when it has one, which already holds what came before
    it). Subjects are those `understand` found (`Question.subjects`), never extracted again.
    With `corpus` (what the reader may see), a short question that would inherit only a
    regulator or a time, or the topic of a question that named no subject, does so only when
    the corpus holds its rarest word with that subject (`assistant.question.continuity`).
    A bare follow-up keeps the previous question's wording with the new names as typed;
    otherwise inherited names come in the follow-up's language.
    """
    config = config or FollowupConfig()
    if not history:
        return None
    cues = cues or FollowupCues.default()
    text = question.normalized
    lang = detect_lang(text)
    own_cues = cues.of(lang)
    if any(True for cue in own_cues.topic_change for _ in find_all(text, cue)):
        return None
    last = history[-1]
    previous = last.normalized
    prev_cues = cues.of(detect_lang(previous))
    prev_subjects = [s for s in last.subjects if s.kind != TOPIC]
    body, opened = _strip_openers(text, own_cues)
    core, ended = _strip_ending(body, own_cues)
    own = [s for s in question.subjects if s.kind != TOPIC]
    offset = len(text) - len(body)
    core_subjects = [
        s.shifted(offset) for s in own if s.start >= offset and s.end <= offset + len(core)
    ]
    if core_subjects and _only_subjects(core, core_subjects, own_cues):
        resolved = _replace(previous, prev_subjects, core_subjects, core, prev_cues)
        return _finish(resolved, detect_lang(previous)) if fold(resolved) != fold(text) else None
    anaphor = _anaphor(body, own_cues)
    marked = opened or anaphor is not None or _has_any(text, own_cues.markers)
    short = _is_short(core, lang, config)
    # 「増設後の全社の容量は？」 after 「ボルチモアの増設の予定は？」: a short question that names
    # only the company but takes up a word of the previous one asks about that site's event.
    continued = {s.kind for s in own if s.kind in _ANCHORS} == {COMPANY} and short
    continued = continued and repeats_a_word(question, last)
    # A question naming its own site, program or modality stands alone, unless it is a short,
    # marked follow-up ("Which one was the peptide?") that still lacks the previous site.
    if any(s.kind in _ANCHORS for s in own) and not (marked and short) and not continued:
        return None
    if not (marked or short):
        return None
    present = {_group(s.kind) for s in own if not (continued and s.kind == COMPANY)}
    inherited = _inherited(prev_subjects, besides=present)
    if not inherited and corpus is not None and asks_on_topic(question, last, corpus):
        # "Do Japanese sponsors get a Japanese summary?" after "What are your change
        # notification commitments?": the previous question named no subject but its topic.
        inherited = [last.topic] if last.topic is not None else []
    elif (
        inherited
        and not marked
        and corpus is not None
        and not continues(question, inherited, corpus)
    ):
        return None
    if not inherited:
        return None
    place = [t for t in inherited if _group(t.kind) in ("place", "region")]
    if anaphor is not None and anaphor[3] and place:
        # "there", 同拠点: the anaphor names the previous place and nothing else.
        inherited = place[:1]
    elif (anaphor is not None or (marked and not opened)) and not any(
        s.kind == TOPIC for s in question.subjects
    ):
        # "When was it run?", "Which one was the peptide?": they point at the previous
        # question's topic (PPQ, containment) too, unless they name a topic of their own.
        inherited += [s for s in last.subjects if s.kind == TOPIC]
    names = [_in_lang(subject, lang) for subject in inherited]
    if detect_lang(previous) == lang and not (anaphor is not None and anaphor[3]):
        # "the Tokyo office", 「ボルチモア拠点」: a site keeps the place word it came with.
        names = [
            _with_place(name, previous[subject.end :], prev_cues)
            if subject.kind == "site"
            else name
            for name, subject in zip(names, inherited, strict=True)
        ]
    joined = own_cues.templates["join"].join(dict.fromkeys(names))
    if anaphor is not None and len(names) == 1:
        start, end, template, _ = anaphor
        resolved = body[:start] + template.format(s=joined) + body[end:]
        first = re.match(r"[\w']+", resolved)
        if lang == "en" and (first is None or fold(first.group(0)) not in own_cues.ask_words):
            resolved = own_cues.templates["what_about"].format(text=resolved)
        return _finish(resolved[:1].upper() + resolved[1:], lang)
    if (opened or ended) and core and anaphor is None and not own:
        if fold(core).endswith(own_cues.modifiers) and detect_lang(previous) == lang:
            # 「買収時は？」 after 「ボルチモアの従業員数は？」: the same question, at that time.
            modified = own_cues.templates["modifier"].format(predicate=core, question=previous)
            return _finish(modified, lang)
        return _finish(own_cues.templates["predicate"].format(predicate=core, s=joined), lang)
    resolved = own_cues.templates["about"].format(s=joined, question=body[:1].upper() + body[1:])
    return _finish(resolved, lang)


def resolve_turn(
    question: str,
    history: Sequence[Turn],
    *,
    context: SubjectContext,
    vocabulary: IntentVocabulary | None = None,
    config: FollowupConfig | None = None,
) -> tuple[Question, str | None]:
    """The typed question understood (its subjects told by `context`: the index's glossary
    and ids), and the complete question it asks as a follow-up of `history` (None when it
    stands alone or is small talk); only the last earlier turn that asked something (not
    small talk) is understood, as it alone is read."""
    current = understand(question, vocabulary=vocabulary, context=context)
    if not history or current.intent is Intent.CHITCHAT:
        # Small talk after an answer ("thanks!", 了解です) asks nothing of the last subject.
        return current, None
    # The last turn that asked something: "And Baltimore?" after "thanks!" follows the
    # question before the thanks.
    for last in reversed(history):
        previous = understand(
            last.resolved or last.question, vocabulary=vocabulary, context=context
        )
        if previous.intent is not Intent.CHITCHAT:
            return current, resolve(
                current, [previous], cues=context.cues, corpus=context.corpus, config=config
            )
    return current, None


# Kinds that make a question its own: naming one, it does not inherit one.
_ANCHORS = frozenset({"site", "name", "modality", "company", "region"})
# Kinds a follow-up inherits from the previous question, when it names none of their group.
_INHERITED = ("name", "site", "region", "modality", "regulator", "time")


def _inherited(found: Sequence[Subject], *, besides: set[str]) -> list[Subject]:
    """The previous question's subjects a follow-up takes: one per kind, in a fixed order."""
    chosen: list[Subject] = []
    for kind in _INHERITED:
        if _group(kind) in besides:
            continue
        match = next((s for s in found if s.kind == kind), None)
        if match is not None:
            chosen.append(match)
    return chosen


def _with_place(name: str, after: str, cues: LangCues) -> str:
    """`name` with the place word ("office", 拠点) that `after` starts with: "the Tokyo
    office", 「ボルチモア拠点」; `name` alone when there is none."""
    for word in cues.place_words:
        match = re.match(r"\s?" + word_pattern(word), after, flags=re.IGNORECASE)
        if match:
            return cues.templates["place"].format(s=name + match.group(0))
    return name


def _has_any(text: str, words: Iterable[str]) -> bool:
    return any(True for word in words for _ in find_all(text, word))


def _is_short(core: str, lang: str, config: FollowupConfig) -> bool:
    """A short question is elliptical more often than not ("biggest batch?", 「指摘は何件？」)."""
    if lang == "ja":
        return len(re.sub(r"\s", "", core)) <= config.max_short_ja_chars
    return len(re.findall(r"[\w'-]+", core)) <= config.max_short_en_words


def _finish(resolved: str, lang: str) -> str:
    """A Japanese question ends in a full-width question mark (NFKC made it ASCII)."""
    if lang == "ja" and resolved.endswith("?"):
        return resolved[:-1] + "？"
    return resolved


def check_history(history: Sequence[Turn], *, config: FollowupConfig | None = None) -> None:
    """Refuse more turns than the limit (QuestionError names the count and the limit)."""
    limit = (config or FollowupConfig()).max_turns
    if len(history) > limit:
        raise QuestionError(
            f"the history has {len(history)} turns; at most {limit} earlier turns are read — "
            f"send the last {limit}"
        )


__all__ = [
    "FollowupConfig",
    "FollowupCues",
    "MAX_TURNS",
    "Subject",
    "SubjectContext",
    "SubjectKinds",
    "check_history",
    "resolve",
    "resolve_turn",
]
