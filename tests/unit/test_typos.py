import pytest

from assistant.typos import Speller

PAGES = {
    "en": {"roles", "governance", "committee", "steering", "team", "the", "meet"},
    "sv": {"roller", "arkitekturen", "team", "styrgruppen"},
    "es": {"metas", "roles"},
    "de": {"rollen", "governance", "team", "analytics"},
}


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(set().union(*PAGES.values()), PAGES)


def mend(speller: Speller, message: str, language: str) -> str:
    return speller.corrected(message, language, lambda word: word in set().union(*PAGES.values()))


@pytest.mark.parametrize(
    ("message", "language", "mended"),
    [
        ("waht are the roels in cja", "en", "what are the roles in cja"),  # a question word, a page word
        ("Waht is the governence of the steering comittee?", "en", "What is the governance of the steering committee?"),
        ("vilka roller behövs i ett cja-taem", "sv", "vilka roller behövs i ett cja-team"),
        ("how offten should the team meet", "en", "how often should the team meet"),  # an everyday word
        # a German noun has a capital: alone among lower-case words it is an ordinary word
        ("Wer verantwortet die Goverance im Team?", "de", "Wer verantwortet die Governance im Team?"),
    ],
)
def test_slips_are_mended(speller, message, language, mended):
    assert mend(speller, message, language) == mended


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("How do I integrate Braze with AJO?", "en"),  # a capital marks a name: the gate must see it as written
        ("Wie baue ich in Gogle Analytics eine Zielgruppe?", "de"),  # beside another capital: a name
        ("Vilken data matas in i arkitekturen?", "sv"),  # a Swedish word, though no page writes it ("metas")
        ("quali sono i ruoli del tema ajo", "it"),  # "tema" is an Italian word, not a slip of "team"
        ("Vem leder styrgruppen?", "sv"),  # a page word
        ("roles roles", "en"),
        ("Hur ser styrgruppenx ut?", "sv"),  # a last letter apart from a page word: an ending, not a slip
        ("Come dimostro che il team funziona?", "it"),  # "dimostra" (everyday Italian) is another ending
        ("Come convinco il mio capo a investire in AJO?", "it"),  # a rare form of the language's ("convinto")
    ],
)
def test_words_that_are_no_slips_stay(speller, message, language):
    assert mend(speller, message, language) == message


def test_a_slip_is_mended_into_the_askers_language_or_english_only(speller):
    # "metos" is one edit from the Spanish pages' "metas": a Swedish question is not given it (nor "metod",
    # everyday Swedish, but another ending)
    assert speller.nearest("metos", "sv") is None
    assert speller.nearest("metos", "es") == "metas"
