import pytest

from assistant.errors import ConfigError
from assistant.text import stem, terms
from assistant.text.glossary import Glossary
from tests.conftest import FIXTURE_CORPUS

GLOSSARY = """
terms:
  - en: [HPAPI, highly potent active pharmaceutical ingredient]
    ja: [高薬理活性原薬, 高薬理活性]
  - en: [Maryland, Baltimore]
    ja: [メリーランド, ボルチモア]
  - en: [ADC, antibody-drug conjugate]
    ja: [抗体薬物複合体, ADC]
"""


@pytest.fixture
def glossary() -> Glossary:
    return Glossary.from_yaml(GLOSSARY)


def test_japanese_name_expands_into_english_terms(glossary: Glossary) -> None:
    question = "高薬理活性の化合物を扱えますか"
    extra = glossary.expand(question, terms(question))
    assert "hpapi" in extra
    assert set(terms("highly potent")) <= set(extra)


def test_place_name_bridges_to_every_english_name(glossary: Glossary) -> None:
    question = "メリーランド拠点では何を製造しましたか？"
    extra = glossary.expand(question, terms(question))
    assert set(terms("Maryland Baltimore")) <= set(extra)
    assert glossary.bridge(question, terms(question), lang="ja") == ["Maryland", "Baltimore"]


def test_english_question_reaches_japanese_terms_and_synonyms(glossary: Glossary) -> None:
    question = "Can you make an antibody-drug conjugate?"
    extra = glossary.expand(question, terms(question))
    assert "adc" in extra and "抗体" in extra and "複合" in extra
    assert glossary.bridge(question, terms(question), lang="en") == ["抗体薬物複合体", "ADC"]


def test_unrelated_question_expands_to_nothing(glossary: Glossary) -> None:
    question = "How many staff work in Bengaluru?"
    assert glossary.expand(question, terms(question)) == []
    assert glossary.matches(question, terms(question)) == []


def test_terms_already_in_the_question_are_not_repeated(glossary: Glossary) -> None:
    question = "HPAPI 高薬理活性"
    assert "hpapi" not in glossary.expand(question, terms(question))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("terms: [", "not valid YAML"),
        ("words: []", "top-level 'terms:'"),
        ("terms:\n  - en: [ADC]\n", "entry 1"),
        ("terms:\n  - just a string\n", "entry 1"),
    ],
)
def test_bad_glossaries_are_rejected_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Glossary.from_yaml(text, source="corpus/glossary.yaml")


def test_missing_glossary_file_names_the_setting(tmp_path) -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_GLOSSARY_PATHS"):
        Glossary.load(tmp_path / "nope.yaml")


def test_fixture_corpus_glossary_parses_and_merges() -> None:
    fixture = Glossary.load(FIXTURE_CORPUS / "glossary.yaml")
    merged = Glossary.merge([fixture, Glossary.from_yaml(GLOSSARY)])
    assert len(merged) == len(fixture) + 3
    question = "ボルチモアの従業員数は？"
    assert stem("baltimore") in merged.expand(question, terms(question))
