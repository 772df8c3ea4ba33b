"""Lexical terms: stemmed words for Latin-script languages, character bigrams for CJK.

Used to match question words against labels and sentences in the extractive answerer (and by BM25).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import Stemmer

from ingest.language import base_language
from ingest.spelling import close_spellings

STEMMERS = {
    "sv": "swedish",
    "de": "german",
    "it": "italian",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "nl": "dutch",
}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
CJK_OR_NOT = re.compile(rf"{CJK.pattern}+|(?:(?!{CJK.pattern}).)+")

# Question words and fillers that carry no topic; kept short on purpose (stems are compared).
STOPWORDS = frozenset(
    """
    a an and are as at be by can do does for from how i in is it its me of on or our should the this
    to was we what when where which who whom why will with you your about tell there their they them
    och att det som en ett är de den på för med av om vad vilka vilken vilket hur varför vem vi ni
    jag till kan ska har finns var när eller också från mig oss dem dessa ser ut se gör göra bör ofta sig
    und der die das ein eine einer eines ist sind was wie wer wo warum welche welcher welches für mit
    von zu im in den dem des auf es ich wir sie ihr man gibt bei oder auch soll sollte kann sieht aus sich
    il lo la i gli le un una uno di da del della dei delle che chi cosa come quali quale quando dove
    perché per con su sono è e o mi ci si nel nella al alla ai
    le la les un une des du de et est sont que qui quoi quel quelle quels quelles comment pour avec se
    el los las una unos unas del que qué cuál cuáles cómo para con por son es y
    o os as um uma dos das do da que qual quais como para com são é
    het een en is zijn wat wie welke hoe voor met van op zich
    would could has have had must been being wird werden wurde wurden würde würden hat haben habe hatte hatten
    muss müssen sollen blir bli blev har hade måste skulle viene vengono ha hanno deve devono sarà
    my mine us uns mir mich euch nous unser unsere unseren unserem unserer unseres mein meine meinen meinem meiner
    euer eure ihre ihren ihrem vår vårt våra min mitt mina er ert era nostro nostra nostri nostre mio mia miei mie
    vostro vostra notre nos mon ma mes votre vos nuestro nuestra nuestros nuestras mi mis su sus nosso nossa nossos
    nossas meu minha meus minhas ons onze mijn jullie
    nächste nächsten nächster nächstes nächstem
    """.split()
)  # the auxiliaries, then the possessives: "Wer kümmert sich bei uns um die Berichte?" and "damit unsere
# CJA-Ideen …" shared "uns" with pages that write "unsere Kunden" (series tuning: hit@1 0.832 -> 0.841, recall
# 0.796 -> 0.805); and German "nächste", whose stem is the preposition "nach" ("Wie wird das Wetter nächste
# Woche?" shared it with every German page)


@lru_cache(maxsize=16)
def _stemmer(language: str):
    name = STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


def terms(text: str, language: str, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed words (Latin scripts) and character bigrams (CJK runs)."""
    out: list[str] = []
    stemmer = _stemmer(language)
    for word in WORD.findall(text.lower()):
        if CJK.search(word):
            out.extend(cjk_terms(word, stemmer))
            continue
        if not keep_stopwords and (word in STOPWORDS or len(word) < 2):
            continue
        out.append(stemmer.stemWord(word) if stemmer else word)
    return out


def cjk_terms(word: str, stemmer: Stemmer.Stemmer | None) -> list[str]:
    """A run of CJK characters' bigrams, and the Latin words written against it without a space ("CJAの
    運用", "AJO팀"): they were dropped, and a Japanese question named no product BM25 or the gate could see."""
    out: list[str] = []
    for part in CJK_OR_NOT.findall(word):
        if not CJK.match(part):
            out.extend([stemmer.stemWord(part) if stemmer else part] if len(part) >= 2 else [])
            continue
        out.extend(a + b for a, b in itertools.pairwise(part))
        out.extend(part if len(part) == 1 else [])
    return out


@lru_cache(maxsize=200_000)  # the same pairs of a question's and a page's terms come up unit after unit
def similar(q: str, t: str) -> bool:
    """Same term (in the plural too), one inside a compound (Teamutveckling), or a typo away (teamutveklingen)."""
    if q == t or q + "s" == t or q == t + "s":  # "KBO" and the pages' "KBOs": stemmers leave an acronym's plural
        return True
    if len(q) < 5 or len(t) < 5:
        return False
    if q in t or t in q:
        return True
    if len(q) < 7 or abs(len(q) - len(t)) > 2:
        return False
    return close_spellings(q, t)


def overlap(question_terms: set[str], text_terms: list[str]) -> set[str]:
    """Question terms found in the text."""
    return {q for q in question_terms if any(similar(q, t) for t in text_terms)}


# Spellings that differ between the languages' forms of one borrowed word: "arkitektur", "Architektur",
# "architecture"; "kvalitet", "qualità"; "teknologi", "technology".
COGNATE_SPELLINGS = (("ch", "k"), ("ph", "f"), ("th", "t"), ("qu", "kv"), ("c", "k"), ("y", "i"))


def cognate(term: str) -> str:
    """The term spelt the same way across languages: a Swedish question's "arkitekturen" names the English
    title's "Architecture" (the Swedish CSC architecture question got the operating model's Swedish page)."""
    for written, spoken in COGNATE_SPELLINGS:
        term = term.replace(written, spoken)
    return term


WRITTEN_ZIPF = 3.0  # wordfreq's small lists hold words written at least once per million: their floor
LATIN_LANGUAGES = ("sv", "de", "it", "en", "fr", "es", "pt", "nl")  # the supported ones wordfreq splits by spaces


@lru_cache(maxsize=16384)
def zipf(word: str, language: str) -> float:
    """How often the word is written in the language (log10 per billion words), by wordfreq's small lists
    (18 MB for all eight languages; the large ones take 285 MB); 0 for a language it has no list for."""
    from wordfreq import zipf_frequency  # imported when a message has a word to judge

    try:
        return zipf_frequency(word.lower(), base_language(language), wordlist="small")
    except (LookupError, ImportError):  # no list for the language, or its tokenizer (MeCab for Japanese) missing
        return 0.0


ATTESTED_ZIPF = 2.5  # in a large list: "convinco" 2.95, "sträuben" 2.76, "onboarding" 2.28; the slip "waht" 1.99


@lru_cache(maxsize=16)  # a language's list, for the few languages messages come in
def attested_words(language: str) -> frozenset[str]:
    """The language's words down to ATTESTED_ZIPF in wordfreq's large list (its bins are centibels below a
    frequency of 1, so bin i holds words of Zipf 9 - i / 100): 67k words, 5 MB, 0.1 s for Italian. Only the
    words, not wordfreq's own dictionary of the whole list (40-80 MB a language). Empty without a large list."""
    import wordfreq

    path = wordfreq.available_languages("large").get(language)
    if path is None:
        return frozenset()
    bins = wordfreq.read_cBpack(str(path))
    return frozenset(word for bin in bins[: round((9 - ATTESTED_ZIPF) * 100) + 1] for word in bin)


def attested(word: str, language: str) -> bool:
    """A word written in the language, if rarely: an inflection the small lists lack ("convinco", the first
    person of "convincere"), a compound ("ledningsgruppen"), a borrowed term ("onboarding")."""
    return word.lower() in attested_words(base_language(language))


def written_anywhere(word: str) -> bool:
    """A word of any supported Latin-script language's everyday vocabulary: not a name or a typing slip
    ("Prosci", "waht")."""
    return any(zipf(word, code) >= WRITTEN_ZIPF for code in LATIN_LANGUAGES)


COMMON_ZIPF = 3.5  # a word used this often (log10 per billion words) is ordinary: "procurement" 3.7, "Marketo" 1.7


def common_word(word: str, language: str) -> bool:
    """An ordinary word of the message's language, or of English (borrowed nouns: "Sales" in German), by
    wordfreq's frequency lists. The pages' own vocabulary is too small to tell "Finance" from "Marketo"."""
    return any(zipf(word, code) >= COMMON_ZIPF for code in dict.fromkeys((base_language(language), "en")))
