"""Languages: the supported codes, their names, and detection of the language a text is written in.

Shared by ingestion (a page's language) and the assistant (the asker's), so it lives in the lower layer."""

from __future__ import annotations

import re
from functools import lru_cache

# Full localisation for the four main languages, fixed phrases for the rest of the series' languages.
SUPPORTED = ("sv", "de", "it", "en", "fr", "es", "pt", "nl", "ja", "ko", "zh")
FALLBACK = "en"
# Languages no page is in and no answer can be: known to the detector so that a Polish or Finnish question is
# not taken for the nearest supported language ("Jak zbudować zespół AJO?" was answered in Swedish). Danish
# and Norwegian are told apart too, and taken for Swedish, which their askers read ("Hvilke roller trenger et
# CJA-team?" was taken for French); lingua leans to them on a few short Swedish questions as well.
OTHER_LANGUAGES = ("pl", "fi", "cs", "sk", "hu", "ro", "ru", "uk", "tr", "el", "da", "nb", "nn")
READ_AS = {"da": "sv", "nb": "sv", "nn": "sv"}
SURE_FOREIGN = 0.8
ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9-]*")
# English terms these pages use untranslated in every language, and the products' acronyms in any case
# ("governance ajo" is not Spanish for garlic): they say nothing about the asker's language.
LOANWORDS = re.compile(
    r"\b(adobe|ajo|cja|csc|aep|vra|journey optimi[sz]er|customer journey analytics|content supply chain|experience platform|"
    r"center of excellence|centre of excellence|governance|workflows?|reporting|roadmaps?|frameworks?|"
    r"best practices?|check-ins?|stakeholders?|use cases?|sponsorship|change management|northstar)\b",
    re.IGNORECASE,
)

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    # name of language X, written in language Y: LANGUAGE_NAMES[Y][X]
    "sv": {"sv": "svenska", "de": "tyska", "it": "italienska", "en": "engelska", "fr": "franska",
           "es": "spanska", "pt": "portugisiska", "nl": "nederländska", "ja": "japanska",
           "ko": "koreanska", "zh": "kinesiska"},
    "de": {"sv": "Schwedisch", "de": "Deutsch", "it": "Italienisch", "en": "Englisch",
           "fr": "Französisch", "es": "Spanisch", "pt": "Portugiesisch", "nl": "Niederländisch",
           "ja": "Japanisch", "ko": "Koreanisch", "zh": "Chinesisch"},
    "it": {"sv": "svedese", "de": "tedesco", "it": "italiano", "en": "inglese", "fr": "francese",
           "es": "spagnolo", "pt": "portoghese", "nl": "olandese", "ja": "giapponese",
           "ko": "coreano", "zh": "cinese"},
    "en": {"sv": "Swedish", "de": "German", "it": "Italian", "en": "English", "fr": "French",
           "es": "Spanish", "pt": "Portuguese", "nl": "Dutch", "ja": "Japanese", "ko": "Korean",
           "zh": "Chinese"},
    "fr": {"sv": "suédois", "de": "allemand", "it": "italien", "en": "anglais", "fr": "français",
           "es": "espagnol", "pt": "portugais", "nl": "néerlandais", "ja": "japonais",
           "ko": "coréen", "zh": "chinois"},
    "es": {"sv": "sueco", "de": "alemán", "it": "italiano", "en": "inglés", "fr": "francés",
           "es": "español", "pt": "portugués", "nl": "neerlandés", "ja": "japonés", "ko": "coreano",
           "zh": "chino"},
    "pt": {"sv": "sueco", "de": "alemão", "it": "italiano", "en": "inglês", "fr": "francês",
           "es": "espanhol", "pt": "português", "nl": "holandês", "ja": "japonês", "ko": "coreano",
           "zh": "chinês"},
    "nl": {"sv": "Zweeds", "de": "Duits", "it": "Italiaans", "en": "Engels", "fr": "Frans",
           "es": "Spaans", "pt": "Portugees", "nl": "Nederlands", "ja": "Japans", "ko": "Koreaans",
           "zh": "Chinees"},
    "ja": {"sv": "スウェーデン語", "de": "ドイツ語", "it": "イタリア語", "en": "英語", "fr": "フランス語",
           "es": "スペイン語", "pt": "ポルトガル語", "nl": "オランダ語", "ja": "日本語", "ko": "韓国語",
           "zh": "中国語"},
    "ko": {"sv": "스웨덴어", "de": "독일어", "it": "이탈리아어", "en": "영어", "fr": "프랑스어",
           "es": "스페인어", "pt": "포르투갈어", "nl": "네덜란드어", "ja": "일본어", "ko": "한국어",
           "zh": "중국어"},
    "zh": {"sv": "瑞典语", "de": "德语", "it": "意大利语", "en": "英语", "fr": "法语", "es": "西班牙语",
           "pt": "葡萄牙语", "nl": "荷兰语", "ja": "日语", "ko": "韩语", "zh": "中文"},
}  # fmt: skip


def base_language(tag: str) -> str:
    return re.split(r"[-_]", tag.strip())[0].lower()


def language_variant(tag: str) -> str:
    """`sv-SE` -> `sv`, but Chinese keeps its script (`zh-hant`): those are different documents."""
    parts = re.split(r"[-_]", tag.strip().lower())
    script = next((p for p in parts[1:] if p in ("hans", "hant")), None)
    return f"{parts[0]}-{script}" if script else parts[0]


def known_language(language: str) -> str:
    """The language whose names and phrases we use: the given one, or English when we have none."""
    code = base_language(language)
    return code if code in SUPPORTED else FALLBACK


def language_name(language: str, in_language: str) -> str:
    names = LANGUAGE_NAMES[known_language(in_language)]
    return names.get(base_language(language), language)


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


@lru_cache(maxsize=1)
def _foreign_detector():
    """Trigrams over the supported and OTHER_LANGUAGES: enough to tell Polish from Swedish, at 0.1 s and a few
    MB (the full models of thirteen more languages took 2 s and 385 MB)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in (*SUPPORTED, *OTHER_LANGUAGES)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


# Grammar words: a message borrows nouns from English ("team size", "stage"), not its articles,
# prepositions (Italian's "nello", "della", German's "zum"…), question words, request verbs and the asker's
# pronouns ("Tell me about RACI": "me" is French and Spanish too), so these decide its language when lingua
# is unsure.
GRAMMAR_WORDS: dict[str, frozenset[str]] = {
    "sv": frozenset("vad vilka vilken vilket hur vem varför när var är och att det den de ett en i på av för med om som till varje har kan ska"
                    " berätta förklara beskriv visa sammanfatta jag mig oss vår våra vårt".split()),
    "de": frozenset("was welche welcher welches wie wer warum wann wo ist sind und der die das ein eine im in auf von für mit über zu jeder jede hat kann soll "
                    "dem zum zur beim vom es dieser diese dieses diesem diesen worum gibt geht nicht auch oder"
                    " erzähl erzähle erkläre erklär zeig zeige gib beschreibe ich mir mich wir uns unser unsere".split()),
    "it": frozenset("cosa quale quali qual come chi perché quando dove è sono e il lo la i gli le un una di del della dei nel nella per con su ogni ha può deve "
                    "dello degli delle nello nei negli nelle allo alla agli dal dallo dalla dai sullo sulla sui"
                    " dimmi spiegami parlami descrivi mostrami riassumi io noi nostro nostra nostri nostre".split()),
    "en": frozenset("what which how who why when where is are and the a an of in on for with about to each every has can should does do"
                    " per"  # "ajo pricing per profile": Italian's "per" too, so a vote for neither
                    " tell explain show give summarize summarise you your our my".split()),
    "fr": frozenset("que quel quelle quels quelles comment qui pourquoi quand où est sont et le la les un une de du des dans pour avec sur chaque a peut doit "
                    "au aux"
                    " explique expliquez décris décrivez montre montrez résume résumez donne donnez je moi nous notre vous votre".split()),
    "es": frozenset("qué cuál cuáles cómo quién por qué cuándo dónde es son y el la los las un una de del en para con sobre cada tiene puede debe"
                    " dime explícame cuéntame háblame muéstrame resume yo nosotros nuestro nuestra nuestros".split()),
    "pt": frozenset("que qual quais como quem por quando onde é são e o a os as um uma de do da dos em no na para com sobre cada tem pode deve "
                    "nos nas pelo pela ao"
                    " fale diga mostre descreva resuma eu nós nosso nossa nossos".split()),
    "nl": frozenset("wat welke hoe wie waarom wanneer waar is zijn en de het een van in op voor met over elke heeft kan moet"
                    " vertel leg geef beschrijf toon ik mij wij ons onze jullie".split()),
}  # fmt: skip


def grammar_language(text: str, lead: int = 2) -> str | None:
    """The language whose grammar words the text uses most, when it leads every other by `lead` words.

    A word several languages share ("in", "e", "en") is no vote for any of them."""
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(_grammar_languages().get(w, ())) == 1]
    counts = sorted(((sum(w in vocabulary for w in words), code) for code, vocabulary in GRAMMAR_WORDS.items()),
                    reverse=True)  # fmt: skip
    (best, code), (second, _) = counts[0], counts[1]
    return code if best - second >= lead else None


def has_grammar_words(text: str) -> bool:
    """Whether the text has any language's grammar words ("Welche Sessions gibt es?"), or only keywords
    ("raci matrix")."""
    return any(w in _grammar_languages() for w in re.findall(r"[^\W\d_]+", text.lower()))


@lru_cache(maxsize=1)
def _grammar_languages() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, vocabulary in GRAMMAR_WORDS.items():
        for word in vocabulary:
            found.setdefault(word, set()).add(code)
    return found


@lru_cache(maxsize=1)
def _page_detector():
    """Trigrams only: ready in milliseconds (the full detector takes a second to load) and sure enough on
    a page's worth of prose, which is all ingestion asks of it."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def page_language(text: str) -> tuple[str | None, float, int]:
    """Language of a page's prose, lingua's confidence, and how many telling words it had."""
    words = telling_words(text)
    values = _page_detector().compute_language_confidence_values(words) if words.strip() else []
    if not values:
        return None, 0.0, 0
    return values[0].language.iso_code_639_1.name.lower(), float(values[0].value), len(words.split())


def telling_words(text: str) -> str:
    """The words that say something about the language: no loanwords, acronyms or numbers."""
    text = LOANWORDS.sub(" ", text)
    return " ".join(w for w in re.findall(r"\w[\w'-]*", text) if not ACRONYM.fullmatch(w))


def detect_language_with_confidence(text: str) -> tuple[str | None, float]:
    """Best language among SUPPORTED and lingua's confidence in it (None when there is nothing to go on); a
    language of OTHER_LANGUAGES when the words are surely in it."""
    words = telling_words(text)
    if not words.strip():
        return None, 0.0
    if foreign := foreign_language(words):
        return foreign
    values = _detector().compute_language_confidence_values(words)
    if not values:
        return None, 0.0
    return values[0].language.iso_code_639_1.name.lower(), float(values[0].value)


@lru_cache(maxsize=4096)
def foreign_language(words: str) -> tuple[str, float] | None:
    """A language of OTHER_LANGUAGES the words are surely in, Danish and Norwegian as Swedish (their
    confidences added: 0.43 + 0.31 + 0.13 is sure); None for the supported languages' own. Cached: the
    language of the message is asked again by the note for an unanswerable language."""
    values = _foreign_detector().compute_language_confidence_values(words)
    if not values or values[0].language.iso_code_639_1.name.lower() in SUPPORTED:
        return None
    read_as: dict[str, float] = {}
    for value in values:
        code = value.language.iso_code_639_1.name.lower()
        code = READ_AS.get(code, code)
        read_as[code] = read_as.get(code, 0.0) + float(value.value)
    code, confidence = max(read_as.items(), key=lambda kv: kv[1])
    return (code, confidence) if confidence >= SURE_FOREIGN else None


def detect_language(text: str, default: str = FALLBACK) -> str:
    """Language of `text` among SUPPORTED; `default` when there is too little to tell."""
    # Acronyms (AJO, CJA, RACI) and loanwords say nothing about the language and mislead on short text.
    words = telling_words(text)
    if not words.strip():
        return default
    detected = _detector().detect_language_of(words)
    if detected is None:
        return default
    return detected.iso_code_639_1.name.lower()
