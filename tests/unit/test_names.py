import pytest

from assistant.names import looks_like_a_name


def words(message: str) -> list[str]:
    return message.replace("?", "").split()


@pytest.mark.parametrize(
    ("message", "word", "language", "name"),
    [
        ("How do I integrate Braze with AJO?", "Braze", "en", True),  # rare, with a capital: a name
        ("How do I integrate Braze with AJO?", "AJO", "en", True),  # all capitals
        ("Does HubSpot work here?", "HubSpot", "en", True),  # a capital inside
        ("Braze is what we use", "Braze", "en", False),  # the first word has a capital anyway
        ("Who runs Sales in the team?", "Sales", "en", False),  # an ordinary word with a capital
        ("Wie baue ich in Google Analytics eine Zielgruppe?", "Google", "de", True),  # beside another capital
        ("Wer hilft im Haus Rückendeckung zu bekommen?", "Rückendeckung", "de-DE", False),  # German nouns
        ("Wer macht die Qualitätssicherung?", "Qualitätssicherung", "de", False),
        ("how do i connect ajo to salesforce", "salesforce", "en", False),  # lower case names nothing
    ],
)
def test_a_word_written_as_a_name(message, word, language, name):
    written = words(message)
    assert looks_like_a_name(word, written, written.index(word), language) is name
