from assistant.terms import attested, overlap, similar, terms


def test_reflexive_pronouns_carry_no_topic():
    # "sich" matched every German sentence with a reflexive verb and asked for a section's whole list
    assert terms("Wie unterscheiden sich Incubate, Scale und Embedded?", "de") == [
        "unterscheid",
        "incubat",
        "scal",
        "embedded",
    ]
    assert "sig" not in terms("Hur förändrar sig teamet?", "sv")
    assert "zich" not in terms("Hoe ontwikkelt het team zich?", "nl")
    assert "se" not in terms("Comment se passe la gouvernance ?", "fr")


def test_a_term_matches_inside_a_compound_and_a_typo_away():
    assert similar("teamutveckling", "teamutveckling")
    assert similar("utveckling", "teamutveckling")  # one inside the other
    assert similar("teamutvekling", "teamutveckling")  # a typo
    assert not similar("team", "teamutveckling")  # too short to stand for a longer word
    assert overlap({"roll", "kadens"}, ["styrningskadens"]) == {"kadens"}


def test_an_acronym_matches_its_plural():
    assert similar("kbo", "kbos") and similar("kbos", "kbo")
    assert not similar("kbo", "kba")


def test_latin_words_written_against_cjk_text_are_terms_of_their_own():
    # Japanese and Chinese write no space after "CJA": the acronym was dropped with the run's Latin letters
    assert terms("CJAの運用", "ja") == ["cja", "の運", "運用"]
    assert terms("CJA的治理", "zh") == ["cja", "的治", "治理"]
    assert terms("AJO팀에는", "ko") == ["ajo", "팀에", "에는"]
    assert terms("AJO Successの設計", "ja") == ["ajo", "success", "の設", "設計"]


def test_auxiliary_verbs_carry_no_topic():
    # "Und wie wird das Wetter morgen?" shared "wird" with a German page and passed the out-of-scope gate
    assert terms("Wie wird das Wetter morgen?", "de") == ["wett", "morg"]
    assert terms("Vem har vunnit matchen?", "sv") == ["vunnit", "match"]
    assert terms("Who has won the game?", "en") == ["won", "game"]
    # "nächste" stems to "nach", the preposition on every German page: "Wie wird das Wetter nächste Woche?"
    assert terms("Wie wird das Wetter nächste Woche?", "de") == ["wett", "woch"]
    assert terms("Chi ha vinto la partita?", "it") == ["vint", "part"]


def test_borrowed_words_are_spelt_alike_across_languages():
    from assistant.terms import cognate

    assert cognate("arkitektur") == cognate("architectur") == cognate("architektur")
    assert cognate("teknologi") == cognate("technology")
    assert cognate("styrning") != cognate("govern")


def test_possessives_carry_no_topic():
    # "bei uns", "unsere CJA-Ideen" shared "uns" with every German page that writes "unsere Kunden"
    assert terms("Wer kümmert sich bei uns um die Berichte?", "de") == ["kummert", "bericht"]
    assert terms("Hur ser vårt team ut?", "sv") == ["team"]
    assert terms("Chi guida il nostro team?", "it") == ["guid", "team"]
    assert terms("Qui dirige notre équipe ?", "fr") == ["dirig", "équip"]


def test_a_rare_word_of_the_language_is_attested_and_a_slip_is_not():
    assert attested("convinco", "it") and attested("Sträuben", "de")
    assert not attested("waht", "en") and not attested("convinco", "ja")  # no large list: nothing attested
    assert not attested("convinco", "xx")
