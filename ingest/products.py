"""Scope words of the webinar series: products (by name or acronym) and session numbers."""

from __future__ import annotations

import re

from ingest.spelling import close_spellings

# A name's edges are letters of Latin scripts only, not \b: Japanese, Chinese and Korean write the next word
# without a space ("CJA的治理节奏", "AJO팀"), and \b saw no name there.
LATIN = "0-9A-Za-zÀ-ÖØ-öø-ɏ"


def named(pattern: str) -> re.Pattern[str]:
    """A product's name or acronym as a word of its own in any script's text."""
    return re.compile(rf"(?<![{LATIN}])(?:{pattern})(?![{LATIN}])", re.IGNORECASE)


PRODUCTS: dict[str, re.Pattern[str]] = {
    "Journey Optimizer": named(r"AJO|Journey[\s-]*Optimi[sz]er"),
    "Customer Journey Analytics": named(r"CJA|Customer[\s-]*Journey[\s-]*Analytics"),
    # Askers translate this one: "innehållskedjan", "Content-Lieferkette", "catena di fornitura dei contenuti"…
    "Content Supply Chain": named(
        r"CSC|(?:Content[\s-]*)?Supply[\s-]*Chain|innehålls(?:försörjnings)?kedja\w*|content-?kedja\w*"
        r"|(?:Content|Inhalts)-?Lieferkette|catena di (?:fornitura|approvvigionamento) dei contenuti"
        r"|supply chain dei contenuti|chaîne d'approvisionnement (?:de|du|des) contenus?|chaîne de contenus?"
        r"|cadena de (?:suministro|abastecimiento) de contenidos?|cadeia de (?:suprimentos|fornecimento) de conteúdos?"
        r"|contentketen|content-?toeleveringsketen"
    ),
}


# The vendor every page is about: a question sharing only its name with a page shares no topic with it
# ("Wie kündige ich meinen Adobe-Vertrag?", "Hur säger jag upp Adobes avtal?").
VENDOR = named(r"Adobe(?:['’]?s)?")

WORD = re.compile(r"[^\W\d_]+")


def misspelt(written: str, word: str) -> bool:
    """One word of a product's name with a letter or two wrong ("Jorney", "Optimzer"); short words never."""
    written, word = written.lower(), word.lower()
    if written == word or len(word) < 5 or abs(len(written) - len(word)) > 1:
        return False  # "analyst" is no misspelt "analytics"
    return close_spellings(written, word)


def corrected_products(text: str) -> str:
    """Product names with one misspelt word written as the pages write them ("Jorney Optimizer" → "Journey
    Optimizer"): misspelt, the name was a name no page uses, and the question was refused. The other words
    must be right, so an ordinary phrase ("customer journey analysis") stays as it is."""
    words = list(WORD.finditer(text))
    for name in PRODUCTS:
        parts = name.split()
        for start in range(len(words) - len(parts) + 1):
            window = words[start : start + len(parts)]
            wrong = [(w.group(), p) for w, p in zip(window, parts, strict=True) if w.group().lower() != p.lower()]
            if len(wrong) == 1 and misspelt(*wrong[0]):
                return corrected_products(text[: window[0].start()] + name + text[window[-1].end() :])
    return text


def mentioned_products(text: str) -> list[str]:
    return [name for name, pattern in PRODUCTS.items() if pattern.search(text)]


def starts_with_product(text: str) -> bool:
    """Whether the text begins with a product's name or acronym ("Journey Optimizer", "CJA")."""
    return any(pattern.match(text) for pattern in PRODUCTS.values())


def infer_product(text: str) -> str | None:
    found = mentioned_products(text)
    return found[0] if found else None


def product_name(value: str | None) -> str | None:
    """A filter's product by its name or acronym ("AJO" → "Journey Optimizer"); other names as given."""
    if not value or not value.strip():
        return None
    return infer_product(value) or value.strip()


def strip_products(text: str) -> str:
    for pattern in PRODUCTS.values():
        text = pattern.sub(" ", text)
    return text


def without_vendor(text: str) -> str:
    return VENDOR.sub(" ", text)


def without_products(text: str) -> str:
    """The text without product names, its spaces closed up."""
    return " ".join(strip_products(text).split())


def topic_words(text: str) -> str:
    """The text without product names (the text itself when they are all it says): what word matching
    compares. A question naming a product is searched among that product's pages, where its name only
    favours the pages that repeat it most."""
    rest = without_products(text)
    return rest if re.search(r"\w", rest) else text


# An answer names its session in its first line; the sources under it give the page's full title.
SERIES_PREFIX = re.compile(
    r"^(?:[^-–—:]*\bValue Realization\b[^-–—:]*|VRA\s+Session\s*\d+\s*)[-–—:]\s*(?:Session\s*\d+\s*[-–—:]?\s*)?",
    re.IGNORECASE,
)
ACRONYMS = {
    "AJO": re.compile(r"\bAdobe\s+Journey\s+Optimi[sz]er\b(?:\s*\(AJO\))?"),
    "CJA": re.compile(r"\bAdobe\s+Customer\s+Journey\s+Analytics\b(?:\s*\(CJA\))?"),
}


def short_title(title: str) -> str:
    """'Adobe Journey Optimizer Value Realization Series - Session 1 Roadmap to Value with Adobe Journey
    Optimizer' → 'Roadmap to Value with AJO': without the series' name, products by the acronyms the
    pages themselves use."""
    short = SERIES_PREFIX.sub("", title).strip() or title
    for acronym, name in ACRONYMS.items():
        short = name.sub(acronym, short)
    return short


LAST_SESSION = -1  # what mentioned_session returns for "the last session" (0 is "no number")
# Ordinal words with their inflections (regex alternatives): a session's number ("the third session") and a
# place in a list just shown ("Und die dritte?", assistant.evidence) are told by the same words.
ORDINALS = {
    1: "first|första|erste[nrs]?|prim[oa]|premi[eè]re?|primer[oa]?|primeir[oa]|eerste",
    2: "second|andra|zweite[nrs]?|second[oa]|deuxième|seconde|segund[oa]|tweede",
    3: "third|tredje|dritte[nrs]?|terz[oa]|troisième|tercer[oa]?|terceir[oa]|derde",
    4: "fourth|fjärde|vierte[nrs]?|quart[oa]|quatrième|cuart[oa]|vierde",
    5: "fifth|femte|fünfte[nrs]?|quint[oa]|cinquième|vijfde",
    # The series' final session, whatever its number (see session_groups).
    LAST_SESSION: "last|final|sista|letzte[nrs]?|ultim[oa]|derni[eè]re?|últim[oa]|laatste",
}
SESSION_WORD = r"(?:session|sessionen|sitzung|sessione|séance|sesión|sessão|sessie|webinar)"
SESSION_NUMBER = re.compile(rf"\b{SESSION_WORD}\s*(?:nr\.?\s*|no\.?\s*|#)?([1-9])\b", re.IGNORECASE)
# Up to three names may stand between: "the first CJA session", "der ersten Content-Supply-Chain-Session";
# capitalised only, so "the first step of the session" names no session.
BETWEEN = r"(?:(?-i:[A-Z])[^\W_]*[\s-]+){0,3}?"
SESSION_ORDINAL = re.compile(
    rf"\b({'|'.join(ORDINALS.values())})[\s-]+{BETWEEN}{SESSION_WORD}\b"
    rf"|\b([1-9])(?:st|nd|rd|th|\.)?\s+{BETWEEN}{SESSION_WORD}\b",
    re.IGNORECASE,
)


def mentioned_session(text: str) -> int | None:
    """'session 4', 'Sitzung 4', 'the third session', 'tredje sessionen' → the session's number;
    'the last session', 'la última sesión' → LAST_SESSION."""
    if match := SESSION_NUMBER.search(text):
        return int(match.group(1))
    if match := SESSION_ORDINAL.search(text):
        if match.group(2):
            return int(match.group(2))
        word = match.group(1)
        return next(n for n, words in ORDINALS.items() if re.fullmatch(words, word, re.IGNORECASE))
    return None


# "Sitzung 3 und Sitzung 4", "sessions 3 and 4", "la sessione 3 e la 4": numbers joined after a session word
SESSION_NUMBERS = re.compile(
    rf"\b{SESSION_WORD}\w*\s*([1-9])((?:\s*(?:,|&|and|und|och|e|et|y|en|vs\.?)\s+(?:(?:the|die|der|den|la|le|el|a)\s+)?"
    rf"(?:{SESSION_WORD}\w*\s*)?[1-9]\b)+)",
    re.IGNORECASE,
)


def mentioned_sessions(text: str) -> list[int]:
    """Every session number the text names: "Was ist der Unterschied zwischen Sitzung 3 und Sitzung 4?" → [3, 4]."""
    numbers = [int(n) for m in SESSION_NUMBERS.finditer(text) for n in re.findall(r"[1-9]", m.group())]
    return list(dict.fromkeys(numbers))


def session_number(front: dict, file_stem: str, title: str) -> int | None:
    """A page's number in its series: front matter `session`, a `-s4-` file name, or 'Session 4' in the title."""
    value = front.get("session")
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    if match := re.search(r"(?:^|[-_])s([1-9])(?:[-_.]|$)", file_stem, re.IGNORECASE):
        return int(match.group(1))
    number = mentioned_session(title)
    return number if number != LAST_SESSION else None  # "the last session" in a title gives no number
