"""Two stages over evidence units (ingest.units): which session answers, then which lines of it to quote.

Retrieval finds the candidate sections; a session is then scored by its best sentence or list item
across all its translations. Within the chosen page, a unit's score is its cosine to the question, less
its cosine to the centre of all units (a generic sentence such as a page's "In this session we review…"
is close to every question: hubness), plus a little for the question's own words it and its section's
heading contain, less a margin for the page's summaries (overview, agenda). The page's structure then
decides how much to quote: a list is quoted whole when its lead sentence or several items match, one
item when it clearly wins. A question about the session itself ("what is it about?") is answered by the
page's own summaries: its overview, then its key points."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from assistant.phrases import named_frequencies, names_a_figure, names_a_frequency, points_back
from assistant.retrieval import Hit, UnitHit
from assistant.terms import overlap, terms
from ingest.units import LABEL, Block, blocks, only_a_list, sentences

LIST_MARK = re.compile(r"^(?P<marker> *(?:[*+-]|\d+[.)])\s+)(?P<text>.*)$")
HUB_WEIGHT = 1.0
LEXICAL_WEIGHT = 0.02
LEXICAL_CAP = 3  # question words beyond three say little more
SESSION_UNITS = 50  # units searched across the index to rank sessions
SESSION_LEXICAL_BONUS = 0.005  # cosine added to the session BM25 ranks first (half to the second…)
FREQUENCY_WEIGHT = 0.05  # "how often…" (tuning cases: 0.02 to 0.08 alike, the session and the line)
# "Vad betyder KBO?" says nothing else for the model to match: the lines using the acronym answer
DEFINITION_WEIGHT = 0.1
GRAM_WEIGHT = 0.1  # times the session's word-piece cosine (assistant.grams): 0.05 to 0.2 chose equally well
SECOND_SESSION_MARGIN = 0.007  # another session is quoted too when its score is this close to the first's
SECTION_WEIGHT = 0.03  # for units of the section retrieval ranked first: both stages must agree to move
HEADING_WEIGHT = 0.04  # per question word the unit's section heading shares with the question (not the title's)
# The overview's units are embedded under the title twice (as title and as `#` heading), so its summary
# sentences resemble every question on the session's topic: a real section is quoted unless the overview
# clearly wins (and a page without sections still quotes its overview).
OVERVIEW_MARGIN = 0.04
# A real section is quoted after the page's summary when its best unit is within this of the summary's
# (tuning cases: fact recall 0.693 -> 0.720, the same at any margin from 0.03 up).
COMPANION_MARGIN = 0.05
# ... and after a real section when the other's best unit is within this (tuning cases: fact recall
# 0.720 -> 0.760, users' words 0.605 -> 0.674, median answer 642 -> 645 characters; 0.02 adds length only).
TIE_MARGIN = 0.01
ITEM_MARGIN = 0.04  # an item this far ahead of the list's next best is quoted alone
MAX_LIST_ITEMS = 12
FEW_ITEMS = 2  # items quoted when several match about equally and the question asks for no list
SHORT_LIST_ITEMS, SHORT_LIST_CHARS = 3, 300  # a list this short is quoted whole (see section_quote)
SUMMARY_SENTENCES = 4  # of a page's overview, for a question about the session itself


@dataclass
class Quote:
    """What to quote: lines of one chunk, in page order."""

    chunk_id: str
    lines: list[str]
    also: Quote | None = None  # a second section of the same page, quoted after the first under its heading
    settled: bool = False  # the lines answer as a whole (a cadence): a label the question names picks none of them


def unit_score(unit: UnitHit, question_terms: set[str]) -> float:
    lexical = min(len(question_terms & unit_terms(unit.text, unit.language)), LEXICAL_CAP)
    return unit.cosine - HUB_WEIGHT * unit.hub + LEXICAL_WEIGHT * lexical


@lru_cache(maxsize=50_000)
def unit_terms(text: str, language: str) -> frozenset[str]:
    """Stemmed words of a unit; units are immutable, and the same ones are scored question after question."""
    return frozenset(terms(text, language))


@dataclass(frozen=True)
class Intent:
    """What the question asks of a page beyond its words (assistant.phrases tells)."""

    about_the_session: bool = False  # what it covers, who it is for: the page's own summary
    wants_a_list: bool = False  # a set ("which roles…"): a list whole, not its best items
    how_often: bool = False  # "how often…": lines that name a frequency
    how_many: bool = False  # "how many…", "how big…": lines that give a figure
    defines: str | None = None  # "Vad betyder KBO?": lines that spell the acronym out
    frequencies: frozenset[str] = frozenset()  # "de månatliga mötena": lines that name the same (monthly)

    def bonus(self, unit: UnitHit) -> float:
        """What the question's kind adds to a unit's score, for choosing the lines of a page."""
        return (
            self.session_bonus(unit)
            or FREQUENCY_WEIGHT * (self.how_many and names_a_figure(unit.text))
            or FREQUENCY_WEIGHT * bool(self.frequencies and self.frequencies & named_frequencies(unit.text))
        )

    def session_bonus(self, unit: UnitHit) -> float:
        """... and for choosing the session: a frequency, an acronym asked about. Figures stand on many pages
        (team sizes, steps, years), so "how many questions…" must not go to the page with the team sizes."""
        frequency = FREQUENCY_WEIGHT * (self.how_often and names_a_frequency(unit.text))
        return frequency + DEFINITION_WEIGHT * bool(self.defines and spells_out(unit.text, self.defines))


def uses_acronym(text: str, acronym: str) -> bool:
    """Whether the text uses the acronym as a word, in the plural too ("KBOs")."""
    return re.search(rf"\b{re.escape(acronym)}s?\b", text) is not None


def spells_out(text: str, acronym: str) -> bool:
    """Whether the text gives the acronym with its words: "key business objectives (KBOs)", "NSA (North Star
    Architecture)"; a line that only uses it ("aligned with your KBOs") explains nothing."""
    plural = rf"{re.escape(acronym)}s?"
    return re.search(rf"\(\s*{plural}\s*\)|\b{plural}\s*\(", text) is not None


def session_scores(
    hits: list[Hit], near: list[UnitHit], grams: dict[str, float], intent: Intent = Intent(), language: str = ""
) -> dict[str, float]:
    """How well each session of the hits answers: its translations' best units, averaged over the languages
    the candidates are compared in (see compared_in; raw cosine: the hub correction helps choose lines
    within a page, not pages), plus a small bonus for the session's place in the BM25 order (names and rare
    words the model blurs), plus its word-piece similarity (`grams`: compounds and inflections BM25 misses).
    Sessions with no unit near the question have no score."""
    languages = {h.group: set(h.available) for h in hits}
    best: dict[tuple[str, str], float] = {}
    for unit in near:
        if unit.group in languages:
            key = (unit.group, unit.language)
            best[key] = max(best.get(key, -1.0), unit.cosine + intent.session_bonus(unit))
            languages[unit.group].add(unit.language)  # hits built without their languages
    floor = min((u.cosine for u in near), default=0.0)  # a translation with no unit near is at most this
    compared = compared_in({group: languages[group] for group, _ in best}, language)
    scores = {
        group: statistics.mean(best.get((group, lang), floor) for lang in langs) for group, langs in compared.items()
    }
    lexical = sorted(
        {h.group: h.lexical_rank for h in reversed(hits) if h.lexical_rank is not None}.items(), key=lambda kv: kv[1]
    )
    for place, (group, _) in enumerate(lexical):
        if group in scores:
            scores[group] += SESSION_LEXICAL_BONUS / (place + 1)
    return {group: score + GRAM_WEIGHT * grams.get(group, 0.0) for group, score in scores.items()}


def compared_in(languages: dict[str, set[str]], asked_in: str) -> dict[str, set[str]]:
    """The translations each session is scored on: the languages all candidates share (each session's own
    when they share none), and the question's own when the session has it. Not the best unit of any translation:
    a session in eleven languages had eleven draws at a high maximum, one in four languages four, and the
    many-language sessions won questions that were not theirs (series tuning cases: hit@1 0.812 -> 0.884)."""
    common = set.intersection(*languages.values()) if languages else set()
    return {group: (common or own) | ({asked_in} & own) for group, own in languages.items()}


def rank_sessions(hits: list[Hit], scores: dict[str, float]) -> list[Hit]:
    """The sections in the order of their sessions' scores; sessions without one follow in the sections'
    own order, and sections keep their order within a session."""
    section_order: list[str] = []
    for hit in hits:
        if hit.group not in section_order:
            section_order.append(hit.group)
    ranked = sorted(section_order, key=lambda g: (-scores.get(g, -2.0), section_order.index(g)))
    return sorted(hits, key=lambda h: ranked.index(h.group))


@dataclass
class Section:
    """The chunks of one section (a long section is split, and its list may span two chunks)."""

    texts: list[str]  # chunk texts in page order
    place: int  # where the chunk asked about is among them
    heading: str
    language: str
    summary: bool = False  # the page's overview or agenda (see ChunkMeta.summary)
    # Reads the English version's item labels, in order, when its list matches this one item for item: askers
    # borrow the English names ("Product Owner") that a translated page does not use ("Produkteigentümer").
    # Read only for the section quoted, when the question has English words (it was read for every section of
    # every page quoted: 3.5 reads a question).
    english: Callable[[], tuple[str, ...]] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def english_labels(self) -> tuple[str, ...]:
        return self.english()


def sections_of(page_units: list[UnitHit], section_of: Callable[[str], Section | None]) -> dict[str, Section | None]:
    """The section of each chunk the units come from, read once per chunk."""
    return {chunk_id: section_of(chunk_id) for chunk_id in {u.chunk_id for u in page_units}}


def choose_quote(
    page_units: list[UnitHit],
    question_terms: set[str],
    section_of: Callable[[str], Section | None],
    first_section: int | None = None,
    title_terms: Set[str] = frozenset(),
    intent: Intent = Intent(),
    english_terms: Set[str] = frozenset(),
) -> Quote | None:
    """The lines to quote from the page: around its best unit, as much as the page's structure asks.

    The best other real section is quoted too, after it, under its own heading: when the best unit is
    the page's summary (its overview or agenda: it says what the session is about, a section what it
    says), or when the two sections' best units score about the same (the model cannot tell which one
    the question means). A question about the session itself ("what is it about?") gets the page's own
    summaries instead: its overview, then its key points."""
    sections = sections_of(page_units, section_of)
    if intent.about_the_session and (summary := summary_quote(page_units, sections)):
        return summary
    bonus = {chunk_id: section_bonus(s, question_terms, title_terms) for chunk_id, s in sections.items()}
    scores = {
        id(u): unit_score(u, question_terms)
        + SECTION_WEIGHT * (u.section_index == first_section)
        + bonus[u.chunk_id]
        + intent.bonus(u)
        for u in page_units
    }
    ranked = sorted(page_units, key=lambda u: -scores[id(u)])
    if not ranked or (section := sections[ranked[0].chunk_id]) is None:
        return None  # no units, or the chunk was replaced a moment ago: quote by the section rules instead
    if named := named_in_english(section, english_terms):
        return Quote(ranked[0].chunk_id, named, settled=True)
    # The title's words name the session's topic, not a section's list ("architecture" in every section
    # of the architecture session): they do not ask for a list whole.
    listing = set(question_terms) - set(title_terms)
    top = ranked[0]
    if top.kind == "item" and intent.bonus(top):
        # "How often…": the items naming a frequency answer, whatever heading word the question also uses
        # ("Wie oft sollte sich das AJO-Team treffen?" asks for no list of "Team-Weiterentwicklung")
        listing = set()
    main = section_quote(ranked, section, scores, listing, intent)
    companion = next(
        ((u, s) for u in ranked
         if u.section_index != top.section_index and (s := sections[u.chunk_id]) is not None and not s.summary),
        None,
    )  # fmt: skip
    margin = COMPANION_MARGIN if section.summary else TIE_MARGIN
    if companion is not None and scores[id(companion[0])] >= scores[id(top)] - margin:
        unit, other = companion
        rest = [u for u in ranked if u.section_index == unit.section_index]
        main.also = section_quote(rest, other, scores, listing, intent)
    return main


def named_in_english(section: Section, english_terms: Set[str]) -> list[str] | None:
    """The lines of the one item of the section's chunk whose English label the question names in full:
    "Welche Rolle hat der Data Architect bei CJA?" on the German page's **Datenarchitekt** (the whole list
    was quoted, each role cut to its first sentence). None when no item, or more than one, is named so."""
    if not english_terms or not section.english_labels:
        return None
    named = [
        n for n, text in enumerate(section.english_labels)
        if (words := set(terms(text, "en"))) and overlap(words, list(english_terms)) == words
    ]  # fmt: skip
    if len(named) != 1:
        return None
    before = sum(1 for text in section.texts[: section.place] for b in blocks(text) if b.kind == "item")
    items = [b for b in blocks(section.texts[section.place]) if b.kind == "item"]
    place = named[0] - before
    return items[place].lines if 0 <= place < len(items) else None


def brief_quote(
    page_units: list[UnitHit],
    question_terms: set[str],
    section_of: Callable[[str], Section | None],
    title_terms: Set[str] = frozenset(),
) -> Quote | None:
    """Another session's best line, for an answer that names it after the first: the best unit of a real
    section (the overview and agenda resemble every question on the session's topic; not a sentence that
    leads into a list), a list item as its label and first sentence. Its whole list (what a second session
    used to get) held no fact the first session's quote lacked on the tuning cases, and made the longest
    answers."""
    sections = sections_of(page_units, section_of)
    scored = [
        (unit_score(u, question_terms) + section_bonus(section, question_terms, title_terms), u, section)
        for u in page_units
        if (section := sections[u.chunk_id]) is not None and not section.summary and not leads_in(u.text)
    ]
    if not scored:
        return None
    _, best, section = max(scored, key=lambda s: s[0])
    if best.kind != "item":
        return Quote(best.chunk_id, [best.text])
    item = blocks(section.texts[section.place])[best.block]
    return Quote(best.chunk_id, item_sentence(item, section.language))


def leads_in(text: str) -> bool:
    """A sentence that introduces what follows ("…aligns with the Prosci methodology, focusing on:"): alone,
    it says nothing."""
    return text.rstrip().endswith(":")


def section_quote(
    ranked: list[UnitHit], section: Section, scores: dict[int, float], question_terms: set[str], intent: Intent
) -> Quote:
    """The lines around the first of `ranked` in its section. When the question does not use the words of the
    list's heading or lead sentence, one list item is quoted alone when it clearly beats the other items; else,
    when it asks for no set either ("which roles…"), its best few (for "how often…", every item naming a
    frequency: the cadence, settled against label matches); otherwise the list is quoted whole
    after its lead. Without a list, the best two sentences of the chunk (of a summary, its first four)."""
    top = ranked[0]
    parts = [blocks(text) for text in section.texts]
    items = [block for chunk in parts for block in chunk if block.kind == "item"]
    if not items:
        if section.summary and not intent.defines:  # the page's own summary is short, and reads as one: quoted whole
            return Quote(top.chunk_id, whole(section))
        best_two = [u for u in ranked if u.chunk_id == top.chunk_id][:2]
        return Quote(top.chunk_id, [u.text for u in sorted(best_two, key=lambda u: u.position)])
    same_section = [u for u in ranked if u.section_index == top.section_index]
    listing = asks_for_the_list(question_terms, section, same_section)
    # A list of a few short items reads as one answer: choosing among them saved little and dropped the item
    # asked about when the model chose wrong (series tuning cases: recall 0.794 -> 0.803, median unchanged)
    listing = listing or (is_short(items) and not intent.bonus(top))
    if top.kind == "item" and not listing:
        rivals = [scores[id(u)] for u in same_section if u.kind == "item" and u is not top]
        both = intent.how_often and intent.how_many  # "Wie groß ist das Team und wie oft trifft es sich?"
        # An item this far ahead answers alone, even a question asking for a set: "Welche Firmen nutzen CJA?"
        # is the one item naming customers, not the list of topics it stands in (series tuning cases: median
        # 541 -> 524 characters, recall unchanged)
        if not rivals or (scores[id(top)] - max(rivals) >= ITEM_MARGIN and not both):
            return Quote(top.chunk_id, parts[section.place][top.block].lines)
    if top.kind == "item" and not (intent.wants_a_list or listing):
        best = [u for u in same_section if u.kind == "item" and u.chunk_id == top.chunk_id]
        # "How often does the team meet?" with no item clearly ahead: the cadence, every item naming a frequency
        cadence = bool(intent.bonus(top))
        best = [u for u in best if intent.bonus(u)] if cadence else best[:FEW_ITEMS]
        chosen = [parts[section.place][u.block] for u in sorted(best, key=lambda u: u.block)]
        lines = [line for item in chosen for line in item_sentence(item, section.language, question_terms)]
        return Quote(top.chunk_id, lines, settled=cadence)
    best_sentence = next((u for u in same_section if u.kind == "sentence"), None)
    # Before the list, its own lead ("…aligns with the Prosci methodology, focusing on:") or a sentence that
    # answers better than any item ("Sometimes one person holds several roles"); another sentence only made the
    # answer longer (series tuning cases: median 555 -> 541 characters, recall unchanged).
    says_more = best_sentence is not None and (leads_in(best_sentence.text) or best_sentence is top)
    lead = [best_sentence.text, ""] if best_sentence and says_more else []
    listed = [line for block in items[:MAX_LIST_ITEMS] for line in item_sentence(block, section.language)]
    return Quote(top.chunk_id, lead + listed)


def pointed_item(quote: Quote, pick: Callable[[list[list[str]]], int | None]) -> Quote | None:
    """The item of a quoted list that `pick` points at (by its place), with its nested lines; a lone item's
    nested list is pointed into under that item's label ("Team Evolution:" then its last stage). None when
    there are fewer than two items to choose from, or `pick` points at none."""
    items = list_items(quote.lines)
    if len(items) == 1 and len(nested := list_items([line[2:] for line in items[0][1:]])) >= 2:
        place = pick(nested)
        return None if place is None else Quote(quote.chunk_id, [items[0][0], *("  " + x for x in nested[place])])
    place = pick(items) if len(items) >= 2 else None
    return None if place is None else Quote(quote.chunk_id, items[place])


def placed_item(quote: Quote, place: int) -> Quote | None:
    """The item of a quoted list at a place (0 the first, -1 the last): "and the last stage?", "E la
    seconda?"; None when the list has no such place."""
    return pointed_item(quote, lambda items: place if -len(items) <= place < len(items) else None)


def item_after(quote: Quote, named: Callable[[str], bool]) -> Quote | None:
    """The item after the one whose label is named, in the list or in an item's nested list: "and what
    comes after prioritisation?", "und nach Scale?"."""

    def pick(items: list[list[str]]) -> int | None:
        return next((n + 1 for n, item in enumerate(items[:-1]) if named(item[0])), None)

    found = pointed_item(quote, pick)
    inner = (pointed_item(Quote(quote.chunk_id, item), pick) for item in list_items(quote.lines))
    return found or next((item for item in inner if item), None)


def label(line: str) -> str:
    """The bold label of a list item's line ("* **Prioritisation** Rank use cases…" → "Prioritisation")."""
    mark = LIST_MARK.match(line)
    found = LABEL.match(mark.group("text")) if mark else None
    return found.group("label") if found else ""


def list_items(lines: list[str]) -> list[list[str]]:
    """The list items among quoted lines, each with the lines nested under it (the pages' own parser)."""
    return [block.lines for block in blocks("\n".join(lines)) if block.kind == "item"]


def summary_quote(page_units: list[UnitHit], sections: dict[str, Section | None]) -> Quote | None:
    """The page's first summary (its overview) whole, and the next one (its agenda or key points) after it;
    a page whose only section is a list sums itself up there ("Key Takeaways": not an agenda, which leads
    into other sections)."""
    firsts: dict[int, tuple[str, Section]] = {}  # each section's first chunk (a long section has more)
    for unit in sorted(page_units, key=lambda u: u.section_index):
        if (section := sections[unit.chunk_id]) is not None and section.place == 0:
            firsts.setdefault(unit.section_index, (unit.chunk_id, section))
    summaries = [first for first in firsts.values() if first[1].summary]
    others = [first for first in firsts.values() if not first[1].summary]
    if not summaries:
        return None
    if len(summaries) == 1 and len(others) == 1 and only_a_list("\n".join(others[0][1].texts)):
        summaries += others
    # settled: the question names the session's topic ("summarise the change management session"), not one item
    quotes = [Quote(chunk_id, whole(section), settled=True) for chunk_id, section in summaries[:2]]
    main = quotes[0]
    main.also = quotes[1] if len(quotes) > 1 else None
    return main


def whole(section: Section) -> list[str]:
    """A summary's chunk as it reads: its first sentences, then its list (each item's label and first
    sentence)."""
    parts = blocks(section.texts[section.place])
    said = [s for b in parts if b.kind == "paragraph" for s in sentences(b.text, section.language)]
    listed = [line for b in parts if b.kind == "item" for line in item_sentence(b, section.language)]
    lead = said[:SUMMARY_SENTENCES]
    return lead + ([""] if lead and listed else []) + listed[:MAX_LIST_ITEMS]


def section_bonus(section: Section | None, question_terms: set[str], title_terms: Set[str]) -> float:
    """What a unit's section adds: its heading's words the question uses (beyond the title's), less the
    margin for the page's summaries (overview, agenda)."""
    if section is None:
        return 0.0
    # A compound heading names the question's word too ("Komponenten" in "Northstar-Architekturkomponenten")
    heading = unit_terms(section.heading, section.language) - title_terms
    named = overlap(question_terms - title_terms, list(heading))
    return HEADING_WEIGHT * min(len(named), LEXICAL_CAP) - OVERVIEW_MARGIN * section.summary


def item_sentence(item: Block, language: str, question_terms: Set[str] = frozenset()) -> list[str]:
    """An item as a list quotes it: its label and one sentence, with its nested lines. Of a list quoted
    whole, the first sentence (the list is the answer, not each item's detail). Of a few items chosen for
    the question, the sentence that shares most of the question's words (`question_terms`; the first on a
    tie): "Vem ansvarar för dataintegriteten?" gets the manager's third sentence, on data integrity, not the
    first, on reporting."""
    head, *nested = item.lines
    label = LIST_MARK.match(head)
    if not label:
        return item.lines
    marker, text = label.group("marker"), label.group("text")
    body = LABEL.sub("", text, count=1).strip()
    said = sentences(body, language) if body else [""]
    shared = [len(overlap(set(question_terms), list(unit_terms(s, language)))) for s in said]
    best = shared.index(max(shared))  # the first of the best: the first sentence on a tie
    # "This approach avoids…" is quoted with the sentence it points back to
    first = " ".join(said[best - 1 : best + 1]) if best and points_back(said[best]) else said[best]
    return [f"{marker}{text[: len(text) - len(body)]}{first}".rstrip(), *nested]


def is_short(items: list[Block]) -> bool:
    return (
        len(items) <= SHORT_LIST_ITEMS and sum(len(line) for item in items for line in item.lines) <= SHORT_LIST_CHARS
    )


def asks_for_the_list(question_terms: set[str], section: Section, units: list[UnitHit]) -> bool:
    """The question uses a word of the section's heading or of its own sentences (not of its items)."""
    words = set(terms(section.heading, section.language))
    words |= {t for u in units if u.kind == "sentence" for t in unit_terms(u.text, u.language)}
    return bool(question_terms & words)
