"""From a question to evidence: language, follow-up resolution, retrieval, scoping, the out-of-scope gate
and one hit per section. Both answerers (extractive and LLM) take their passages from here."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache, partial

import numpy as np

from assistant.abbreviations import spell_out
from assistant.answer import CLOSE_MATCH_MARGIN, Listing, asked_about, close_second, question_terms, shown
from assistant.phrases import (
    REQUEST_VERBS,
    SERIES_WORDS,
    SESSION_WORDS,
    asked_definition,
    asked_in_language,
    asks_about_a_cadence,
    asks_about_the_series,
    asks_about_the_session_itself,
    asks_facts_of_the_sessions,
    asks_for_a_list,
    asks_how_many,
    asks_how_often,
    asks_only_of_the_session,
    asks_what_it_is,
    asks_where_to_start,
    asks_which_sessions,
    catalog_language,
    named_frequencies,
    names_a_frequency,
    names_only_products,
    small_talk,
    uncovered_topic,
    wants_the_summary,
    without_examples,
    without_small_talk,
)
from assistant.quotes import (
    LEXICAL_CAP,
    SESSION_UNITS,
    Intent,
    Quote,
    Section,
    brief_quote,
    choose_quote,
    item_after,
    label,
    placed_item,
    rank_sessions,
    session_scores,
    uses_acronym,
)
from assistant.retrieval import Hit, Retrieval, Retriever, UnitHit
from assistant.schemas import Filters, Turn
from assistant.settings import Settings
from assistant.terms import (
    LATIN_LANGUAGES,
    STOPWORDS,
    WRITTEN_ZIPF,
    cognate,
    common_word,
    overlap,
    terms,
    written_anywhere,
    zipf,
)
from ingest.language import (
    SUPPORTED,
    base_language,
    detect_language_with_confidence,
    foreign_language,
    grammar_language,
    has_grammar_words,
    telling_words,
)
from ingest.metadata import Filter
from ingest.products import (
    LAST_SESSION,
    ORDINALS,
    PRODUCTS,
    corrected_products,
    mentioned_products,
    mentioned_session,
    mentioned_sessions,
    short_title,
    strip_products,
    topic_words,
    without_products,
    without_vendor,
)
from ingest.units import blocks

ACRONYM_WEIGHT = 0.03  # for a session using an acronym the question names (tuning cases: 0.01 to 0.06 alike)
NAME_WEIGHT = 0.02  # for the one session using a name the question writes (tuning cases: 0.02 and 0.05 alike)
LABEL_WEIGHT = 0.03  # for a session with an item the question names in full (see label_bonus)
LONG_WORD = 8  # letters of a question's word that may name a topic only another product's pages use
TOPIC_WORDS = 3  # own words of a question short enough for such a word to be its topic
TITLE_WEIGHT = 0.03  # per message word a session's title shares, when the message names a session (title_bonus)
SURE_LANGUAGE = 0.8  # lingua's confidence above which the corpus vocabulary is not consulted
SHORT_MESSAGE_WORDS = 4  # only this short a message asks the corpus vocabulary for its language
EARLIER_TURNS = 4  # a follow-up's previous question is answered again with this many turns before it
# A match below MIN_SCORE is evidence when it shares this many question words (none out of scope among the
# tuning cases shares two with a page above this cosine)
PHRASE_FLOOR = 0.74
PHRASE_WORDS = 2
SESSION_CANDIDATES = 2  # sections considered per listed source when the units rank sessions

FOLLOW_UP_START = re.compile(r"^\s*(och|men|and|but|und|aber|e|ma|et|mais|y|pero|en|maar)\b", re.IGNORECASE)
LAST_WORDS, FIRST_WORDS = ORDINALS[LAST_SESSION], ORDINALS[1]
# Pronouns that point back. Not "die", "den", "det", "es": articles and "there is" too often ("Welche Phasen
# hat die Team-Entwicklung?" is a new question, not one about the session just answered).
POINTERS = (
    r"dem|dessa|them|they|those|these|it|ihnen|davon|dafür|loro|questi|quelli|esso|eux|ils|ceux|ellos|estos|eles|"
    r"deles|hen"
)
FOLLOW_UP_WORDS = re.compile(rf"\b({POINTERS}|that|diese|ze)\b|\b({LAST_WORDS}|{FIRST_WORDS})\b", re.IGNORECASE)
# "det", "den", "das" point back where no noun follows: before a preposition or at the end ("Hur används det
# i kampanjflödet?", "Wofür braucht man das?"); not "Finns det i AJO…?", which says "there is"
IT_BEFORE = r"i|på|för|med|till|av|om|vid|im|in|bei|für|mit|zu|zum|zur|vom|von|auf"
POINTING_IT = re.compile(
    rf"(?<!\bfinns )(?<!\bfanns )\b(?:det|den|das)\b(?=\s+(?:{IT_BEFORE})\b|\s*[?.!,]|\s*$)", re.IGNORECASE
)
# Words standing in for what was talked about: "How do I find one?", "Wie finde ich so jemanden?"
STAND_INS = re.compile(
    r"one|ones|someone|somebody|such|jemanden|jemand|solche[nrs]?|någon|sådan|sådana|qualcuno|tale|quelqu'un|"
    r"alguien|alguém|iemand|zo'n",
    re.IGNORECASE,
)
# Words asking more of what was said: "Erzähl mir mehr", "Kannst du das genauer erklären?", "Dimmi di più"
MORE = (
    r"more|mer|mehr|genauer|näher|ausführlicher|più|plus|más|mais|meer|details?|detaljer|dettagli|détails|detalles|"
    r"better|bättre|besser|meglio|mieux|mejor|melhor|beter|"
    r"tell|berätta|erzähl\w*|dimmi|parlami|raccontami|dis-moi|dime|cuéntame|háblame|fale|vertel|"
    r"kannst|können|could|puoi|può|peux|pouvez|puedes|puede|podes|pode|kun|kunt"
)
MORE_WORDS = re.compile(MORE, re.IGNORECASE)
# What a list's items are called, and words asking an item's name or more of it: "Und wie heißt die dritte
# Stufe?", "Kannst du die zweite genauer erklären?" point at an item as "Und die dritte?" does
ELEMENT_WORDS = re.compile(
    r"steps?|stages?|phases?|pillars?|roles?|items?|points?|called|named|stufen?|schritte?|phasen?|säulen?|rollen?|"
    r"punkte?|heißt|heisst|nennt|steg|steget|stegen|fas|fasen|faser|pelare|pelaren|roll|punkt|punkten|heter|"
    r"passo|passaggio|fase|fasi|pilastro|ruolo|punto|chiama|étape|pilier|rôle|appelle|paso|etapa|pilar|rol|llama|"
    rf"papel|chama|stap|pijler|punt|heet|{MORE}|"
    # an example of it asked for: "Ge ett exempel på det andra steget" (no page gives one: the item is the answer)
    r"examples?|exempel|exemplet|beispiel\w*|esemp(?:io|i)|exemples?|ejemplos?|exemplos?|voorbeeld(?:en)?|"
    r"give|gib|geben|dammi|fare|donne[rz]?|dame|geef",
    re.IGNORECASE,
)
# "Do we need that for CJA too?", "Vale lo stesso per CJA?": words asking again what was asked, not a topic
AGAIN_WORDS = re.compile(r"too|also|same|samma|också|gleiche[nrs]?|stess[oaie]|anche|même|mêmes|aussi|mism[oa]s?|"
                         r"también|mesm[oa]s?|também|zelfde|ook", re.IGNORECASE)  # fmt: skip
# What comes next, asked of what was just answered: "Und danach?", "And later?", "Och sedan?"
THEN_WORDS = re.compile(
    r"then|next|later|afterwards|danach|dann|später|nachher|sedan|sen|senare|efteråt|poi|dopo|dopodiché|ensuite|"
    r"après|puis|luego|después|depois|daarna|dan|straks",
    re.IGNORECASE,
)
# Asking what an answer meant: "Was meinst du damit?", "Ich verstehe das nicht", "Can you say it more simply?"
CLARIFY_WORDS = re.compile(
    r"mean|meant|meaning|understand|simpler|simply|meinst|meinen|gemeint|verstehe|verstehen|einfacher|menar|"
    r"menade|förstår|enklare|intendi|intende|capisco|semplice|semplici|comprends|simplement|entiendo|sencill[oa]|"
    r"entendo|simples|bedoel|bedoelt|begrijp|eenvoudiger|not|nicht|inte|non|pas|não|niet",  # "Ich verstehe das nicht"
    re.IGNORECASE,
)
# Those that only point back: a message using one is about what was asked before even when its own words
# are far from every page
REFERS_BACK = re.compile(
    rf"\b({POINTERS}|ihn|ihm|dazu|darüber|dabei|damit|darin|daran|darauf|essa|essi|elles|celui|celle|ellas|eso|isso|"
    r"elas)\b",
    re.IGNORECASE,
)  # "Und wer sollte da dabei sein?" after a question on governance: "dabei" is in it
# "What about CJA?", "Gibt es das auch für CJA?": the last question, asked of another product
THE_SAME_FOR = re.compile(
    r"\b(what about|how about|too|also|auch|dasselbe|gleiche|wie (?:ist|sieht) es|även|också|samma|vad gäller|"
    r"anche|stess[oa]|che mi dici|quanto a|aussi|même|qu'en est-il|también|mism[oa]|qué hay|também|mesm[oa]|"
    r"e quanto|ook|hetzelfde|hoe zit het)\b",
    re.IGNORECASE,
)
AFTER = re.compile(r"\b(?:efter|after|nach|dopo|après|despu[eé]s|depois)\b", re.IGNORECASE)
# "E la seconda?", "Und die dritte?": a place in the list just shown (the last is -1)
PLACES = {
    place: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    for place, words in {
        **{number - 1: ORDINALS[number] for number in range(1, 6)},
        # "E alla fine?", "Und am Ende?": where a list ends is its last item
        -1: rf"{LAST_WORDS}|at the end|in the end|am ende|zum schluss|alla fine|i slutet|à la fin|al final|"
        r"no final|aan het einde?",
    }.items()
}
A_PLACE = re.compile("|".join(p.pattern for p in PLACES.values()), re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """What an asker sent: the message, the conversation so far, an asked-for language, filters."""

    message: str
    history: list[Turn] = field(default_factory=list)
    language: str | None = None
    filters: Filters | None = None
    asked: str | None = None  # the message as the asker wrote it, when `message` is a rewording

    @property
    def previous(self) -> str | None:
        return next((t.content for t in reversed(self.history) if t.role == "user"), None)

    @property
    def product(self) -> str | None:
        """The product the conversation is about: the one the latest question naming any named alone."""
        asked = (t.content for t in reversed(self.history) if t.role == "user")
        named = next((products for text in asked if (products := mentioned_products(text))), [])
        return named[0] if len(named) == 1 else None

    def earlier(self) -> Question:
        """The previous question as it was asked: with the conversation before it (its last exchanges only,
        so that a long conversation does not make every follow-up cost a search per turn)."""
        last = max((n for n, t in enumerate(self.history) if t.role == "user"), default=0)
        before = self.history[:last][-EARLIER_TURNS:]
        return Question(self.history[last].content if self.history else "", before, self.language, self.filters)

    def restated(self) -> Question:
        """ "Kannst du das auf Deutsch sagen?", "In English, please": the previous question again, asked in that
        language (its pages' version, where the session has one); any other message as it is."""
        wanted = asked_in_language(self.message) if self.previous else None
        if not wanted:
            return self
        earlier = self.earlier()
        while earlier.previous and asked_in_language(earlier.message):  # "Auf Deutsch!", then "In English?"
            earlier = earlier.earlier()
        return replace(earlier, language=wanted)

    def spelled_out(self) -> Question:
        """The question with the abbreviations the pages spell out spelled out (assistant.abbreviations) and
        misspelt product names corrected (ingest.products.corrected_products)."""
        return self.rewritten(as_written)

    def rewritten(self, rewrite: Callable[[str], str]) -> Question:
        """The question with the message (and the asker's own words, if reworded) rewritten: typing slips
        mended (assistant.typos), abbreviations spelled out."""
        return replace(self, message=rewrite(self.message), asked=self.asked and rewrite(self.asked))

    def with_message(self, message: str) -> Question:
        """The same question reworded (a model's standalone version of a follow-up): still `asked` as sent."""
        return Question(message, self.history, self.language, self.filters, self.asked or self.message)


@dataclass(frozen=True)
class Absent:
    """A topic the previous answer's session names that no page of the product now asked about uses."""

    topic: str  # as the asker wrote it: "Center of Excellence"
    product: str
    session: str  # the short title of the session that names it


@dataclass
class Evidence:
    hits: list[Hit]  # what the answer may use, one per section, best first
    timings_ms: dict[str, float]
    query: str  # what was searched: the message, or a follow-up with the previous question's words
    question_language: str
    quote: Quote | None = None  # what to quote from the first hit, chosen by its units
    unknown_names: list[str] = field(default_factory=list)  # why there are no hits, when that is why
    # A fixed phrase that answers instead of the pages: what they never speak of (a key of phrases.NEVER_COVERED:
    # "no_prices"…), or what a message asking nothing of them calls for ("greeting", "thanks", "farewell",
    # "help": phrases.small_talk)
    reply: str | None = None
    sessions: dict[str, float] = field(default_factory=dict)  # how well each session answers (quotes.session_scores)
    others: dict[str, Quote] = field(default_factory=dict)  # sessions quoted after the first, by group (see others)
    catalog: Listing | None = None  # a list of the sessions was asked for
    # "Braucht man das auch bei CJA?", "Wer sollte im Lenkungsausschuss für CJA sitzen?": what the product's
    # pages never name (said instead of an answer, or before the nearest section)
    absent: Absent | None = None
    message: str = ""  # the message as searched for (abbreviations spelled out): what the answer reads


# "…och hur ofta…", "…and how big…", "…e chi…": a second question joined to a first by its interrogative
SECOND_QUESTION = re.compile(
    r"\s+(?:and|und|och|e|ed|et|y|en)\s+(?=(?:how|what|who|which|when|where|why|wie|was|wer|welche[nrsm]?|wann|wo|"
    r"warum|hur|vad|vem|vilk(?:a|en|et)|när|varför|come|cosa|chi|qual[ei]?|quando|dove|perché|quant[aeio]|comment|"
    r"que|qui|quel(?:le)?s?|quand|où|pourquoi|combien|c[oó]mo|qu[eé]|qui[eé]n(?:es)?|cu[aá]l(?:es)?|cu[aá]ndo|"
    r"d[oó]nde|cu[aá]nt[ao]s?|quem|quais|onde|hoe|wat|welke?|wanneer|waar|waarom|hoeveel)\b)",
    re.IGNORECASE,
)


def two_questions(message: str) -> tuple[str, str] | None:
    """The two questions of a message asking two joined by "and" + an interrogative, each with a topic word
    of its own or a pointer back ("…and how often should they meet?"); None for one question ("Warum und wie
    baut man ein CoE auf?": "Warum" asks nothing alone)."""
    parts = SECOND_QUESTION.split(message, maxsplit=1)
    if len(parts) != 2 or not own_words(strip_products(parts[0])):
        return None
    first, second = parts[0].strip(), parts[1].strip()
    if not (own_words(strip_products(second)) or is_follow_up(second) or REFERS_BACK.search(second)):
        return None
    return first, second[:1].upper() + second[1:]


def joined_lines(quotes: list[Quote], top: Hit) -> list[str]:
    """The lines each question's quote takes from the top hit's chunk, once each, in the chunk's order."""
    text = top.node.get_content()
    lines = list(dict.fromkeys(line for q in quotes for line in q.lines))
    # a line the chunk does not hold as written (a cut sentence) keeps its place after the others
    return sorted(lines, key=lambda line: (text.find(line) < 0, text.find(line), lines.index(line)))


def section_lines(chunks: list[Hit]) -> list[str]:
    """A section's lines whole, from its chunks: each item with all its lines, paragraphs apart."""
    lines: list[str] = []
    before = ""
    for block in blocks("\n\n".join(chunk.node.get_content() for chunk in chunks)):
        if lines and "paragraph" in (block.kind, before):
            lines.append("")  # a paragraph stands apart from what is next to it; a list's items do not
        lines += block.lines
        before = block.kind
    return lines


def everyday_language(words: str) -> str | None:
    """The one supported language (English aside) every word of which English does not use is an everyday
    word of (wordfreq): "dimensione team" Italian, "executive sponsor egenskaper" Swedish; not "jak zbudować
    zespół" ("jak" is written in Swedish too). None for none, or more than one."""
    foreign = [w for w in words.lower().split() if zipf(w, "en") < WRITTEN_ZIPF]
    found = [
        code for code in LATIN_LANGUAGES
        if code != "en" and foreign and all(zipf(w, code) >= WRITTEN_ZIPF for w in foreign)
    ]  # fmt: skip
    return found[0] if len(found) == 1 else None


def tied(votes: dict[str, int]) -> list[str]:
    """The languages with the most votes, when more than one has them (their pages' forms then decide)."""
    most = max(votes.values(), default=0)
    leading = [language for language, n in votes.items() if n == most]
    return leading if len(leading) > 1 else []


def leading_language(votes: dict[str, int]) -> str | None:
    """The supported language whose pages use more of the words than any other's (see Retriever.language_votes)."""
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][0] in SUPPORTED and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def is_follow_up(message: str) -> bool:
    """Leans on the conversation: starts with 'and …' or points back ('them', 'the last one')."""
    return bool(FOLLOW_UP_START.search(message) or FOLLOW_UP_WORDS.search(message) or POINTING_IT.search(message))


def own_words(message: str) -> list[str]:
    """Topic words of a message: no question words, conjunctions, pointers back, stand-ins ("How do I find
    one?"), places ("second"), words asking again ("too", "the same"), what was meant ("Was meinst du?") or
    what comes next ("Und danach?")."""
    words = re.findall(r"[^\W\d_]+", message.lower())
    return [
        w for w in words
        if len(w) > 2 and w not in STOPWORDS and not FOLLOW_UP_WORDS.fullmatch(w) and not FOLLOW_UP_START.match(w)
        and not A_PLACE.fullmatch(w) and not STAND_INS.fullmatch(w) and not AGAIN_WORDS.fullmatch(w)
        and not CLARIFY_WORDS.fullmatch(w) and not REFERS_BACK.fullmatch(w) and not THEN_WORDS.fullmatch(w)
    ]  # fmt: skip


def asks_for_a_place(message: str) -> int | None:
    """ "And the last one?" -1, "Och den första?" 0, "E la seconda?" 1…; None when it names no place or
    more than one."""
    named = [place for place, pattern in PLACES.items() if pattern.search(message)]
    return named[0] if len(named) == 1 else None


def asks_the_same(message: str) -> bool:
    """Leans on the conversation, or asks what was asked before of what it names ("What about CJA?")."""
    return is_follow_up(message) or bool(THE_SAME_FOR.search(message))


def as_written(text: str) -> str:
    """The text as the pages write it: abbreviations spelled out, misspelt product names corrected."""
    return spell_out(corrected_products(text))


def asks_the_same_of_a_product(message: str) -> bool:
    """ "Und bei AJO?": the previous question, of the product it names."""
    return bool(mentioned_products(message)) and says_little(message) and asks_the_same(message)


def of_product(message: str, product: str, asked: str) -> str:
    """The message asked of another product, named as the asker wrote it: "Wie oft trifft sich das AJO-Team?"
    of "Und die letzte bei CJA?" is "Wie oft trifft sich das CJA-Team?" (the full name drew AJO 1's
    "Journey" pages); one naming no product gets the name at its end."""
    written = match.group() if (match := PRODUCTS[product].search(asked)) else product
    swapped = message
    for pattern in PRODUCTS.values():
        swapped = pattern.sub(written, swapped)
    return swapped if swapped != message else f"{message} {written}"


def asks_for_more(message: str) -> bool:
    """Whether the message asks nothing but more of what was said ("Tell me more", "Kannst du das genauer
    erklären?", "Berätta mer"): words for more, telling or explaining, and nothing of its own (a product
    named is a topic: "Erzähl mir mehr über AJO")."""
    return says_only(own_words(message), MORE_WORDS)


def names_an_element(message: str) -> bool:
    """Whether the message's own words only name a list's item or ask more of it ("Und wie heißt die dritte
    Stufe?", "Berätta mer om den andra")."""
    return says_only(own_words(strip_products(message)), ELEMENT_WORDS)


def says_only(words: list[str], allowed: re.Pattern[str]) -> bool:
    """Whether there are words, and each is one the pattern allows or a request verb ("explain", "erklären")."""
    return bool(words) and all(allowed.fullmatch(w) or w in REQUEST_VERBS for w in words)


def says_little(message: str) -> bool:
    """Too few topic words of its own to search with ("and the last stage?", "Und bei AJO?"); a session word
    is none ("In quale sessione se ne parla?" asks where what was just answered comes from)."""
    return len(own_words(SESSION_WORDS.sub(" ", strip_products(message)))) < 2


def named_span(text: str, stems: set[str], language: str) -> str:
    """The words of the text that carry these stems, as written: "Center of Excellence" of "Was ist ein Center
    of Excellence bei AJO?"; the words alone, joined, when they stand far apart."""
    words = [m for m in re.finditer(r"\w[\w'-]*", text) if set(terms(m.group(), language)) & stems]
    if not words:
        return ""
    span = text[words[0].start() : words[-1].end()]
    return span if len(span.split()) <= len(words) + 2 else " ".join(m.group() for m in words)


def add_timings(into: dict[str, float], spent: dict[str, float]) -> None:
    """Another search's time, counted in this one's stages (a follow-up answers the previous question too)."""
    for stage, ms in spent.items():
        into[stage] = into.get(stage, 0.0) + ms


def named_product(message: str, where: Filter) -> Filter:
    """The filters, and the product the message names when it names one alone: "Varför behöver
    innehållskedjan en sponsor?" is asked of Content Supply Chain's sessions only, though another
    product's page on sponsors is closer in words."""
    products = mentioned_products(message)
    return where | {"solution": products[0]} if len(products) == 1 and not where.get("solution") else dict(where)


def scoped(hits: list[Hit], message: str, session_groups: set[str] | None = None) -> list[Hit]:
    """A question that names a product (AJO, CJA, Content Supply Chain) or a session ("session 4") is
    answered from it, when the hits include it."""
    products = mentioned_products(message)
    if products:
        hits = [h for h in hits if h.meta.solution in products] or hits
    if session_groups is not None:
        hits = [h for h in hits if h.group in session_groups] or hits
    return hits


# "Vad betyder KBO?": an acronym a page uses names what the question is about, however short the question
# (too short for its cosine to pass the gate); product acronyms name every page
ASKED_ACRONYM = re.compile(r"\b([A-Z]{2,6})s?\b")


def asked_acronyms(text: str) -> set[str]:
    """The acronyms a question names, its products' aside."""
    return set(ASKED_ACRONYM.findall(strip_products(text)))


def uses(hit: Hit, acronyms: set[str]) -> bool:
    """Whether the section uses one of the acronyms, as a word."""
    return any(uses_acronym(hit.node.get_content(), acronym) for acronym in acronyms)


def says_something_of(quote: Quote, hit: Hit, query: str, question_language: str) -> bool:
    """Whether a close session's best line shares a word with the question. One that shares none ("Quali
    esempi di aziende…?": a product owner's duties) is named, not quoted (answer.pointer): on the tuning cases
    such lines held no fact, and made the median answer 568 instead of 536 characters."""
    wanted = question_terms(query, hit.language, question_language)
    return bool(overlap(wanted, terms(" ".join(quote.lines), hit.language)))


def names_a_label(hit: Hit, words: set[str]) -> bool:
    """Whether the question names one of the section's item labels in full, a label of two words or more
    ("Welche fünf Säulen gibt es?": **Fünf Säulen**): the page's own name for what is asked."""
    listed = list(words)
    return any(all(overlap({t}, listed) for t in label) for label in long_labels(hit.node.get_content(), hit.language))


@lru_cache(maxsize=10_000)
def long_labels(text: str, language: str) -> tuple[frozenset[str], ...]:
    """The terms of a section's item labels of two words or more. Parsed once per section: the gate and the
    session ranking both ask, and the same sections answer question after question."""
    labels = (frozenset(terms(b.label, language)) for b in blocks(text) if b.kind == "item")
    return tuple(label for label in labels if len(label) >= 2)


def label_bonus(hits: list[Hit], words: set[str]) -> dict[str, float]:
    """A bonus for each session whose retrieved section has an item the question names in full (see
    names_a_label)."""
    return {h.group: LABEL_WEIGHT for h in hits if names_a_label(h, words)}


def acronym_bonus(hits: list[Hit], acronyms: set[str]) -> dict[str, float]:
    """A bonus for each session whose retrieved section uses an acronym the question names ("What do the
    sessions say about AI?": the model relates two letters to little, and chose the roadmap session),
    unless every session retrieved uses it (then it tells none apart)."""
    users = {h.group for h in hits if uses(h, acronyms)} if acronyms else set()
    return {group: ACRONYM_WEIGHT for group in users} if len(users) < len({h.group for h in hits}) else {}


def title_bonus(hits: list[Hit], message: str, language: str) -> dict[str, float]:
    """A bonus for each word of the message (besides session, series and product words) that a session's
    title uses: "How long is the CJA architecture session?" is the session titled "Foundational
    Architecture…", though the operating model's page matched the question better."""
    words = {
        cognate(t) for t in terms(strip_products(SERIES_WORDS.sub(" ", SESSION_WORDS.sub(" ", message))), language)
    }
    named: dict[str, int] = {}
    for hit in hits:
        if hit.group not in named:  # one title per session (its versions translate it)
            title = [cognate(t) for t in terms(strip_products(hit.meta.title), hit.language)]
            named[hit.group] = len(overlap(words, title))
    return {group: TITLE_WEIGHT * min(n, LEXICAL_CAP) for group, n in named.items() if n}


def boosted(scores: dict[str, float], bonus: dict[str, float]) -> dict[str, float]:
    """Session scores plus bonuses; a session retrieved without a unit near the question (no score) gets the
    lowest score first."""
    floor = min(scores.values(), default=0.0)
    return scores | {group: scores.get(group, floor) + extra for group, extra in bonus.items()}


class EvidenceFinder:
    """The pipeline over one retriever (one view of the index), built per request."""

    def __init__(self, retriever: Retriever, settings: Settings) -> None:
        self.retriever = retriever
        self.settings = settings

    def detect(self, message: str, fallback: str, conversation: str | None = None) -> str:
        """The message's grammar words when they decide ("Qual è la team size di ogni stage?" is Italian),
        else lingua, helped on short messages by which language's pages use the message's words (or, in a
        conversation, keeping the conversation's language).

        Grammar words first: on the 151 labelled questions of tests/eval this order errs on the same 3 as
        lingua first, and of 4,765 questions they decide 2,474 and overrule a sure lingua once (on a German
        question with an English tail, rightly); a cold `ask` then often never loads lingua's models (1 s)."""
        if grammar := grammar_language(message):
            return grammar
        if talk := small_talk(message):  # "Ciao, come stai?": lingua says Portuguese; "ok": Dutch
            return talk[1] or conversation or fallback
        detected, confidence = detect_language_with_confidence(message)
        words = telling_words(message)
        short = len(words.split()) <= SHORT_MESSAGE_WORDS
        if detected is not None and detected not in SUPPORTED:  # "Jak zbudować zespół AJO?": Polish, no Swedish
            # "executive sponsor egenskaper": lingua said Romanian; "egenskaper" is everyday Swedish
            everyday = everyday_language(words) if short else None
            return everyday or self.pages_language(message) or conversation or fallback
        if detected and confidence >= SURE_LANGUAGE:
            return detected
        # Lingua unsure, and one language's grammar word alone: "Come si crea un segmento in Adobe Analytics?"
        # ("come" is Italian's; lingua leaned English on the loanwords)
        if grammar := grammar_language(message, lead=1):
            return grammar
        if not short:
            return detected or conversation or fallback
        if conversation:  # "Und bei AJO?" after German questions: a word or two on pages is no reason to switch
            return conversation
        language, votes = self.voted_language(words)
        if language:
            return language
        # "prosci", "raci matrix": keywords the translations share say nothing of the language, and lingua's
        # unsure guess for them was Italian, Spanish, Portuguese…: the default language, as the settings
        # promise. With a grammar word ("Welche Sessions gibt es?") or words no page uses ("Hur bakar man
        # kanelbullar?"), lingua's guess; with an everyday word of one language and not of English, that
        # language ("dimensione team ajo": "team" is every language's).
        if votes and not has_grammar_words(message):
            return everyday_language(words) or fallback
        return detected or fallback

    def pages_language(self, message: str) -> str | None:
        """The supported language whose pages use more of a short message's words than any other's ("ruoli nel
        team cja": Italian; lingua said Finnish)."""
        words = telling_words(message)
        return self.voted_language(words)[0] if len(words.split()) <= SHORT_MESSAGE_WORDS else None

    def voted_language(self, words: str) -> tuple[str | None, dict[str, int]]:
        """The language whose pages use more of the words than any other's, on a tie of stems the one whose
        pages write more of them as they are written; and the votes."""
        votes = self.retriever.language_votes(words)
        return leading_language(votes) or leading_language(self.retriever.form_votes(words, tied(votes))), votes

    def in_another_language(self, message: str) -> bool:
        """Whether the message is surely in a language no answer can be in ("Jak zbudować zespół AJO?"), as
        `detect` tells it: no grammar words decide it, lingua's trigrams say Polish, Finnish… (the trigrams
        alone: the full models are for telling the supported languages apart), and a short message's words are
        not those of one supported language's pages."""
        if grammar_language(message) or small_talk(message):
            return False
        foreign = foreign_language(telling_words(message))
        return foreign is not None and foreign[0] not in SUPPORTED and self.pages_language(message) is None

    def asker_language(self, question: Question) -> str:
        """The language to answer in: asked for, else the message's (an earlier question's when unclear)."""
        if question.language:
            return base_language(question.language)
        previous = question.previous
        earlier = self.detect(previous, self.settings.default_language) if previous else None
        return self.detect(question.message, self.settings.default_language, earlier)

    def scope(self, question: Question, conversation: bool = True) -> Filter:
        """The request's filters, and the product the message names (see named_product), else the one the
        conversation is about ("Welche Rollen braucht ein CJA-Team?", then "Wie oft trifft sich das Team?")."""
        where = named_product(question.message, question.filters.model_dump() if question.filters else {})
        product = question.product if conversation and not mentioned_products(question.message) else None
        if product and not where.get("solution"):
            where["solution"] = product
        # "Vad tar session 2 upp i CJA-serien?": that session's pages only, searched as such; filtering the
        # nearest sections afterwards (`scoped`) found none of them and answered from session 3
        if not where.get("jira") and (groups := self.session_groups(question.message)):
            where["jira"] = sorted(groups)
        return where

    def retrieve(
        self, question: Question, language: str, where: Filter, earlier: Callable[[], Evidence]
    ) -> tuple[Retrieval, str, bool]:
        """Retrieve for the message, or for a follow-up in the light of the conversation; and whether the
        message asks the facts of the session the conversation is about (no gate then: it is known).

        A follow-up ("Och vem av dem ansvarar för rapportering?") stays in the session the previous answer
        quoted: the previous question goes through this pipeline again (its best section alone names
        another session than the units chose for 31 of 112 tuning questions). When the follow-up says too
        little on its own ("and the last stage?") or asks about the session itself ("who is it for?",
        "hur lång är sessionen?"), the previous question's words travel with it. `earlier` gives the previous
        question's evidence, computed once per question (a follow-up pointing into a list needs it too)."""
        message = question.message
        previous = question.previous
        itself = asks_about_the_session_itself(message)  # "how long is the session?": the one talked about
        if previous and asks_the_same_of_a_product(message):
            # "Und bei AJO?": the last question as it was searched (a chain of follow-ups keeps its first topic)
            shown = earlier()
            query = f"{without_products(shown.query)}\n{message}"
            found = self.hybrid(query, language, self.settings.top_k, where)
            add_timings(found.timings_ms, shown.timings_ms)
            return found, query, False
        # "Who approves?": too little to search alone, so about what was being talked about
        follows = is_follow_up(message) or itself or says_little(message)
        if not previous or not follows or mentioned_products(message):
            return self.hybrid(message, language, self.settings.top_k, where), message, False
        shown = earlier()  # the answer the asker was shown
        scope = dict(where)
        pinned = bool(shown.hits) and shown.catalog is None and not scope.get("jira")  # a catalog names many
        if pinned:
            scope["jira"] = shown.hits[0].meta.jira or None
        # The earlier question's words as it was searched: a chain of follow-ups keeps its first topic
        context = f"{shown.query}\n{message}"
        query = message if not says_little(message) and not itself else context
        found = self.hybrid(query, language, self.settings.top_k, scope)
        refers_back = REFERS_BACK.search(message) or POINTING_IT.search(message)
        if query == message and refers_back and not self.relevant(found.hits, query, language):
            # "Why should it be kept up to date?": too far from the page on its own words; "it" was asked before
            query = context
            found = self.hybrid(query, language, self.settings.top_k, scope)
        add_timings(found.timings_ms, shown.timings_ms)
        # "Gibt es sie auch auf Englisch?": its words are far from every section, but the session is known; and
        # "Und danach?" asks nothing but more of it (its search carries the earlier question, which passed the gate)
        return found, query, pinned and (asks_only_of_the_session(message) or not own_words(strip_products(message)))

    def hybrid(self, query: str, language: str, top_k: int, where: Filter) -> Retrieval:
        """Hybrid retrieval for the query without its words for a session, unless it names one by number:
        "Welche Session sollte ich mir für Governance ansehen?" went to the one page whose title says
        "Sitzung 1" (the word names no topic; "die erste Session" names one)."""
        if mentioned_session(query) is None:
            query = re.sub(r" {2,}", " ", SESSION_WORDS.sub(" ", query)).strip() or query
        return self.retriever.hybrid(query, language, top_k, where)

    def catalog(self, message: str, asker: str, question_language: str, where: Filter) -> Evidence:
        """The sessions of the products the filter names (of every product when it names none)."""
        wanted = where.get("solution")
        products = [wanted] if isinstance(wanted, str) else list(wanted or [])
        hits = self.retriever.catalog(asker, products)
        # "Welche Sessions gibt es auf Deutsch?": those; with none, all, each with its languages
        language = catalog_language(message)
        in_language = [h for h in hits if language in h.available] if language else []
        hits = in_language or hits
        # "Compare sessions 3 and 4": those two of each product the filter allows
        numbers = mentioned_sessions(message)
        hits = [h for h in hits if h.meta.session in numbers] or hits
        # "Which session should I watch first?": each series' first (when its pages give their numbers)
        first = [h for h in hits if h.meta.session == 1] if asks_where_to_start(message) else []
        hits = first or hits
        compared = len(numbers) > 1
        about = asks_about_the_series(message) or names_only_products(message) or compared or bool(first)
        listing = Listing(" / ".join(products), language if in_language else None, compared, bool(first), about)
        return Evidence(hits, {}, message, question_language, catalog=listing)

    def search(
        self, question: Question, language: str, where: Filter, earlier: Callable[[], Evidence], known: bool = False
    ) -> tuple[Retrieval, str, list[Hit]]:
        """Retrieval, product and session scoping, then the out-of-scope gate: what is relevant. A question
        about what a session it names covers ("Vad tar session 2 upp i CJA-serien?") passes: it is known."""
        found, query, of_the_session = self.retrieve(question, language, where, earlier)
        candidates = scoped(found.hits, query, self.session_groups(query))
        known = known or of_the_session or (bool(where.get("jira")) and wants_the_summary(question.message))
        return found, query, candidates if known else self.relevant(candidates, query, language)

    def session_groups(self, text: str) -> set[str] | None:
        """Translation groups (jira ids) of the session number the text names, if it names one."""
        number = mentioned_session(text)
        if number is None:
            return None
        return self.retriever.session_groups(number)

    def relevant(self, hits: list[Hit], question: str, question_language: str) -> list[Hit]:
        """Calibrated out-of-scope gate: a confident match, or a fair match that shares a question word;
        else a weaker match in the question's language that shares two of its words besides product names,
        a page's own phrase ("What does the steering committee decide?": cosine 0.77 to the page naming it);
        else, for a question about a cadence (how often some body meets, what happens in the quarterly
        reviews), a weaker match that names frequencies ("Wie oft trifft sich das Lenkungsgremium?" shares no
        word with the page's "Governance-Kadenz")."""
        question_terms = set(terms(without_vendor(question), question_language))
        acronyms = asked_acronyms(question)
        floor = [
            h for h in hits
            if h.score >= self.settings.min_score or names_a_label(h, question_terms) or uses(h, acronyms)
        ]  # fmt: skip
        if floor and max(h.score for h in floor) >= self.settings.confident_score:
            return floor
        if self.foreign_to_every_page(question, question_language) and not any(uses(h, acronyms) for h in floor):
            return []
        # A frequency is a word in common whatever its form: "de månatliga mötena" and "Kontroller av
        # månadsledarskap", "monthly" and "monatlich" (a page's own words differ from the asker's)
        frequency = names_a_frequency(question)
        if any(
            overlap(question_terms, terms(h.searchable, h.language))
            or (frequency and names_a_frequency(h.node.get_content()))
            for h in floor
        ):
            return floor
        own = set(terms(strip_products(question), question_language))
        phrase = [
            h for h in hits
            if h.score >= PHRASE_FLOOR and h.language == question_language  # stems of two languages meet by chance
            and len(overlap(own, terms(h.searchable, h.language))) >= PHRASE_WORDS
        ]  # fmt: skip
        if phrase or not asks_about_a_cadence(question):
            return phrase
        return [h for h in hits if h.score >= PHRASE_FLOOR and names_a_frequency(h.node.get_content())]

    def foreign_to_every_page(self, question: str, language: str) -> bool:
        """Whether no page, in any language, uses a topic word of a question naming a product (its name aside):
        "Qual è la capitale della Francia secondo CJA?" shared only "CJA" with the pages, which let it through.
        Only where every session of the product has a page in the question's language: a Spanish question on
        CJA (no Spanish page) may use no word any page does and still be covered. Series tuning cases: out of
        scope 0.844 -> 0.867, no in-scope question refused."""
        products = mentioned_products(question)
        if not products or asks_about_a_cadence(question):  # "CJA-Lenkungsgremium": no page's word, covered
            return False
        if not all(self.retriever.whole_series_in(p, language) for p in products):
            return False
        words = own_words(strip_products(question))
        stems = set(terms(" ".join(words), language))
        if not stems or self.retriever.mentions(stems, {}) != set():  # None: no page to tell by
            return False
        # "teamgröße ajo": a compound no page writes, of a word the pages use ("Team") and an ordinary one
        return not any(self.retriever.compound_of_a_page_word(word, language) for word in words)

    def read_as(self, question: Question) -> str | None:
        """The message with its typing slips mended, when it has any (what `find` searches for)."""
        language = self.question_language(question, self.asker_language(question))
        mended = self.retriever.mended(question.message, language)
        return mended if mended != question.message else None

    def question_language(self, question: Question, asker: str) -> str:
        return asker if not question.language else self.detect(question.message, asker)

    def find(self, question: Question, asker: str) -> Evidence:
        """Retrieval, product and session scoping, the out-of-scope gate, then one hit per section; with the
        message as it was searched for, which the answer reads too."""
        question_language = self.question_language(question, asker)
        question = question.spelled_out()  # after the language: "Vad är ADKAR?" stays Swedish
        question = question.rewritten(partial(self.retriever.mended, language=question_language))  # "waht…roels"
        question = replace(question, message=without_small_talk(question.message))  # "Tack! Och för AJO?"
        found = self.gather(question, asker, question_language)
        if parts := two_questions(question.asked or question.message):
            found = self.each_question(found, question, parts, asker, question_language)
        return replace(found, message=question.message)

    def each_question(
        self, found: Evidence, question: Question, parts: tuple[str, str], asker: str, language: str
    ) -> Evidence:
        """ "Vilka roller behövs i CJA-teamet och hur ofta ska de träffas?": each question of the message asked
        of the session the whole message found; the first section that answers one and is not quoted yet
        follows under its own heading (the whole message's quote answered one of the two). No gate: the
        whole message passed it, and the session is known."""
        if not found.hits or found.quote is None or found.quote.also or found.catalog is not None or found.absent:
            return found
        top = found.hits[0]
        if not top.meta.jira:  # a page without a session id: no session to ask of (an empty filter is none)
            return found
        scope = Filters(jira=top.meta.jira)
        same: list[Quote] = []  # the questions the top hit's own chunk answers
        for part in parts:
            asked = self.gather(Question(part, [], question.language, scope), asker, language, known=True)
            if asked.quote is not None and asked.quote.chunk_id == found.quote.chunk_id == top.node.node_id:
                same.append(asked.quote)
            if asked.hits and asked.quote and asked.hits[0].section_key != top.section_key:
                answer = asked.hits[0]
                if asked.quote.chunk_id != answer.node.node_id:  # quoted from elsewhere: not this section's lines
                    continue
                quote = replace(found.quote, also=replace(asked.quote, settled=True, also=None))
                rest = [h for h in found.hits[1:] if h.section_key != answer.section_key]
                timings = dict(found.timings_ms)
                add_timings(timings, asked.timings_ms)
                return replace(found, hits=[top, answer, *rest], timings_ms=timings, quote=quote)
        if len(same) == len(parts):
            # one chunk answers both ("Wie groß ist das AJO-Team und wie oft trifft es sich?": the team's growth and
            # the cadence item beside it): each one's lines, settled (a label one question names narrows nothing)
            return replace(found, quote=replace(found.quote, lines=joined_lines(same, top), settled=True))
        return found

    def gather(self, question: Question, asker: str, question_language: str, known: bool = False) -> Evidence:
        """What `find` finds, for a question whose language is known and whose abbreviations are spelled out."""
        # The asker's own words: a model's rewording may add names from the conversation or its own.
        asked = question.asked or question.message
        if talk := small_talk(asked):  # "Hej!", "Danke!", "What can you do?": nothing to search
            return Evidence([], {}, question.message, question_language, reply=talk[0])
        if not question.previous and (
            not own_words(asked) or asks_for_more(asked) or asked_in_language(asked) or asks_what_it_is(asked)
        ):
            # "Can you explain that?", "Was meinst du damit?", "Tell me more", "In English, please", "Worum geht
            # es?" with no answer before: what can be asked
            return Evidence([], {}, question.message, question_language, reply="help")
        if unknown := self.retriever.unknown_names(asked, question_language):
            return Evidence([], {}, question.message, question_language, unknown_names=unknown)
        if (uncovered := uncovered_topic(asked)) and not self.retriever.pages_use(uncovered[1]):
            return Evidence([], {}, question.message, question_language, reply=uncovered[0])
        own = self.scope(question, conversation=False)  # the request's filter and the product the message names
        # "Who is the series for?", "What is the series about?": of the conversation's product too
        every = asks_facts_of_the_sessions(asked) or asks_about_the_series(asked)
        every = every or (not question.previous and names_only_products(asked))  # "AJO": what there is on it
        every = every or len(mentioned_sessions(asked)) > 1  # "Unterschied zwischen Sitzung 3 und 4?": each one's
        every = every or (not question.previous and asks_where_to_start(asked))  # "Var ska jag börja?"
        if every or asks_which_sessions(asked):  # the catalog, of the product the message names
            return self.catalog(question.message, asker, question_language, (self.scope(question) if every else own))
        earlier = cache(lambda: self.find(question.earlier(), asker))
        if question.previous and asks_the_same_of_a_product(asked) and earlier().catalog is not None:
            return self.catalog(question.message, asker, question_language, own)  # "Och om AJO?" after CJA's list
        if question.previous and (session := self.listed_session(question, question_language, earlier)):
            return session
        if question.previous and (item := self.pointed(question, earlier, asker)):
            return item
        if question.previous and asks_for_more(asked) and (more := self.more_of(earlier)):
            return more
        if question.previous and (absent := self.absent_topic(question, earlier)):
            return Evidence([], {}, question.message, question_language, absent=absent)
        where = self.scope(question)
        found, query, relevant = self.search(question, question_language, where, earlier, known)
        if not relevant and where != own:
            # The conversation's product has nothing on it: "What is the recommended governance cadence?" after
            # a question on CJA, whose only page here is Swedish, is asked of every product, not refused
            spent, where = found.timings_ms, own
            found, query, relevant = self.search(question, question_language, where, earlier)
            add_timings(found.timings_ms, spent)
        limit = self.settings.max_sources
        if not relevant or found.embedding is None:
            return Evidence(self.retriever.select(relevant, asker, limit), found.timings_ms, query, question_language)
        # Sessions are ranked with their units' help among more sections than will be listed.
        compared = mentioned_products(asked)  # each product a question compares has its best session quoted
        sections = self.retriever.select(relevant, asker, SESSION_CANDIDATES * max(limit, len(compared)))
        for product in compared:  # "Vergleiche die Rollen bei CJA und CSC": CJA's sections filled the candidates
            if not any(h.meta.solution == product for h in sections):
                sections += self.retriever.select([h for h in relevant if h.meta.solution == product], asker, 1)
        near = self.retriever.session_units(found.embedding, SESSION_UNITS, where, question_language)
        intent = Intent(
            wants_the_summary(question.message),
            asks_for_a_list(question.message),
            asks_how_often(query),
            asks_how_many(query),
            asked_definition(question.message),
            named_frequencies(question.message),
        )
        # Sessions are compared in the asker's language too only where most have it (see few_pages_in)
        compared_in = "" if self.retriever.few_pages_in(question_language) else question_language
        scores = session_scores(sections, near, self.retriever.piece_scores(query, found.hits), intent, compared_in)
        scores = boosted(scores, label_bonus(sections, set(terms(asked, question_language))))
        scores = boosted(scores, acronym_bonus(sections, asked_acronyms(asked)))
        scores = boosted(scores, self.name_bonus(sections, asked, question_language))
        if SESSION_WORDS.search(asked):  # "the CJA architecture session": a session named by its title's words
            scores = boosted(scores, title_bonus(sections, asked, question_language))
        lines = self.line_vector(query, found.embedding, found.timings_ms)
        selected, quote = self.quoted(rank_sessions(sections, scores), lines, query, question_language, intent)
        selected, others = self.others(
            selected, quote, limit, lines, query, question_language, intent, scores, compared
        )
        if intent.defines:  # "Cosa significa RACI?": a section that does not use the acronym explains nothing
            selected = [h for n, h in enumerate(selected) if n == 0 or uses(h, {intent.defines})]
        absent = self.unnamed(asked, question_language, found.embedding, question.product)
        return Evidence(
            selected, found.timings_ms, query, question_language, quote, sessions=scores, others=others, absent=absent
        )

    def name_bonus(self, hits: list[Hit], asked: str, language: str) -> dict[str, float]:
        """A bonus for the one session whose pages use a name the question writes in lower case, a word of
        no language's everyday vocabulary ("steps of the prosci model in cja": the model relates "prosci" to
        nothing; acronym_bonus judges the capitalised ones)."""
        groups = {h.group for h in hits}
        bonus: dict[str, float] = {}
        for word in set(re.findall(r"[a-zà-ɏ]{4,}", strip_products(asked).lower())):
            if word in STOPWORDS or common_word(word, language) or written_anywhere(word):
                continue
            users = self.retriever.sessions_using(terms(word, language))
            if len(users) == 1 and (only := next(iter(users))) in groups:
                bonus[only] = NAME_WEIGHT
        return bonus

    def line_vector(self, query: str, embedding: np.ndarray, timings: dict[str, float]) -> np.ndarray:
        """The question's vector for choosing lines within the chosen pages: without the product names it uses.
        The product is decided by then, and its name only lifts the lines that name it ("**Journey Optimizer
        (AJO)** consente…" was the closest line to "Che qualità deve avere il dirigente che sostiene AJO?").
        Series tuning cases: fact recall 0.791 -> 0.802, median answer 524 -> 518; the same vector chose
        sessions worse (hit@1 0.870 -> 0.859), so sessions keep the question as asked."""
        topic = without_examples(query)  # "Vilka roller (t.ex. produktägare) finns?" asks for every role
        topic = topic_words(topic) if mentioned_products(topic) else topic
        if topic == query:
            return embedding  # nothing named, or nothing but names
        started = time.perf_counter()
        vector = self.retriever.embed(topic)
        timings["embed"] = timings.get("embed", 0.0) + (time.perf_counter() - started) * 1000
        return vector

    def unnamed(self, asked: str, language: str, embedding: np.ndarray, talked_of: str | None = None) -> Absent | None:
        """ "Wer sollte im Lenkungsausschuss für CJA sitzen?": a long word of a question naming one product that
        none of its pages uses, in the question's language (where every session of it has a page), while
        another product's page does. The answer still quotes the product's nearest section, after saying so:
        it was quoted as if it answered. Long words only: short ones are everyday words one page or another
        happens to use (on the series' tuning cases: one trigger in 117, a compound the product's pages
        write with another prefix, which `mentions` now meets by its head). Short questions only: in a longer
        one such a word was an everyday word ("avdelningar", "organisera"), not the topic, and the line told
        the asker the product's pages lack what they treat in other words (the Swedish CJA page lists "IT,
        marknadsföring, juridik och säkerhet", never "avdelningar"; series tuning: its one trigger). A question
        naming no product is asked of the one the conversation is about (`talked_of`): "Vad gör produktägaren?"
        after AJO's roles."""
        products = mentioned_products(asked) or ([talked_of] if talked_of else [])
        topic = " ".join(w for w in re.findall(r"\w+", strip_products(asked)) if w.lower() not in REQUEST_VERBS)
        # German writes every noun with a capital: a word without one is a verb or an adjective, no topic
        # ("Wer genehmigt Kampagnen in AJO?": no AJO page writes "genehmigt", CJA's business case does)
        nouns = [w for w in re.findall(r"\w+", topic) if language != "de" or w[0].isupper()]
        words = {t for t in terms(" ".join(nouns), language) if len(t) >= LONG_WORD}
        if len(own_words(topic)) > TOPIC_WORDS:
            return None
        if not words or len(products) != 1 or not self.retriever.whole_series_in(products[0], language):
            return None
        missing = self.unused(words, products[0], language)
        elsewhere: Filter = {
            "solution": [p for p in PRODUCTS if p != products[0]],
            "language": self.retriever.language_tags(language),
        }
        named = sorted(self.retriever.mentions(missing, elsewhere) or []) if missing else []
        hit = self.retriever.naming(named, elsewhere, embedding) if named else None
        topic = named_span(strip_products(asked), set(named), language)  # "projektet", not "CJA-projektet"
        return Absent(topic, products[0], short_title(hit.meta.title)) if hit and topic else None

    def unused(self, stems: set[str], product: str, language: str) -> set[str]:
        """The stems no page of the product uses in the language (callers have checked it has pages there)."""
        where: Filter = {"solution": product, "language": self.retriever.language_tags(language)}
        return stems - (self.retriever.mentions(stems, where) or set())

    def absent_topic(self, question: Question, earlier: Callable[[], Evidence]) -> Absent | None:
        """ "Braucht man das auch bei CJA?" after "Was ist ein Center of Excellence bei AJO?": the previous
        question's words that its answer's session uses, when no page of the product now named uses any of
        them (in that language). Searched anyway, the nearest CJA section (its roles) was quoted as if it
        answered. Words the previous session does not use either (a question in the asker's own words) tell
        nothing; neither does a follow-up's few words, nor a product some of whose sessions lack that language."""
        message = question.message
        products = mentioned_products(message)
        if len(products) != 1 or not (says_little(message) and asks_the_same(message)):
            return None
        shown = earlier()
        if not shown.hits or shown.catalog is not None:
            return None
        top, language = shown.hits[0], shown.question_language
        if top.meta.solution == products[0] or top.language != language:
            return None
        # Only the words of a question of its own, and only of a product whose every session can be read for
        # them in that language: Content Supply Chain's Swedish page is one of five, the rest are English
        previous = spell_out(question.previous or "")
        if says_little(previous) or is_follow_up(previous) or not self.retriever.whole_series_in(products[0], language):
            return None
        asked = set(terms(strip_products(previous), language))
        named = self.retriever.mentions(asked, {"jira": top.meta.jira, "language": top.meta.language})
        if not named or self.unused(named, products[0], language) != named:
            return None
        topic = named_span(previous, named, language)
        return Absent(topic, products[0], short_title(top.meta.title)) if topic else None

    def listed_session(
        self, question: Question, question_language: str, earlier: Callable[[], Evidence]
    ) -> Evidence | None:
        """ "Und die dritte?" after one product's list of sessions: that session, as if asked what it covers
        (searched as a question of its own, it quoted two lines of a list on the third session's page)."""
        message = question.message
        unplaced = " ".join(A_PLACE.sub(" ", message).split())  # what it asks of the session at that place
        facts = asks_only_of_the_session(unplaced)  # "Und wie lange dauert die dritte?"
        place = asks_for_a_place(message) if says_little(message) or facts else None
        if place is None:
            return None
        shown = earlier()
        if shown.catalog is None or not shown.catalog.products or " / " in shown.catalog.products or not shown.hits:
            return None  # no list of one product's sessions (the whole catalog's third is no one session)
        hit = self.listed_at(shown.hits, place)
        if hit is None:
            return None
        if facts:  # answered from the page's front matter, as "Wie lange dauert sie?" is
            return Evidence([hit], {}, message, question_language)
        about = Intent(about_the_session=True)
        chosen = self.page_quote(hit, self.retriever.embed(hit.meta.title), message, question_language, about)
        if chosen is None:
            return Evidence([hit], {}, message, question_language)
        return Evidence(chosen[0], {}, message, question_language, chosen[1])

    @staticmethod
    def listed_at(listed: list[Hit], place: int) -> Hit | None:
        """The session at a place of a list of one product's sessions: by the number the list shows ("3.
        **…**"), in a list without numbers by its order; the last is the list's last."""
        numbered = {h.meta.session: h for h in listed if h.meta.session}
        if place == -1:
            return listed[-1]
        if numbered:
            return numbered.get(place + 1)
        return listed[place] if place < len(listed) else None

    def pointed(self, question: Question, earlier: Callable[[], Evidence], asker: str) -> Evidence | None:
        """The previous answer's evidence, quoting only the item of the list it showed that the message
        points at: by its place ("E l'ultima?", "Och den första?", "Und die dritte?") or as the one after an
        item it names ("Och vad kommer efter prioriteringen?")."""
        message = question.message
        # "Und wie viele Leute hat die zweite?": a figure of the item at a place is asked of that item too
        points = says_little(message) or names_an_element(message) or asks_how_many(message) or asks_how_often(message)
        place = asks_for_a_place(message) if points else None
        if place is None and not AFTER.search(message):
            return None
        found = earlier()
        products = mentioned_products(message)
        if products and found.hits and found.hits[0].meta.solution not in products:
            # "Und die erste bei CJA?" after AJO's pillars: a place in the previous question's answer for CJA
            before = question.earlier()
            found = self.find(replace(before, message=of_product(before.message, products[0], message)), asker)
        quote = found.quote
        if not found.hits or not quote or quote.chunk_id != found.hits[0].node.node_id:
            return None  # the previous answer quoted by the section rules: no list to point into
        top = found.hits[0]
        asked = question.previous or ""
        shown_lines = shown(top, asked, found.question_language, found.query, quote.lines, quote.settled)
        whole = [line for block in blocks(top.node.get_content()) if block.kind == "item" for line in block.lines]
        if place is not None:  # of what the asker saw, else of the section's list
            item = placed_item(Quote(quote.chunk_id, shown_lines), place) or placed_item(
                Quote(quote.chunk_id, whole), place
            )
        else:  # the next item on the page, shown or not
            wanted = question_terms(message, top.language, found.question_language)

            def named(line: str) -> bool:
                return bool(overlap(wanted, terms(label(line), top.language)))

            item = item_after(Quote(quote.chunk_id, whole), named)
        if not item:
            return None
        # One item of one section: its sources and pointers are that section's, not the whole earlier answer's;
        # and the earlier answer said what it lacked
        return replace(found, hits=[top], quote=item, others={}, absent=None)

    def more_of(self, earlier: Callable[[], Evidence]) -> Evidence | None:
        """ "Erzähl mir mehr", "Can you explain more?": the section the previous answer quoted first, whole (each
        item with all its lines; a long section's chunks together), from its page alone; when the answer
        showed all of it already, the page's next section. Searched as questions of their own they were
        refused, or answered from another session."""
        found = earlier()
        if not found.hits or not found.quote or found.quote.chunk_id != found.hits[0].node.node_id:
            return None  # no quote of a section to say more of (a catalog, a refusal, the section rules)
        top = found.hits[0]
        shown = {line for quote in (found.quote, found.quote.also) if quote for line in quote.lines}
        hit, lines = top, section_lines(self.retriever.section_chunks(top.meta.doc_id, top.meta.section_index) or [top])
        if all(not line or line in shown for line in lines):
            following = self.retriever.section_chunks(top.meta.doc_id, top.meta.section_index + 1)
            if following:  # all of it was shown: the page's next section
                hit, lines = following[0], section_lines(following)
        return replace(found, hits=[hit], quote=Quote(hit.node.node_id, lines, settled=True), others={}, absent=None)

    @staticmethod
    def title_terms(hit: Hit) -> set[str]:
        return set(terms(hit.meta.title, hit.language))

    def reader(
        self, hit: Hit, page: list[UnitHit]
    ) -> tuple[Callable[[str], list[Hit]], Callable[[str], Section | None]]:
        """For a page's units: the chunks of a unit's section, and that section as quoting reads it."""
        section_index = {u.chunk_id: u.section_index for u in page}

        def chunks_of(chunk_id: str) -> list[Hit]:
            return self.retriever.section_chunks(hit.meta.doc_id, section_index[chunk_id])

        def section_of(chunk_id: str) -> Section | None:
            chunks = chunks_of(chunk_id)
            ids = [c.node.node_id for c in chunks]
            if chunk_id not in ids:
                return None
            texts = [c.node.get_content() for c in chunks]
            meta = chunks[0].meta
            english = partial(self.english_labels, hit, meta.section_index, texts)
            return Section(texts, ids.index(chunk_id), meta.heading, chunks[0].language, meta.summary, english)

        return chunks_of, section_of

    def english_labels(self, hit: Hit, section_index: int, texts: list[str]) -> tuple[str, ...]:
        """The item labels of the section's English version, when its list matches this one item for item."""
        if hit.language == "en" or (english := self.retriever.translation((hit.group, section_index), "en")) is None:
            return ()
        chunks = self.retriever.section_chunks(english.meta.doc_id, section_index)
        theirs = [b.label for c in chunks for b in blocks(c.node.get_content()) if b.kind == "item"]
        ours = [b for text in texts for b in blocks(text) if b.kind == "item"]
        return tuple(theirs) if len(theirs) == len(ours) and all(theirs) else ()

    def page_quote(
        self, hit: Hit, embedding: np.ndarray, query: str, question_language: str, intent: Intent | None
    ) -> tuple[list[Hit], Quote] | None:
        """What to quote from the hit's page, and the hits of the sections quoted (its companion's second):
        as a first session is quoted (assistant.quotes.choose_quote), or, without an intent, its best line
        alone (brief_quote)."""
        page = self.retriever.page_units(hit.meta.doc_id, embedding)
        wanted = question_terms(query, hit.language, question_language)
        chunks_of, section_of = self.reader(hit, page)
        if intent is None:
            quote = brief_quote(page, wanted, section_of, self.title_terms(hit))
        else:
            # The head start is for a real section retrieval put first, not for the page's overview or agenda:
            # their summary sentences resemble every question about the session's topic.
            first = None if hit.meta.summary else hit.meta.section_index
            # an English label given as an example ("Welche Rollen (z. B. Product Owner) gibt es?") names no item
            english = set(terms(asked_about(query), "en")) if hit.language != "en" else set()
            quote = choose_quote(page, wanted, section_of, first, self.title_terms(hit), intent, english)
        if quote is None:
            return None
        return [self.quoted_hit(hit, chunks_of(q.chunk_id), q.chunk_id) for q in (quote, quote.also) if q], quote

    def quoted(
        self, hits: list[Hit], embedding: np.ndarray, query: str, question_language: str, intent: Intent
    ) -> tuple[list[Hit], Quote | None]:
        """What to quote from the first session's page (in the language chosen for the asker), and its
        section first among the hits."""
        chosen = self.page_quote(hits[0], embedding, query, question_language, intent)
        if chosen is None:
            return hits, None
        quoted, quote = chosen
        keys = {h.section_key for h in quoted}
        return [*quoted, *(h for h in hits if h.section_key not in keys)], quote

    def others(
        self,
        hits: list[Hit],
        quote: Quote | None,
        limit: int,
        embedding: np.ndarray,
        query: str,
        question_language: str,
        intent: Intent,
        scores: dict[str, float],
        compared: list[str],
    ) -> tuple[list[Hit], dict[str, Quote]]:
        """Sessions quoted after the first, each by its group, with their sections right after the first
        session's quoted ones (the first `limit` hits, or more when more are quoted): the best session of
        each other product the question names ("Compare the team structures of AJO and CJA"), quoted as the
        first is; and each session that answers almost as well as the first (answer.close_second), by its
        best line."""
        top, quotes = hits[0], {}
        chosen = [next((h for h in hits if h.meta.solution == p), None) for p in compared if p != top.meta.solution]
        close = [h for h in hits[:limit] if h.group != top.group and close_second(h, top, CLOSE_MATCH_MARGIN, scores)]
        picked: dict[str, Hit] = {}
        for hit, wanted in [*((h, intent) for h in chosen if h), *((h, None) for h in close)]:
            if hit.group in picked:
                continue
            found = self.page_quote(hit, embedding, query, question_language, wanted)
            if found and (wanted is not None or says_something_of(found[1], hit, query, question_language)):
                picked[hit.group], quotes[hit.group] = found[0][0], found[1]
                quotes[hit.group].also = None  # a session after the first is quoted in one section
        lead = hits[: 1 + bool(quote and quote.also)]  # the first session's quoted sections (answer.compose)
        rest = [h for h in hits if h not in lead and h.group not in picked]
        return [*lead, *picked.values(), *rest][: max(limit, len(lead) + len(picked))], quotes

    @staticmethod
    def quoted_hit(top: Hit, chunks: list[Hit], chunk_id: str) -> Hit:
        """The quoted chunk as a hit ranked like the session's best section (the sources list it first)."""
        found = next(c for c in chunks if c.node.node_id == chunk_id)
        return Hit(found.node, top.score, top.rank_score, available=top.available, checked=found.checked)
