"""Extractive, grounded answers: the sentences and list items that answer, wrapped in fixed phrases.

No generative model is available offline, so the answer quotes the evidence verbatim (list structure
and figures intact) and only the short framing phrases are written in the asker's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistant.citations import citation
from assistant.phrases import (
    RECORDING_WORDS,
    asks_how_long,
    asks_how_many,
    asks_only_of_the_session,
    asks_which_languages,
    asks_who_it_is_for,
    audience_list,
    language_list,
    phrase,
    without_examples,
)
from assistant.quotes import SECOND_SESSION_MARGIN, Quote
from assistant.retrieval import Hit
from assistant.terms import overlap, terms
from ingest.language import language_name
from ingest.products import short_title, strip_products
from ingest.units import Block, blocks, sentences

MAX_LIST_ITEMS = 12
# Sections match about equally well within this cosine (and another session is named too when no
# session scores decide: see close_second).
CLOSE_MATCH_MARGIN = 0.015


@dataclass(frozen=True)
class Listing:
    """A list of sessions asked for, as EvidenceFinder.catalog chose them: whose series (`products`: one
    product, "A / B", or "" for every product's) and which of its sessions, which decide the list's heading
    and what each line says."""

    products: str
    language: str | None = None  # only the sessions in it: "Welche Sessions gibt es auf Deutsch?"
    compared: bool = False  # sessions named by number: "Unterschied zwischen Sitzung 3 und 4?"
    start: bool = False  # each series' first: "Womit soll ich anfangen?"
    about: bool = False  # what each is about (its summary's first sentence): "What is the AJO series about?"


@dataclass
class Part:
    hit: Hit
    markdown: str


@dataclass
class Composition:
    answer: str
    used: list[Hit] = field(default_factory=list)
    exact: bool = False  # the used hits are all its sources (a session's facts): no other match is listed


def named(block: Block, question_terms: set[str], language: str, field: str, topic: set[str]) -> int:
    """How strongly the question names this item. A label counts when it matches a word beyond the
    section's own topic, or when most of the label matches ("Teamutveckling", "Governance Cadence");
    "Use Case Libraries" is not named by a question about business cases in a business-case section."""
    words = terms(getattr(block, field), language)
    matched = overlap(question_terms, words)
    if field == "label" and matched and not (matched - topic) and len(matched) < 0.5 * len(set(words)):
        return 0
    return len(matched)


def best_items(
    items: list[Block], question_terms: set[str], language: str, field: str, topic: set[str] | None = None
) -> list[Block]:
    """The few items whose label (or text) shares the most question words; none when it is not a few."""
    topic_terms = {t for t in question_terms if overlap({t}, list(topic or ()))}
    scored = [(named(b, question_terms, language, field, topic_terms), b) for b in items]
    best = max((s for s, _ in scored), default=0)
    matched = [b for s, b in scored if s == best] if best else []
    return matched if len(matched) <= 3 else []


def select(
    text: str,
    question_terms: set[str],
    language: str,
    context_terms: set[str] | None = None,
    topic_terms: set[str] | None = None,
    planned: list[str] | None = None,
    settled: bool = False,
) -> list[str]:
    """Markdown lines of `text` that answer: the items the question names, else the lead and the list.

    Items are looked for by label (within the units' choice, `planned`, when there is one), then the units'
    choice is quoted; without one, items are looked for by text, for the message itself; then by label for the
    conversation's context (a follow-up such as "and the last stage?" names no label itself). Words of
    the section's own heading ("roles" in a section on roles) match every item, so they pick none."""
    parts = blocks(text)
    items = [b for b in parts if b.kind == "item"]
    specific = {t for t in question_terms if not overlap({t}, list(topic_terms or ()))}
    matched = best_items(items, question_terms, language, "label", topic_terms) if question_terms else []
    if matched and (not planned or (not settled and chosen_among(matched, planned))):
        return [line for b in matched for line in b.lines]
    if planned:  # chosen by the units (assistant.quotes)
        return planned
    for wanted, part in ((specific, "text"), (context_terms, "label")):
        if wanted and (matched := best_items(items, wanted, language, part, topic_terms)):
            return [line for b in matched for line in b.lines]
    paragraphs = [b for b in parts if b.kind == "paragraph"]
    lines: list[str] = []
    if items:
        lead = next((p for p in paragraphs if parts.index(p) < parts.index(items[0])), None)
        if lead:
            lines.append(sentences(lead.text, language)[0])
            lines.append("")
        lines.extend(line for b in items[:MAX_LIST_ITEMS] for line in b.lines)
        return lines
    ranked = sorted(
        (s for p in paragraphs for s in sentences(p.text, language)),
        key=lambda s: -len(overlap(question_terms, terms(s, language))),
    )
    keep = set(ranked[:3])
    return [s for p in paragraphs for s in sentences(p.text, language) if s in keep]


def chosen_among(items: list[Block], planned: list[str]) -> bool:
    """Every item is among the units' choice (which quotes an item's label and first sentence): a label the
    question names may narrow that choice, not overrule it. A user's incidental word ("meet" in "Strategy
    Meetings") otherwise picked items the units had ranked low (tuning cases: fact recall 0.759 -> 0.768)."""
    return all(any(item.lines[0].startswith(line) for line in planned if line) for item in items)


MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>#|~])")


def literal(text: str) -> str:
    """The asker's own text, echoed into an answer, shown as typed: no emphasis, link or HTML of its own."""
    return MARKDOWN_SIGNS.sub(r"\\\1", text)


def quote(lines: list[str]) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def asked_about(text: str) -> str:
    """What a question asks lines about: product names scope the question, they pick no item, nor does an
    example the asker gives ("Vilka roller (t.ex. produktägare) finns?" asks for every role)."""
    return strip_products(without_examples(text))


def question_terms(text: str, doc_language: str, question_language: str) -> set[str]:
    """Terms to look for in the evidence (see asked_about)."""
    text = asked_about(text)
    found = set(terms(text, doc_language))
    if doc_language != question_language:
        found |= set(terms(text, question_language))
    return found


def render(
    hit: Hit,
    question: str,
    question_language: str,
    asker: str,
    context: str,
    n: int,
    planned: list[str] | None = None,
    settled: bool = False,
    lead: str = "from_session",
) -> Part:
    """The hit's lines under a lead phrase (`lead`) that names the session and cites it as source [n]."""
    meta = hit.meta
    doc_language = hit.language
    lines = shown(hit, question, question_language, context, planned, settled)
    section = None if meta.overview else meta.section  # the overview's heading is the title again
    values = {"title": short_title(meta.title), "section": section, "cite": f" {citation(n)}"}
    if doc_language == asker:
        return Part(hit, phrase(lead, asker, **values) + "\n\n" + "\n".join(lines))
    values["language"] = language_name(doc_language, asker)
    values["available"] = language_list(list(hit.available) or [doc_language], asker)
    return Part(hit, phrase("other_language", asker, **values) + "\n\n" + quote(lines))


def shown(
    hit: Hit,
    question: str,
    question_language: str,
    context: str,
    planned: list[str] | None = None,
    settled: bool = False,
) -> list[str]:
    """The lines of the hit an answer to the question quotes (see select)."""
    return select(
        hit.node.get_content(),
        question_terms(question, hit.language, question_language),
        hit.language,
        question_terms(context, hit.language, question_language),
        set(terms(section_heading(hit), hit.language)),
        planned,
        settled,
    )


def companion(hit: Hit, asker: str, lines: list[str], n: int) -> Part:
    """A second section of the page just quoted: under its heading only (the lead named the session)."""
    body = "\n".join(lines) if hit.language == asker else quote(lines)
    return Part(hit, phrase("section_also", asker, section=hit.meta.section, cite=f" {citation(n)}") + "\n\n" + body)


def pointer(hit: Hit, asker: str, n: int) -> Part:
    """Another session that matches almost as well, without a line chosen for it (no units): named and
    cited. Its section's whole list (what it used to get) made the longest answers."""
    section = None if hit.meta.overview else hit.meta.section
    return Part(
        hit, phrase("see_also", asker, title=short_title(hit.meta.title), section=section, cite=f" {citation(n)}")
    )


def label_match(hit: Hit, question: str, question_language: str) -> int:
    """How strongly the question names one of this section's items."""
    wanted = question_terms(question, hit.language, question_language)
    topic = {t for t in wanted if overlap({t}, terms(section_heading(hit), hit.language))}
    items = [b for b in blocks(hit.node.get_content()) if b.kind == "item" and b.label]
    return max((named(b, wanted, hit.language, "label", topic) for b in items), default=0)


def section_heading(hit: Hit) -> str:
    return hit.meta.heading


def main_evidence(hits: list[Hit], question: str, question_language: str, margin: float) -> list[Hit]:
    """Among the session's sections that match about equally well, the one whose item the question names
    ("governance cadence" → the Governance Cadence item) goes first."""
    top = hits[0]
    close = [h for h in hits if h.group == top.group and h.score >= top.score - 2 * margin]
    named = {id(h): label_match(h, question, question_language) for h in close}  # top is among them
    best = max(close, key=lambda h: named[id(h)])
    if named[id(best)] > named[id(top)]:
        return [best, *[h for h in hits if h is not best]]
    return hits


def session_facts(question: str, hit: Hit, asker: str, languages: bool = True) -> str:
    """What the question asks about the session itself, from the page's front matter: its recording, who
    it is for, how long it is; and the languages its page exists in."""
    meta = hit.meta
    facts = []
    if RECORDING_WORDS.search(question) and meta.video_url:  # "is there a video of it?"
        facts.append(phrase("recording", asker, url=meta.video_url))
    if asks_who_it_is_for(question) and meta.role:
        facts.append(phrase("audience", asker, roles=audience_list(meta.role, asker)))
        facts += [phrase("level", asker, levels=audience_list(meta.level, asker))] if meta.level else []
    if asks_how_long(question) and meta.minutes:
        facts.append(phrase("duration", asker, minutes=str(meta.minutes)))
    if languages and asks_which_languages(question):
        available = language_list(list(hit.available) or [hit.language], asker)
        facts.append(phrase("languages", asker, available=available))
    return " ".join(facts)


def close_second(hit: Hit, top: Hit, margin: float, sessions: Mapping[str, float]) -> bool:
    """Another session is quoted too when it answers almost as well: by the score that ranked the
    sessions when there is one, else by the sections' cosine."""
    if hit.group in sessions and top.group in sessions:
        return sessions[hit.group] >= sessions[top.group] - SECOND_SESSION_MARGIN
    return hit.score >= top.score - margin


def listed(hits: list[Hit], asker: str, listing: Listing, question: str = "") -> Composition:
    """The sessions (of one product's series, or of each product under its name), by their place in
    the series, each named and cited, with the facts the question asks of them ("Hur länge är
    AJO-sessionerna?": each one's length), and for what the series is about, the first sentence of each
    one's summary."""
    product = listing.products
    heading = list_heading(listing, asker)
    if asks_how_many(question) and len(hits) > 1:  # "Wie viele Sessions gibt es?": say how many first
        heading = f"{phrase('session_count', asker, count=str(len(hits)))} {heading}"
    lines = [heading, ""]
    # Each session's own summary for what the series is about (its recording is asked for on its own: five
    # links made the list hard to read)
    asked = RECORDING_WORDS.sub(" ", question) if listing.about else question
    current = None
    for n, hit in enumerate(hits, 1):
        if not product and hit.meta.solution != current:
            current = hit.meta.solution
            lines += ["", f"*{current}*", ""] if n > 1 else [f"*{current}*", ""]
        place = f"{hit.meta.session}." if hit.meta.session else "*"
        facts = session_facts(asked, hit, asker, languages=not listing.language)  # the heading names the language
        lines.append(f"{place} **{short_title(hit.meta.title)}** {citation(n)}" + (f": {facts}" if facts else ""))
        if listing.about and (summary := overview_sentence(hit)):  # quoted in the page's words, under its place
            lines.append(f"   {summary}" if hit.language == asker else f"   > {summary}")
    return Composition("\n".join(lines), list(hits))


# A list's heading by what it lists, and its version naming one product's series
SERIES_HEADINGS = {
    "catalog": "catalog_series", "catalog_in": "catalog_series_in", "compared": "compared_series",
    "catalog_start": "catalog_start_series",
}  # fmt: skip


def list_heading(listing: Listing, asker: str) -> str:
    key = "catalog_in" if listing.language else "compared" if listing.compared else "catalog"
    key = "catalog_start" if listing.start and key == "catalog" else key
    values = {"language": language_name(listing.language, asker)} if listing.language else {}
    if listing.products:
        key, values["product"] = SERIES_HEADINGS[key], listing.products
    return phrase(key, asker, **values)


def overview_sentence(hit: Hit) -> str:
    """The first sentence of the session's own summary (its title section's first paragraph)."""
    paragraph = next((b.text for b in blocks(hit.node.get_content()) if b.kind == "paragraph"), "")
    return sentences(paragraph, hit.language)[0] if paragraph.strip() else ""


def compose(
    question: str,
    hits: list[Hit],
    asker: str,
    question_language: str,
    margin: float,
    context: str = "",
    quote: Quote | None = None,
    sessions: Mapping[str, float] | None = None,
    catalog: Listing | None = None,
    others: Mapping[str, Quote] | None = None,
) -> Composition:
    """Main evidence first; then the sessions chosen to follow it (`others`, by group: another product
    the question compares, one that answers almost as well), each quoted under its name; another that
    matches almost as well without a quote is named in a line. For a question asking which sessions
    there are (`catalog`), the list of them."""
    if hits and catalog is not None:
        return listed(hits, asker, catalog, question)
    if not hits:
        return Composition(phrase("no_coverage", asker))
    context = context or question
    planned = quote.lines if quote and quote.chunk_id == hits[0].node.node_id else None
    if planned is None:
        hits = main_evidence(hits, question, question_language, margin)
    facts = session_facts(question, hits[0], asker)
    if facts and asks_only_of_the_session(question):  # "Is there a recording?": the link, not a quote of the page
        return Composition(f"**{short_title(hits[0].meta.title)}** {citation(1)}\n\n{facts}", [hits[0]], exact=True)
    settled = planned is not None and quote is not None and quote.settled
    main = render(hits[0], question, question_language, asker, context, 1, planned, settled)
    if facts:
        main.markdown = facts + "\n\n" + main.markdown
    parts = [main]
    also = quote.also if planned is not None and quote else None
    if also and len(hits) > 1 and hits[1].node.node_id == also.chunk_id:  # the same page's section after its summary
        parts.append(companion(hits[1], asker, also.lines, 2))
    for hit in hits[1:]:
        if hit.group in {p.hit.group for p in parts}:
            continue
        other = (others or {}).get(hit.group)
        if other and other.chunk_id == hit.node.node_id:
            n = len(parts) + 1
            parts.append(render(hit, question, question_language, asker, context, n, other.lines, True, "also"))
        elif close_second(hit, hits[0], margin, sessions or {}):
            parts.append(pointer(hit, asker, len(parts) + 1))
    return Composition("\n\n".join(p.markdown for p in parts), [p.hit for p in parts])
