"""Bilingual cue groups: the shipped file, a corpus's own additions, and bad cue files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.cues import DEFAULT_CUES, CueVocabulary, build_vocabulary
from assistant.answer.extractive import ExtractiveComposer
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.factory import build_composer

VACCINE_CUES = "terms:\n  - [vaccine, ワクチン]\n"


def test_shipped_groups_meet_labels_and_questions_across_languages() -> None:
    cues = CueVocabulary.default()
    assert cues.asked_label_groups("従業員数", "how many staff work in baltimore?")
    assert cues.asked_label_groups("Staff", "ボルチモアの従業員は何名ですか？")
    assert not cues.asked_label_groups("Location", "how many staff work in baltimore?")
    # Every label group is also a term group: a label cue scores other-language sentences.
    assert set(cues.labels) <= set(cues.terms)
    assert cues.matcher("how many staff work there?").share("従業員は340名です") == 1.0


@pytest.mark.parametrize(
    ("asked", "unknown", "said"),
    [
        ("2022年の納期遵守率はどのくらいでしたか？", "納期遵守", "on time delivery: 96.1%"),
        ("what encapsulation efficiency did the case reach?", "encapsul", "封入率は94%でした"),
        ("what revenue target do you have?", "revenu", "売上収益550億円を目指します"),
        ("total reactor volume?", "reactor", "反応槽は合計42基です"),
        ("how much did the scale-up cut solvent use?", "solvent", "溶媒使用量を28%削減しました"),
    ],
)
def test_cdmo_words_asked_in_one_language_are_known_in_the_other(asked, unknown, said) -> None:
    """A question word the hits hold only in the other language is not unknown (it does not
    drive an abstention), and the other-language sentence scores for it. The unknown words
    are stems, as the question's terms are ("revenu"): a cue written as a word names them."""
    cues = CueVocabulary.default()
    assert cues.translated_terms([unknown], said) == {unknown}
    assert cues.matcher(asked).share(said) > 0


def test_shipped_file_is_package_data_in_the_documented_form() -> None:
    assert DEFAULT_CUES.is_file()
    loaded = CueVocabulary.load(DEFAULT_CUES)
    assert ("titer", "titre", "力価") in loaded.terms
    assert len(loaded.labels) >= 10 and all(len(g) >= 2 for g in loaded.terms)


def test_a_corpus_cue_file_adds_groups_to_the_shipped_ones(tmp_path: Path, make_hit) -> None:
    extra = tmp_path / "cues.yaml"
    extra.write_text(VACCINE_CUES, encoding="utf-8")
    settings = Settings(_env_file=None, cue_paths=[extra])  # type: ignore[call-arg]
    extended = build_composer(settings)
    assert isinstance(extended, ExtractiveComposer)
    assert ("vaccine", "ワクチン") in extended.cues.terms
    assert set(CueVocabulary.default().terms) < set(extended.cues.terms)
    # The Japanese word is in no indexed text, but the English hit names it as "vaccine":
    # with the corpus's group it no longer counts as unknown, which weighs on abstention.
    hits = [make_hit("site-baltimore#0", "The Baltimore plant makes vaccine drug substance.")]
    question = "ボルチモアではワクチンを製造していますか？"
    plain = ExtractiveComposer(threshold=0.0)
    before = plain.compose(question, lang="ja", hits=hits, unknown_terms=["ワクチン"])
    after = extended.compose(question, lang="ja", hits=hits, unknown_terms=["ワクチン"])
    assert before.evidence is not None and after.evidence is not None
    assert before.evidence.unknown > 0 and after.evidence.unknown == 0


def test_cue_groups_are_folded_like_the_text_they_meet() -> None:
    cues = CueVocabulary.from_yaml("labels:\n  - [Head Count, ＨＣ]\n")
    assert cues.labels == (("head count", "hc"),)
    assert cues.asked_label_groups("HC", "what is the head count?")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("terms: approv 承認\n", "'terms' must be a list of groups"),
        ("terms: [approv, 承認]\n", "terms group 1 is 'approv'"),
        ("terms:\n  - [titer]\n", "terms group 1"),
        ("terms:\n  - titer\n", "terms group 1"),
        ("synonyms:\n  - [titer, 力価]\n", "keys 'labels' and/or 'terms'"),
        ("- [titer, 力価]\n", "must be a mapping"),
        ("terms: [titer, [\n", "not valid YAML"),
    ],
)
def test_bad_cue_files_name_the_problem_and_the_fix(text: str, names: str) -> None:
    with pytest.raises(ConfigError, match=r"cue file bad\.yaml") as caught:
        CueVocabulary.from_yaml(text, source="bad.yaml")
    assert names in str(caught.value)


def test_an_unreadable_cue_path_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_CUE_PATHS"):
        build_vocabulary([tmp_path / "missing.yaml"])
