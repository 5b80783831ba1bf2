from assistant.text import count_tokens, detect_lang, fold, normalize, split_sentences, terms


def test_normalize_folds_full_width_digits_and_half_width_katakana() -> None:
    assert normalize("ＯＥＢ５　２０２４年 ｶﾀｶﾅ") == "OEB5 2024年 カタカナ"
    assert fold("  Monoclonal   ANTIBODIES ") == "monoclonal antibodies"


def test_terms_keep_codes_whole_and_drop_particles() -> None:
    assert terms("OEB5の封じ込めは可能ですか？") == ["oeb5", "封じ込め", "可能"]
    english = terms("What did the Maryland site manufacture? 2,000L bioreactors")
    assert english == ["maryland", "site", "manufactur", "2,000l", "bioreactor"]  # Snowball


def test_full_width_question_gives_same_terms_as_half_width() -> None:
    assert terms("２０２４年のＰＰＱ") == terms("2024年のPPQ")


def test_sentences_split_japanese_and_english_and_stay_verbatim() -> None:
    text = (
        "拠点は2023年に取得しました。従業員は240名です！ The site makes mAbs. "
        "It has 2 x 2,000 L bioreactors (e.g. single-use).\nNext"
    )
    sentences = split_sentences(text)
    assert sentences == [
        "拠点は2023年に取得しました。",
        "従業員は240名です！",
        "The site makes mAbs.",
        "It has 2 x 2,000 L bioreactors (e.g. single-use).",
        "Next",
    ]
    assert all(s in text for s in sentences)


def test_an_abbreviation_before_a_lower_case_word_ends_no_sentence() -> None:
    text = "Aozora Fine Pharma Co., Ltd. is a CDMO. It makes peptides. We use approx. 5 L."
    assert split_sentences(text) == [
        "Aozora Fine Pharma Co., Ltd. is a CDMO.",
        "It makes peptides.",
        "We use approx.",  # a number after the period may start a sentence
        "5 L.",
    ]


def test_detect_lang() -> None:
    assert detect_lang("What did the Maryland site manufacture?") == "en"
    assert detect_lang("メリーランド拠点では何を製造しましたか？") == "ja"
    assert detect_lang("OEB5のHPAPI設備はありますか") == "ja"


def test_count_tokens_counts_words_not_characters() -> None:
    assert count_tokens("The Baltimore site") == 3
    assert 3 <= count_tokens("従業員は240名です") <= 6


def test_terms_use_base_forms_for_inflected_words_and_keep_prefixes() -> None:
    assert terms("使われた") == terms("使っている") == ["使う"]
    assert terms("高薬理活性") == ["高", "薬理", "活性"]
    assert terms("バイオリアクターで製造") == ["バイオリアクター", "製造"]


def test_index_terms_add_adjacent_pairs_for_order_and_compounds() -> None:
    from assistant.text import index_terms

    assert index_terms("抗体薬物複合体") == [
        "抗体",
        "薬物",
        "複合",
        "体",
        "抗体_薬物",
        "薬物_複合",
        "複合_体",
    ]
    assert index_terms("OEB5 isolators") == ["oeb5", "isol", "oeb5_isol"]  # Snowball stems


def test_documents_also_hold_the_romanized_reading_of_japanese_names() -> None:
    from assistant.text import document_index_terms, document_terms, index_terms, term_set

    # A kanji place name, a katakana name unidic does not know, a loanword name.
    assert "yaizu" in document_terms("焼津工場は2012年に稼働しました")
    assert "yaizu" in document_terms("ヤイヅ工場")
    assert "toyama" in term_set("富山工場の従業員数は335名です")
    assert "hyogo" in document_terms("兵庫県")  # long vowels as English spells them
    # ... and an English question's name is the same term.
    assert "yaizu" in terms("When did the Yaizu plant start operating?")
    # A question keeps only its words: its names count once and pull no English documents.
    assert "yaizu" not in terms("焼津工場はいつ稼働しましたか")
    assert "yaizu" not in index_terms("焼津工場")
    # Readings never enter the pairs, which join words as written.
    indexed = document_index_terms("焼津工場")
    assert "焼津_工場" in indexed and "yaizu" in indexed
    assert not [t for t in indexed if "_" in t and "yaizu" in t]
    # Common nouns get no reading.
    assert document_terms("工場の設備") == terms("工場の設備")
