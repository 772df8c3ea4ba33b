import pytest

from assistant.phrases import PHRASES, phrase
from ingest.language import SUPPORTED, detect_language, language_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vilka är de tre stegen i teamutvecklingen?", "sv"),
        ("Was sind die vier Säulen eines AJO-Betriebsmodells?", "de"),
        ("Quali ruoli chiave servono per CJA?", "it"),
        ("What is the recommended governance cadence?", "en"),
        ("Quels sont les rôles clés ?", "fr"),
        ("¿Cuáles son los pilares del modelo operativo?", "es"),
        ("AJOの運用モデルとは何ですか？", "ja"),
        ("운영 모델의 핵심 역할은 무엇입니까?", "ko"),
        ("运营模式的关键角色是什么？", "zh"),
    ],
)
def test_detects_the_question_language(text, expected):
    assert detect_language(text) == expected


def test_acronyms_alone_fall_back_to_the_default():
    assert detect_language("RACI?", default="sv") == "sv"
    assert detect_language("AJO CJA", default="de") == "de"
    # typed in lower case they are still acronyms: "ajo" is no Spanish garlic
    assert detect_language("governance ajo", default="en") == "en"
    assert detect_language("cja roadmap", default="it") == "it"


def test_every_phrase_exists_in_every_supported_language():
    for key, table in PHRASES.items():
        assert set(table) == set(SUPPORTED), key


def test_unknown_languages_get_english_phrases():
    assert phrase("no_coverage", "fi") == PHRASES["no_coverage"]["en"]
    assert language_name("sv", "it") == "svedese"
    assert language_name("sv", "fi") == "Swedish"


def test_grammar_words_decide_a_message_that_borrows_english_nouns():
    from ingest.language import grammar_language

    assert grammar_language("Qual è la team size di ogni stage?") == "it"
    assert grammar_language("Wie groß ist die team size in jeder stage?") == "de"
    assert grammar_language("Hur stor är team size i varje stage?") == "sv"
    assert grammar_language("What is the team size in each stage?") == "en"
    assert grammar_language("team size stage") is None  # no grammar words: nothing to decide
    assert grammar_language("la stage") is None  # one word, shared by several languages
    # "per" is English as well as Italian ("ajo pricing per profile" was refused in Italian)
    assert grammar_language("ajo pricing per profile", lead=1) is None
    # Articulated prepositions count: "nello", "zum", "au" are each one language's.
    assert grammar_language("Qual è la team size nello stage Embedded?") == "it"
    assert grammar_language("Wie groß ist das Team zum Start?") == "de"
    # "es" is German's as well as Spanish's: it was a Spanish vote, and the question was answered in Spanish
    assert grammar_language("Worum geht es in dieser Serie?", lead=1) == "de"
    assert grammar_language("Quelle est la taille de l'équipe au stage Scale?") == "fr"
    assert grammar_language("Welche Rollen brauchen alle Teams?") != "it"  # German "alle" is no Italian vote
    # A request in the imperative, and the asker's own pronouns: "me" alone is French, Spanish… too
    assert grammar_language("Tell me about RACI") == "en"
    assert grammar_language("Erzähl mir etwas über RACI") == "de"
    assert grammar_language("Berätta om RACI för mig") == "sv"
    assert grammar_language("Dimmi qualcosa su RACI") == "it"
    assert grammar_language("Spiegami il RACI") == "it"
    assert grammar_language("Explique-moi le RACI") == "fr"
    assert grammar_language("Vertel me over RACI voor ons team") == "nl"


def test_languages_no_page_is_in_are_told_from_the_supported_ones():
    from ingest.language import foreign_language

    assert foreign_language("Jak zbudować zespół")[0] == "pl"  # type: ignore[index]
    assert foreign_language("Mikä on")[0] == "fi"  # type: ignore[index]
    assert foreign_language("Hvilke roller trenger et team")[0] == "sv"  # type: ignore[index]  # read as Swedish
    assert foreign_language("Vilka roller behövs i teamet") is None  # a supported language's own
    assert foreign_language("Wie groß ist das Team") is None
    assert foreign_language("Come si crea un segmento in Analytics") is None
