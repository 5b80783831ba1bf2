"""A quoted sentence that leans on the one before it is quoted with it."""

from __future__ import annotations

import pytest

from assistant.answer.antecedents import leans_back
from assistant.answer.extractive import ExtractiveComposer, quote_is_verbatim

PAGE = (
    "The Baltimore site was built in 2011 and has a warehouse. "
    "Two more 2,000 L single-use bioreactors are being installed. "
    "They are planned to be available by September 2026."
)


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("They are planned to be available by September 2026.", True),
        ("It was inspected in 2023.", True),
        ("これにより粗ペプチドの純度は61％から68％に改善しました。", True),
        ("この抗体は2021年に移管しました。", True),
        # a determiner points back to the title as often as to the sentence before
        ("This product accounts for one of the two campaigns.", False),
        ("それぞれの工程で試験を行いました。", False),  # それぞれ: "each"
        ("Italy is not a site.", False),
        ("Two more bioreactors are being installed.", False),
    ],
)
def test_a_sentence_that_opens_with_a_pointing_word_leans_back(sentence, leans):
    assert leans_back(sentence) is leans


def test_a_leaning_sentence_is_quoted_after_its_predecessor(make_hit) -> None:
    hits = [make_hit("site-page-baltimore#0", PAGE, title="Baltimore site page")]
    answer = ExtractiveComposer(threshold=0.0).compose(
        "When is the planned availability date?", lang="en", hits=hits
    )
    # without its predecessor the answer would not say what "they" are
    assert answer.text.splitlines()[1:] == [
        "Two more 2,000 L single-use bioreactors are being installed. [1]",
        "They are planned to be available by September 2026. [1]",
    ]
    assert quote_is_verbatim(answer.citations[0].quote, PAGE)
