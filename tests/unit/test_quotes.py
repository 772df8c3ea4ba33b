"""Choosing what to quote from evidence units, and ranking sessions with them (assistant.quotes)."""

import pytest

from assistant.quotes import (
    Intent,
    Quote,
    Section,
    brief_quote,
    choose_quote,
    item_after,
    item_sentence,
    label,
    named_in_english,
    placed_item,
    rank_sessions,
    session_scores,
)
from assistant.retrieval import UnitHit
from assistant.terms import terms
from ingest.units import blocks
from tests.unit.stub_retriever import hit

ROLES = """Understanding the key roles is essential for success.

* **Product Owner** Manages the roadmap and access.
* **Data Architect** Designs data models and ingestion.
* **Digital Analytics Manager** Leads reporting.
* **Enterprise Architect** Aligns the platform."""  # four items: a list of three short ones is quoted whole
MORE_ROLES = """* **Subject Matter Experts** Analysts who work with the data.
* **Data Scientist** Advanced models."""
HEADING = "Operating Model › Map Critical Roles"


def unit(text: str, cosine: float, *, hub: float = 0.5, chunk: str = "c1", kind: str = "item", block: int = 1,
         position: int = 1, section_index: int = 2, group: str = "KT-1", language: str = "en") -> UnitHit:  # fmt: skip
    return UnitHit(text=text, cosine=cosine, hub=hub, chunk_id=chunk, group=group, language=language, kind=kind,
                   block=block, position=position, section_index=section_index)  # fmt: skip


def roles_units(architect: float, owner: float, manager: float, lead: float) -> list[UnitHit]:
    return [
        unit("Understanding the key roles is essential for success.", lead, kind="sentence", block=0, position=0),
        unit("* **Product Owner** Manages the roadmap and access.", owner, block=1, position=1),
        unit("* **Data Architect** Designs data models and ingestion.", architect, block=2, position=2),
        unit("* **Digital Analytics Manager** Leads reporting.", manager, block=3, position=3),
    ]


def one_chunk(chunk_id: str) -> Section | None:
    return Section([ROLES], 0, HEADING, "en") if chunk_id == "c1" else None


def test_an_item_that_clearly_wins_is_quoted_alone():
    quote = choose_quote(roles_units(0.90, 0.80, 0.79, 0.70), {"ingest"}, one_chunk)
    assert quote == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


def test_items_that_match_about_as_well_are_quoted_together_in_page_order():
    quote = choose_quote(roles_units(0.90, 0.89, 0.79, 0.70), {"ingest"}, one_chunk)
    assert quote == Quote("c1", ROLES.split("\n")[2:4])  # the owner, then the architect: not the manager


def test_a_question_asking_for_a_set_gets_the_whole_list_after_its_lead():
    # "Quali ruoli…?" about an English page: no word in common with the heading, but it asks for the list
    quote = choose_quote(roles_units(0.90, 0.89, 0.79, 0.70), {"ingest"}, one_chunk, intent=Intent(wants_a_list=True))
    assert quote is not None and quote.lines == ROLES.split("\n")[2:]  # the sentence before it says nothing more
    # a sentence that leads into the list, or answers better than any item, is quoted before it
    lead = "These roles cover the analytics process:"
    units = [unit(lead, 0.70, kind="sentence", block=0, position=0), *roles_units(0.90, 0.89, 0.79, 0.70)[1:]]

    def led(chunk_id: str) -> Section:
        return Section([ROLES.replace(ROLES.split("\n")[0], lead)], 0, HEADING, "en")

    quote = choose_quote(units, {"ingest"}, led, intent=Intent(wants_a_list=True))
    assert quote is not None and quote.lines[:2] == [lead, ""]
    quote = choose_quote(roles_units(0.80, 0.79, 0.78, 0.91), {"ingest"}, one_chunk, intent=Intent(wants_a_list=True))
    assert quote is not None and quote.lines[0] == "Understanding the key roles is essential for success."


def test_an_item_far_ahead_answers_alone_even_a_question_asking_for_a_set():
    # "Welche Firmen nutzen CJA?": one item names customers; the list is of the session's topics
    quote = choose_quote(roles_units(0.90, 0.85, 0.79, 0.70), {"ingest"}, one_chunk, intent=Intent(wants_a_list=True))
    assert quote == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


def test_a_question_about_the_list_as_a_whole_gets_all_of_it():
    # "Which roles…": the word is the heading's and the lead's, not one item's, however well one item scores
    quote = choose_quote(roles_units(0.95, 0.80, 0.79, 0.70), {"role"}, one_chunk)
    assert quote is not None and len([line for line in quote.lines if line.startswith("*")]) == 4


def test_a_word_of_the_title_does_not_ask_for_the_whole_list():
    # "Which data flows into the roles model?" about a page titled "Operating Model": "model" is in the
    # heading only because it is in the title, so the best items are quoted, not the list whole.
    units = roles_units(0.90, 0.89, 0.79, 0.70)
    whole = choose_quote(units, {"model"}, one_chunk)
    assert whole is not None and len([line for line in whole.lines if line.startswith("*")]) == 4
    best = choose_quote(units, {"model"}, one_chunk, title_terms={"oper", "model"})
    assert best is not None and [line.split("**")[1] for line in best.lines] == ["Product Owner", "Data Architect"]


def test_a_generic_sentence_close_to_everything_loses_to_a_specific_item():
    units = roles_units(0.84, 0.70, 0.70, 0.86)
    units[0].hub = 0.95  # "In this session we review…": near the centre of every page
    units[2].hub = 0.60
    quote = choose_quote(units, {"ingest"}, one_chunk)
    assert quote == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


def test_a_list_split_across_two_chunks_is_quoted_whole():
    def two_chunks(chunk_id: str) -> Section | None:
        return Section([ROLES, MORE_ROLES], 0 if chunk_id == "c1" else 1, HEADING, "en")

    quote = choose_quote(roles_units(0.80, 0.80, 0.80, 0.95), {"ingest"}, two_chunks)
    assert quote is not None
    assert len([line for line in quote.lines if line.startswith("*")]) == 6


def test_a_list_of_three_short_items_is_quoted_whole_not_its_best_item():
    # "How do we get different departments pulling together…?" got one of the three lines, not the one on
    # documentation it asked about; each is a short line, so the list reads as one answer
    short = "Collaboration matters.\n\n* Work across departments.\n* Share documentation.\n* Review examples."

    def sections(chunk_id: str) -> Section | None:
        return Section([short], 0, "Change › Collaboration Strategies", "en")

    units = [unit(line, cosine, block=n, position=n) for n, (line, cosine) in
             enumerate([("* Work across departments.", 0.95), ("* Share documentation.", 0.80),
                        ("* Review examples.", 0.79)], start=1)]  # fmt: skip
    quote = choose_quote(units, {"depart"}, sections)
    assert quote is not None and quote.lines[-3:] == short.split("\n")[2:]
    longer = Section([short + "\n* Track adoption."], 0, "Change › Collaboration Strategies", "en")
    assert choose_quote(units, {"depart"}, lambda _: longer) == Quote("c1", ["* Work across departments."])


def test_without_a_list_the_two_best_sentences_are_quoted_in_page_order():
    text = "First sentence. Second sentence. Third sentence."
    scores = [("First sentence.", 0.7), ("Second sentence.", 0.8), ("Third sentence.", 0.9)]
    units = [unit(s, c, kind="sentence", block=0, position=i) for i, (s, c) in enumerate(scores)]
    quote = choose_quote(units, set(), lambda _: Section([text], 0, HEADING, "en"))
    assert quote == Quote("c1", ["Second sentence.", "Third sentence."])


def test_the_section_retrieval_ranked_first_has_a_head_start():
    units = [
        unit("Cadence sentence.", 0.80, kind="sentence", block=0, position=0, section_index=1, chunk="c0"),
        unit("Roles sentence.", 0.81, kind="sentence", block=0, position=0, section_index=2, chunk="c1"),
    ]

    def plain(chunk_id: str) -> Section:
        return Section(["Cadence sentence." if chunk_id == "c0" else "Roles sentence."], 0, HEADING, "en")

    assert choose_quote(units, set(), plain).chunk_id == "c1"  # type: ignore[union-attr]
    assert choose_quote(units, set(), plain, first_section=1).chunk_id == "c0"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("intent", "other", "wanted", "session"),
    [
        (Intent(how_often=True), "The working team handles blockers as they come.",
         "The working team meets bi-weekly to resolve blockers.", "KT-2"),
        # "Hur många personer behöver vi i början?": the pillars' "roles" outscored the team sizes; figures
        # stand on many pages, so they choose lines, not the session
        (Intent(how_many=True), "**Role Clarity** Defined responsibilities are essential.",
         "**Team Evolution** Incubate with 2-3 broad-scope members.", "KT-1"),
    ],
)  # fmt: skip
def test_a_question_asking_how_often_or_how_many_prefers_lines_that_name_a_frequency_or_a_figure(
    intent, other, wanted, session
):
    units = [
        unit(other, 0.82, kind="sentence", block=0, position=0, section_index=2, chunk="c1"),
        unit(wanted, 0.80, kind="sentence", block=0, position=0, section_index=1, chunk="c0"),
    ]

    def plain(chunk_id: str) -> Section:
        return Section([next(u.text for u in units if u.chunk_id == chunk_id)], 0, HEADING, "en")

    assert choose_quote(units, set(), plain).chunk_id == "c1"  # type: ignore[union-attr]
    assert choose_quote(units, set(), plain, intent=intent).chunk_id == "c0"  # type: ignore[union-attr]
    first, second = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    near = [unit(other, 0.82, group="KT-1"), unit(wanted, 0.80, group="KT-2")]
    assert max(session_scores([first, second], near, {}).items(), key=lambda kv: kv[1])[0] == "KT-1"
    assert max(session_scores([first, second], near, {}, intent).items(), key=lambda kv: kv[1])[0] == session


GOVERNANCE = """Robust governance and evolving team structures are key:

* **Governance Cadence** Monthly leadership check-ins and weekly progress updates ensure alignment.
* **Team Evolution** Incubate, scale, then embed the team."""


def test_a_heading_word_in_a_how_often_question_does_not_ask_for_the_whole_list():
    # "How often should the team meet?" shares "team" with "Governance & Team Evolution": the cadence item
    # answers, not the section's whole list (nor the "Team Evolution" item its label names)
    units = [
        unit("Robust governance and evolving team structures are key:", 0.80, kind="sentence", block=0, position=0),
        unit(GOVERNANCE.split("\n")[2], 0.84, block=1, position=1),
        unit(GOVERNANCE.split("\n")[3], 0.82, block=2, position=2),
    ]

    def governance(chunk_id: str) -> Section:
        return Section([GOVERNANCE], 0, "Operating Model › Governance & Team Evolution", "en")

    whole = choose_quote(units, {"team"}, governance)
    assert whole is not None and len([line for line in whole.lines if line.startswith("*")]) == 2
    often = choose_quote(units, {"team"}, governance, intent=Intent(how_often=True))
    assert often == Quote("c1", [GOVERNANCE.split("\n")[2]])


SIZES = """Robust governance and evolving team structures are key:

* **Governance Cadence** Monthly leadership check-ins and weekly progress updates ensure alignment.
* **Campaign Workflow** Request, validation, build and reporting.
* **Team Evolution** Incubate with 2-3 members, scale to 5-10."""


def test_a_question_asking_how_many_and_how_often_gets_the_figure_and_the_cadence():
    # "Wie groß ist das AJO-Team und wie oft trifft es sich?" got the team sizes alone: they led clearly
    units = [
        unit(SIZES.split("\n")[4], 0.86, block=3, position=3),
        unit(SIZES.split("\n")[2], 0.80, block=1, position=1),
        unit(SIZES.split("\n")[3], 0.79, block=2, position=2),
    ]

    def governance(chunk_id: str) -> Section:
        return Section([SIZES], 0, "Operating Model › Governance & Team Evolution", "en")

    many = choose_quote(units, set(), governance, intent=Intent(how_many=True))
    assert many == Quote("c1", [SIZES.split("\n")[4]])
    both = choose_quote(units, set(), governance, intent=Intent(how_often=True, how_many=True))
    assert both == Quote("c1", [SIZES.split("\n")[2], SIZES.split("\n")[4]], settled=True)


MEETINGS = """Establishing a structured governance cadence ensures alignment:

* **Annual Strategy Meetings** Identify value drivers.
* **Bi-Weekly Discussions** Resolve blockers.
* **Daily Working Team Activities** Handle day-to-day operations.
* **Escalation Path** Who decides when teams disagree."""


def test_a_how_often_question_with_no_item_ahead_gets_every_item_naming_a_frequency():
    # "How often does the team meet?": the cadence as a whole, not its best two items
    items = MEETINGS.split("\n")[2:]
    units = [unit(text, cosine, block=n + 1, position=n + 1) for n, (text, cosine) in
             enumerate(zip(items, (0.80, 0.81, 0.82, 0.79), strict=True))]  # fmt: skip

    def cadence(chunk_id: str) -> Section:
        return Section([MEETINGS], 0, "Operating Model › Governance", "en")

    assert choose_quote(units, set(), cadence) == Quote("c1", items[1:3])
    often = choose_quote(units, set(), cadence, intent=Intent(how_often=True))
    assert often == Quote("c1", items[:3], settled=True)


def test_a_question_naming_a_frequency_gets_the_line_naming_the_same():
    # "Vem deltar i de månatliga mötena?": the monthly line, not the annual one the model put first
    items = MEETINGS.replace("Escalation Path** Who decides", "Monthly Check-ins** Track KPIs").split("\n")[2:]
    units = [unit(text, cosine, block=n + 1, position=n + 1) for n, (text, cosine) in
             enumerate(zip(items, (0.83, 0.80, 0.79, 0.80), strict=True))]  # fmt: skip

    def cadence(chunk_id: str) -> Section:
        return Section(["Establishing a cadence:\n\n" + "\n".join(items)], 0, "Operating Model › Governance", "en")

    assert choose_quote(units, set(), cadence) == Quote("c1", items[:2])  # the best two: annual, bi-weekly
    monthly = choose_quote(units, set(), cadence, intent=Intent(frequencies=frozenset({"monthly"})))
    assert monthly == Quote("c1", items[3:], settled=True)
    weekly = choose_quote(units, set(), cadence, intent=Intent(frequencies=frozenset({"weekly"})))
    assert weekly == Quote("c1", items[:2])  # "Bi-Weekly" is no weekly line


def test_an_item_of_a_quoted_list_by_its_place():
    flat = Quote("c1", ["Lead.", "", "* **A** one.", "* **B** two.", "* **C** three."])
    assert placed_item(flat, -1) == Quote("c1", ["* **C** three."])
    assert placed_item(flat, 0) == Quote("c1", ["* **A** one."])
    assert placed_item(flat, 1) == Quote("c1", ["* **B** two."])
    assert placed_item(flat, 3) is None  # no fourth
    # a lone item's nested list: its last entry, under the item's label
    lone = Quote(
        "c1", ["* **Team Evolution:**", "  * **Incubate** 2-3.", "  * **Scale** 5-10.", "  * **Embedded** 15-20."]
    )
    assert placed_item(lone, -1) == Quote("c1", ["* **Team Evolution:**", "  * **Embedded** 15-20."])
    assert placed_item(Quote("c1", ["One sentence.", "Another one."]), -1) is None  # no list to point into
    assert placed_item(Quote("c1", ["* **A** one."]), -1) is None


def test_the_item_after_a_named_one_in_the_list_or_in_an_items_nested_list():
    steps = Quote("c1", ["* **Ideation** Gather teams.", "* **Prioritization** Rank by value.", "* **Mapping** Align."])
    assert item_after(steps, lambda line: label(line) == "Prioritization") == Quote("c1", ["* **Mapping** Align."])
    assert item_after(steps, lambda line: label(line) == "Mapping") is None  # the last one: nothing after it
    section = Quote("c1", ["* **Cadence** Monthly reviews.", "* **Team Evolution:**", "  * **Incubate** 2-3.",
                           "  * **Scale** 5-10.", "  * **Embedded** 15-20."])  # fmt: skip
    after_scale = item_after(section, lambda line: label(line) == "Scale")
    assert after_scale == Quote("c1", ["* **Team Evolution:**", "  * **Embedded** 15-20."])
    assert label("* **Team Evolution:** grows") == "Team Evolution:" and label("Plain sentence.") == ""


def test_nothing_is_quoted_when_the_chunk_is_gone():
    assert choose_quote(roles_units(0.9, 0.8, 0.7, 0.6), set(), lambda _: None) is None
    assert choose_quote([], set(), one_chunk) is None


def test_sessions_are_ranked_by_their_best_unit():
    first, second = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    near = [unit("b", 0.90, group="KT-2"), unit("a", 0.70, group="KT-1"), unit("z", 0.99, group="KT-9")]
    # KT-2's best unit beats KT-1's; KT-9 has no section among the hits, so it is not a candidate.
    assert [h.group for h in rank_sessions([first, second], session_scores([first, second], near, {}))] == [
        "KT-2",
        "KT-1",
    ]
    third = hit("c", 0.80, jira="KT-3", section_index=4)
    ranked = rank_sessions([first, third, second], session_scores([first, third, second], near, {}))
    assert [h.group for h in ranked] == ["KT-2", "KT-1", "KT-3"]  # no unit near: after those with units
    assert rank_sessions([first, second], session_scores([first, second], [], {})) == [first, second]


def test_sessions_are_compared_in_the_languages_they_share_not_by_their_luckiest_translation():
    many, few = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    many.available, few.available = ("en", "de", "it", "sv", "fr", "ja"), ("en", "de")
    near = [
        unit("a", 0.95, group="KT-1", language="ja"),  # a translation KT-2 lacks happens to sit close
        unit("a", 0.84, group="KT-1", language="en"),
        unit("a", 0.80, group="KT-1", language="de"),
        unit("b", 0.86, group="KT-2", language="en"),
        unit("b", 0.83, group="KT-2", language="de"),
        unit("z", 0.78, group="KT-9"),  # the lowest cosine near: a translation with no unit here is at most this
    ]
    scores = session_scores([many, few], near, {})
    assert scores["KT-1"] == pytest.approx((0.84 + 0.80) / 2) and scores["KT-2"] == pytest.approx((0.86 + 0.83) / 2)
    assert [h.group for h in rank_sessions([many, few], scores)] == ["KT-2", "KT-1"]
    # The question's own language counts too, where a session has one; a missing one counts at the floor.
    assert session_scores([many, few], near, {}, language="fr")["KT-1"] == pytest.approx((0.84 + 0.80 + 0.78) / 3)
    assert session_scores([many, few], near, {}, language="fr")["KT-2"] == pytest.approx((0.86 + 0.83) / 2)


def test_sessions_that_share_no_language_are_each_scored_on_their_own_translations():
    many, other = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    many.available, other.available = ("de", "it", "sv"), ("en",)
    near = [unit("a", 0.90, group="KT-1", language="de"), unit("a", 0.84, group="KT-1", language="it"),
            unit("b", 0.86, group="KT-2"), unit("z", 0.80, group="KT-9")]  # fmt: skip
    scores = session_scores([many, other], near, {})
    assert scores["KT-1"] == pytest.approx((0.90 + 0.84 + 0.80) / 3) and scores["KT-2"] == pytest.approx(0.86)
    other.available = ()  # languages unknown: those of its units near the question
    assert session_scores([many, other], near, {})["KT-2"] == pytest.approx(0.86)


def test_the_bm25_order_breaks_near_ties_between_sessions():
    first, second = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    near = [unit("a", 0.900, group="KT-1"), unit("b", 0.898, group="KT-2")]
    assert [h.group for h in rank_sessions([first, second], session_scores([first, second], near, {}))] == [
        "KT-1",
        "KT-2",
    ]
    second.lexical_rank = 0  # only KT-2 shares the question's rare words
    assert [h.group for h in rank_sessions([first, second], session_scores([first, second], near, {}))] == [
        "KT-2",
        "KT-1",
    ]
    near[0] = unit("a", 0.95, group="KT-1")  # a clear semantic lead is not overturned by words
    assert [h.group for h in rank_sessions([first, second], session_scores([first, second], near, {}))] == [
        "KT-1",
        "KT-2",
    ]


def test_word_pieces_choose_between_sessions_the_model_finds_about_as_close():
    first, second = hit("a", 0.86, jira="KT-1"), hit("b", 0.85, jira="KT-2", section_index=3)
    near = [unit("a", 0.880, group="KT-1"), unit("b", 0.875, group="KT-2")]

    def order(grams: dict[str, float]) -> list[str]:
        return [h.group for h in rank_sessions([first, second], session_scores([first, second], near, grams))]

    assert order({}) == ["KT-1", "KT-2"]
    assert order({"KT-1": 0.10, "KT-2": 0.35}) == ["KT-2", "KT-1"]  # KT-2's pages use the question's words
    assert order({"KT-1": 0.10, "KT-2": 0.12}) == ["KT-1", "KT-2"]  # a slight edge in words is not enough
    assert order({"KT-9": 0.9}) == ["KT-1", "KT-2"]  # a session without a section among the hits gains nothing
    assert set(session_scores([first, second], near, {"KT-9": 0.9})) == {"KT-1", "KT-2"}


OVERVIEW = "In this session we review the operating model and its roles."
CADENCE = "Monthly steering reviews keep the program on track."


def overview_and_cadence(overview_cosine: float, cadence_cosine: float) -> tuple[list[UnitHit], object]:
    units = [
        unit(OVERVIEW, overview_cosine, kind="sentence", block=0, position=0, section_index=0, chunk="c0"),
        unit(CADENCE, cadence_cosine, kind="sentence", block=0, position=0, section_index=3, chunk="c3"),
    ]

    def sections(chunk_id: str) -> Section:
        if chunk_id == "c0":
            return Section([OVERVIEW], 0, "Operating Model › Designing an Operating Model (AJO)", "en", summary=True)
        return Section([CADENCE], 0, "Operating Model › Governance Cadence", "en")

    return units, sections


def test_the_overview_is_quoted_only_when_it_clearly_wins():
    units, sections = overview_and_cadence(0.87, 0.85)  # a summary sentence a little closer than the answer
    assert choose_quote(units, set(), sections).chunk_id == "c3"  # type: ignore[union-attr]
    units, sections = overview_and_cadence(0.92, 0.85)  # "what is this session about?"
    assert choose_quote(units, set(), sections).chunk_id == "c0"  # type: ignore[union-attr]


def test_a_section_whose_heading_the_question_names_is_preferred_beyond_the_title_words():
    units = [
        unit("Structured workflows drive accountability.", 0.86, kind="sentence", block=0, position=0,
             section_index=1, chunk="c1"),
        unit(CADENCE, 0.84, kind="sentence", block=0, position=0, section_index=3, chunk="c3"),
    ]  # fmt: skip

    def sections(chunk_id: str) -> Section:
        heading = "Operating Model › Unlocking Value" if chunk_id == "c1" else "Operating Model › Governance Cadence"
        return Section(["…"], 0, heading, "en")

    assert choose_quote(units, {"cadenc"}, sections).chunk_id == "c3"  # type: ignore[union-attr]
    # A word of the page's title names every section: it prefers none.
    assert choose_quote(units, {"oper"}, sections, title_terms={"oper", "model"}).chunk_id == "c1"  # type: ignore[union-attr]


def test_a_compound_heading_names_the_questions_word_but_not_the_titles():
    # "Welche Komponenten hat die Northstar-Architektur?": the components section's heading is one compound
    units = [
        unit("Die NSA dient als strategisches Diagramm.", 0.86, kind="sentence", block=0, position=0,
             section_index=1, chunk="c1"),
        unit("Jede Komponente ist zugeschnitten.", 0.84, kind="sentence", block=0, position=0, section_index=2,
             chunk="c2"),
    ]  # fmt: skip

    def sections(chunk_id: str) -> Section:
        heading = "Wertschöpfung mit Northstar" if chunk_id == "c1" else "Northstar-Architekturkomponenten"
        return Section(["…"], 0, heading, "de")

    title = {"northstar", "architektur"}
    assert choose_quote(units, {"komponent", "architektur"}, sections, title_terms=title).chunk_id == "c2"  # type: ignore[union-attr]
    assert choose_quote(units, {"architektur"}, sections, title_terms=title).chunk_id == "c1"  # type: ignore[union-attr]


OVERVIEW = "In this session we review how to set up the team. You will learn who does what."


def with_overview(chunk_id: str) -> Section | None:
    if chunk_id == "c0":
        return Section([OVERVIEW], 0, "Operating Model", "en", summary=True)
    return one_chunk(chunk_id)


def overview_units(overview: float, architect: float) -> list[UnitHit]:
    first, second = OVERVIEW.split(". ")
    return [
        unit(first + ".", overview, chunk="c0", kind="sentence", block=0, position=0, section_index=0),
        unit(second, overview - 0.05, chunk="c0", kind="sentence", block=0, position=1, section_index=0),
        *roles_units(architect, 0.70, 0.69, 0.60),
    ]


def test_a_summary_that_wins_is_followed_by_the_best_real_section():
    """The overview says what the session is about; the section close behind it says what it says."""
    quote = choose_quote(overview_units(0.97, 0.90), {"ingest"}, with_overview)
    assert quote is not None and quote.chunk_id == "c0"
    assert quote.also == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


def test_a_summary_far_ahead_of_every_section_is_quoted_alone():
    quote = choose_quote(overview_units(0.99, 0.80), {"ingest"}, with_overview)
    assert quote is not None and quote.chunk_id == "c0" and quote.also is None


def test_a_real_section_that_wins_needs_no_companion():
    quote = choose_quote(overview_units(0.80, 0.95), {"ingest"}, with_overview)
    assert quote == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


CADENCE = "Steering meets monthly.\n\n* **Weekly** stand-ups.\n* **Quarterly** roadmap reviews."


def two_sections(chunk_id: str) -> Section | None:
    if chunk_id == "c2":
        return Section([CADENCE], 0, "Operating Model › Governance Cadence", "en")
    return one_chunk(chunk_id)


def tied_units(architect: float, steering: float) -> list[UnitHit]:
    steering_unit = unit("Steering meets monthly.", steering, chunk="c2", kind="sentence", block=0, position=0,
                         section_index=3)  # fmt: skip
    return [*roles_units(architect, 0.70, 0.69, 0.60), steering_unit]


def test_two_sections_that_match_about_equally_are_both_quoted():
    quote = choose_quote(tied_units(0.900, 0.895), {"budget"}, two_sections)
    assert quote is not None and quote.chunk_id == "c1"
    assert quote.also is not None and quote.also.chunk_id == "c2" and "Steering meets monthly." in quote.also.lines


def test_a_section_clearly_behind_is_not_quoted():
    quote = choose_quote(tied_units(0.900, 0.870), {"budget"}, two_sections)
    assert quote is not None and quote.also is None


AGENDA = "* Team structures that scale\n* Governance that keeps pace"


def with_overview_and_agenda(chunk_id: str) -> Section | None:
    if chunk_id == "c9":
        return Section([AGENDA], 0, "Operating Model › Key Discussion Points", "en", summary=True)
    return with_overview(chunk_id)


def agenda_units(agenda: float) -> list[UnitHit]:
    return [unit("* Team structures that scale", agenda, chunk="c9", block=0, position=0, section_index=1)]


def test_a_question_about_the_session_gets_its_overview_then_its_key_points():
    # The roles item scores far better: an ordinary question would get it; "what is it about?" gets the summary.
    units = overview_units(0.80, 0.95) + agenda_units(0.70)
    assert choose_quote(units, set(), with_overview_and_agenda).chunk_id == "c1"  # type: ignore[union-attr]
    quote = choose_quote(units, set(), with_overview_and_agenda, intent=Intent(about_the_session=True))
    agenda = Quote("c9", AGENDA.split("\n"), settled=True)  # settled: whole, whatever item the question names
    assert quote == Quote("c0", OVERVIEW.replace(". ", ".\n").split("\n"), also=agenda, settled=True)


def test_a_page_whose_only_section_is_a_list_sums_itself_up_there():
    takeaways = "* Sponsors break down silos.\n* Stakeholder maps win buy-in."

    def sections(chunk_id: str) -> Section | None:
        if chunk_id == "c0":
            return Section([OVERVIEW], 0, "Sponsorship", "en", summary=True)
        return Section([takeaways], 0, "Sponsorship › Key Takeaways", "en")  # its only section: not an agenda

    units = [
        unit("In this session we review how to set up the team.", 0.8, chunk="c0", kind="sentence", block=0,
             position=0, section_index=0),
        unit("* Sponsors break down silos.", 0.9, chunk="c1", block=0, position=0, section_index=1),
    ]  # fmt: skip
    quote = choose_quote(units, set(), sections, intent=Intent(about_the_session=True))
    assert (
        quote is not None and quote.chunk_id == "c0" and quote.also == Quote("c1", takeaways.split("\n"), settled=True)
    )
    # A page whose one section is prose sums nothing up there: the overview alone.
    roles_page = choose_quote(overview_units(0.8, 0.9), set(), with_overview, intent=Intent(about_the_session=True))
    assert roles_page is not None and roles_page.chunk_id == "c0" and roles_page.also is None


def test_a_question_about_a_page_without_summaries_is_quoted_as_usual():
    quote = choose_quote(
        roles_units(0.90, 0.80, 0.79, 0.70), {"ingest"}, one_chunk, intent=Intent(about_the_session=True)
    )
    assert quote == Quote("c1", ["* **Data Architect** Designs data models and ingestion."])


def test_a_winning_summary_is_quoted_whole_not_its_best_two_sentences():
    summary = "We review the roadmap. Learn how Planning, Creation and Delivery fit. Use it to measure impact."

    def sections(chunk_id: str) -> Section | None:
        return Section([summary], 0, "Roadmap", "en", summary=True)

    sentences = summary.replace(". ", ".\n").split("\n")
    units = [unit(s, c, chunk="c0", kind="sentence", block=0, position=i, section_index=0)
             for i, (s, c) in enumerate(zip(sentences, (0.90, 0.80, 0.89), strict=True))]  # fmt: skip
    assert choose_quote(units, set(), sections) == Quote("c0", sentences)  # the middle one holds the answer


def test_another_sessions_brief_quote_is_its_best_line_of_a_real_section():
    units, sections = overview_and_cadence(0.95, 0.85)  # the overview is closest: it resembles every question
    assert brief_quote(units, set(), sections) == Quote("c3", [CADENCE])
    nested = "* **Team Evolution:** Teams grow. They mature.\n  * **Incubate** 2-3 members."
    items = [unit(nested, 0.9, block=0, position=0)]
    brief = brief_quote(items, set(), lambda _: Section([nested], 0, HEADING, "en"))
    assert brief == Quote("c1", ["* **Team Evolution:** Teams grow.", "  * **Incubate** 2-3 members."])
    assert brief_quote(units[:1], set(), sections) is None  # only the overview: nothing brief to say


def test_an_item_chosen_among_a_few_shows_its_sentence_on_what_was_asked():
    item = blocks(
        "* **Digital Analytics Manager** Den här rollen fokuserar på rapportering. De bibehåller dataintegriteten "
        "och ser till att data är korrekta."
    )[0]
    asked = set(terms("Vem ansvarar för dataintegriteten i CJA?", "sv"))
    assert item_sentence(item, "sv") == ["* **Digital Analytics Manager** Den här rollen fokuserar på rapportering."]
    assert item_sentence(item, "sv", asked) == [
        "* **Digital Analytics Manager** De bibehåller dataintegriteten och ser till att data är korrekta."
    ]
    assert item_sentence(item, "sv", set(terms("Vem gör vad?", "sv")))[0].endswith("rapportering.")  # a tie


def test_an_items_sentence_that_points_back_comes_with_the_sentence_before_it():
    item = blocks(
        "* **Use Case-Driven Approach** NSAs are driven by use cases, so every implementation has a clear "
        "value-driven reason. This approach avoids implementing features without a purpose."
    )[0]
    asked = set(terms("Why not switch on features just because they exist?", "en"))
    assert item_sentence(item, "en", asked) == [
        "* **Use Case-Driven Approach** NSAs are driven by use cases, so every implementation has a clear "
        "value-driven reason. This approach avoids implementing features without a purpose."
    ]
    alone = blocks("* **Approach** Teams meet weekly. Features avoid any purpose.")[0]
    assert item_sentence(alone, "en", asked) == ["* **Approach** Features avoid any purpose."]


def test_a_definition_question_prefers_the_line_that_spells_the_acronym_out():
    from assistant.quotes import spells_out

    assert spells_out("translating business goals, key business objectives (KBOs), and use cases", "KBO")
    assert spells_out("NSA (North Star Architecture) som ett strategiskt verktyg", "NSA")
    assert not spells_out("use cases aligned with your KBOs in order to get the most", "KBO")  # only uses it
    defining = Intent(defines="KBO")
    spelled = UnitHit("key business objectives (KBOs)", 0.8, 0.0, "c1", "KT-1", "en", "item", 0, 0, 0)
    used = UnitHit("aligned with your KBOs", 0.8, 0.0, "c2", "KT-2", "en", "sentence", 0, 0, 0)
    assert defining.session_bonus(spelled) > defining.session_bonus(used) == Intent().session_bonus(spelled) == 0


def test_another_sessions_brief_quote_is_never_a_sentence_leading_into_a_list():
    said, listed = "Adobe's framework aligns with Prosci, focusing on:", "* **Awareness** Informing stakeholders."
    lead = UnitHit(said, 0.9, 0.0, "c1", "KT-1", "en", "sentence", 0, 0, 1)
    item = UnitHit(listed, 0.8, 0.0, "c1", "KT-1", "en", "item", 1, 1, 1)
    section = Section([f"{said}\n\n{listed}"], 0, "Framework", "en")
    assert brief_quote([lead, item], set(), lambda _: section) == Quote("c1", [listed])


GERMAN_ROLES = "Rollen:\n\n* **Produkteigentümer** Verwaltet die Roadmap.\n* **Datenarchitekt** Entwirft Datenmodelle."


def test_an_item_named_by_its_english_label_on_a_translated_page():
    english = ("Product Owner", "Data Architect")
    section = Section([GERMAN_ROLES], 0, "Rollen", "de", english=lambda: english)
    asked = set(terms("Welche Rolle hat der Data Architect bei CJA?", "en"))
    assert named_in_english(section, asked) == ["* **Datenarchitekt** Entwirft Datenmodelle."]
    assert named_in_english(section, set(terms("Welche Rollen braucht CJA?", "en"))) is None  # none named
    assert named_in_english(section, set(terms("Data Architect oder Product Owner?", "en"))) is None  # two
    assert named_in_english(Section([GERMAN_ROLES], 0, "Rollen", "de"), asked) is None  # no English version
    # the item lies in another chunk of the section than the one asked about: not this chunk's to quote
    later = Section(["* **Produkteigentümer** Verwaltet.", GERMAN_ROLES], 0, "Rollen", "de", english=lambda: english)
    assert named_in_english(later, asked) is None


def test_the_english_labels_are_read_only_for_the_section_quoted():
    reads: list[str] = []

    def section(chunk_id: str) -> Section:
        def english() -> tuple[str, ...]:
            reads.append(chunk_id)
            return ("Product Owner", "Data Architect")

        return Section([GERMAN_ROLES], 0, "Rollen", "de", english=english)

    units = [
        unit("* **Datenarchitekt** Entwirft Datenmodelle.", 0.9, chunk="c1", block=2, language="de"),
        unit("* **Produkteigentümer** Verwaltet die Roadmap.", 0.8, chunk="c2", block=1, language="de"),
    ]
    quote = choose_quote(units, set(), section, english_terms=set(terms("Data Architect", "en")))
    assert quote == Quote("c1", ["* **Datenarchitekt** Entwirft Datenmodelle."], settled=True)
    assert reads == ["c1"]
