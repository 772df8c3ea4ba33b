from assistant.abbreviations import spell_out


def test_abbreviations_become_the_pages_words():
    assert spell_out("Why set up a CoE for AJO?") == "Why set up a Center of Excellence for AJO?"
    assert spell_out("Who sits on the AJO SteerCo?") == "Who sits on the AJO steering committee?"
    assert spell_out("Welche SMEs braucht CJA?") == "Welche subject matter experts braucht CJA?"
    assert "awareness, desire, knowledge, ability, reinforcement" in spell_out("Vad är ADKAR?")
    assert spell_out("Is there a recording of the CSC session?") == (
        "Is there a recording of the Content Supply Chain session?"
    )  # the model reads nothing in "CSC", and no page uses it: it was a name no page uses, so refused


def test_words_that_only_contain_an_abbreviation_stay():
    assert spell_out("Il team smette di lavorare") == "Il team smette di lavorare"
    assert spell_out("Should we start with a PoC?") == "Should we start with a PoC?"  # not on the pages
