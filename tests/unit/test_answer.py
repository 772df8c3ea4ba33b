from llama_index.core.schema import TextNode

from assistant.answer import Listing, compose, quote, select
from assistant.retrieval import Hit
from assistant.terms import terms

SECTION = """Robust governance and evolving team structures are key to operational excellence:

* **Governance Cadence** Annual strategy workshops, quarterly roadmap reviews, monthly leadership check-ins.
* **Campaign Workflow** Steps include campaign request, validation, prioritization, build, QA.
* **Team Evolution:**
  * **Incubate** 2-3 broad-scope members, limited scalability.
  * **Scale** 5-10 dedicated members, moderate scalability.
  * **Embedded** 15-20 specialized members, high scalability.

Clear governance and team maturity drive consistent delivery."""


def hit(text: str = SECTION, language: str = "en", score: float = 0.9, jira: str = "KT-1") -> Hit:
    meta = {"title": "Operating Model", "section": "Governance", "language": language, "jira": jira,
            "section_index": 3, "doc_id": f"{jira}.{language}"}  # fmt: skip
    return Hit(node=TextNode(text=text, metadata=meta), score=score)


def test_a_matching_label_selects_that_item_with_its_children():
    lines = select(SECTION, set(terms("What are the stages of team evolution?", "en")), "en")
    assert lines[0] == "* **Team Evolution:**" and lines[-1].startswith("  * **Embedded** 15-20")
    assert len(lines) == 4


def test_a_label_match_narrows_the_units_choice_but_does_not_overrule_it():
    question = set(terms("How do campaign requests flow?", "en"))  # "campaign" names an item
    cadence = (
        "* **Governance Cadence** Annual strategy workshops, quarterly roadmap reviews, monthly leadership check-ins."
    )
    workflow = "* **Campaign Workflow** Steps include campaign request, validation, prioritization, build, QA."
    assert select(SECTION, question, "en", planned=[cadence]) == [cadence]  # the units chose another item
    assert select(SECTION, question, "en", planned=[cadence, workflow]) == [workflow]  # one of those chosen
    assert select(SECTION, question, "en")[0] == workflow  # no units: the label decides


CADENCE = """* **Annual Strategy Meetings** Identify value drivers.
* **Monthly Leadership Check-ins** Address escalations.
* **Bi-Weekly Discussions** Resolve blockers.
* **Daily Working Team Activities** Handle day-to-day operations."""


def test_a_cadence_the_units_settled_on_is_not_narrowed_by_a_label_the_question_names():
    # "How often should the working group meet to clear blockers?": "meet" and "work" name two labels
    question = set(terms("How often should the working group meet to clear blockers?", "en"))
    cadence = CADENCE.split("\n")
    assert select(CADENCE, question, "en", planned=cadence) == [cadence[0], cadence[3]]
    assert select(CADENCE, question, "en", planned=cadence, settled=True) == cadence


def test_without_a_label_match_the_lead_and_whole_list_are_kept():
    lines = select(SECTION, set(terms("Tell me everything", "en")), "en")
    assert lines[0].startswith("Robust governance") and len([x for x in lines if x.startswith("* ")]) == 3


def test_a_catalog_lists_the_sessions_by_product_and_place_each_cited():
    def title(jira: str, text: str, solution: str, session: int) -> Hit:
        found = hit(text, jira=jira)
        found.node.metadata.update(title=text, solution=solution, session=session)
        return found

    cja = [title("KT-1", "Roadmap to Value with CJA", "Customer Journey Analytics", 1),
           title("KT-2", "Designing an Operating Model for CJA Success", "Customer Journey Analytics", 3)]  # fmt: skip
    ajo = [title("KT-3", "Adobe Journey Optimizer Value Realization Series - Session 1 Roadmap to Value with Adobe "
                         "Journey Optimizer", "Journey Optimizer", 1)]  # fmt: skip
    one = compose(
        "Welche Sessions gibt es zu CJA?", cja, "de", "de", 0.015, catalog=Listing("Customer Journey Analytics")
    )
    assert one.answer.split("\n") == [
        "Die Reihe zu Customer Journey Analytics umfasst diese Sessions:", "",
        "1. **Roadmap to Value with CJA** [1]", "3. **Designing an Operating Model for CJA Success** [2]",
    ]  # fmt: skip
    assert one.used == cja
    every = compose("Which sessions are there?", cja + ajo, "en", "en", 0.015, catalog=Listing("")).answer
    assert every.startswith("These are the sessions I can answer from:\n\n*Customer Journey Analytics*\n\n1. ")
    counted = compose("Quante sessioni ci sono in tutto?", cja + ajo, "it", "it", 0.015, catalog=Listing("")).answer
    assert counted.startswith("3 sessioni. Queste sono le sessioni su cui posso rispondere:")  # how many, first
    assert every.endswith("*Journey Optimizer*\n\n1. **Roadmap to Value with AJO** [3]")  # the short title
    cja[0].node.metadata["duration"] = 2880
    cja[0].checked = None  # its metadata is read again
    cja[1].available = ("en", "sv")
    asked = compose(
        "Wie lange dauern die CJA-Sessions?", cja, "de", "de", 0.015, catalog=Listing("Customer Journey Analytics")
    )
    assert (
        asked.answer.split("\n")[2] == "1. **Roadmap to Value with CJA** [1]: Die Aufzeichnung dauert etwa 48 Minuten."
    )
    assert asked.answer.split("\n")[3] == "3. **Designing an Operating Model for CJA Success** [2]"  # no duration given
    languages = compose("Is the CJA series available in Swedish?", cja, "en", "en", 0.015, catalog=Listing("")).answer
    assert languages.endswith("[2]: The session is available in English and Swedish.")  # not every one is
    swedish = compose("Is the CJA series available in Swedish?", cja[1:], "en", "en", 0.015,
                      catalog=Listing("Customer Journey Analytics", language="sv")).answer  # fmt: skip
    assert swedish == (
        "Of the Customer Journey Analytics series, these sessions are available in Swedish:\n\n"
        "3. **Designing an Operating Model for CJA Success** [1]"
    )  # the heading names the language: no line repeats it


def test_what_a_series_is_about_lists_each_session_with_its_own_summary():
    def title(jira: str, text: str, session: int, language: str = "en") -> Hit:
        found = hit(f"{text} sums it up. More detail follows.", jira=jira, language=language)
        found.node.metadata.update(title=text, solution="Customer Journey Analytics", session=session)
        return found

    cja = [title("KT-1", "Roadmap to Value with CJA", 1, "sv"), title("KT-2", "Foundational Architecture", 2)]
    series = Listing("Customer Journey Analytics", about=True)
    answer = compose("Vad handlar CJA-serien om?", cja, "sv", "sv", 0.015, catalog=series).answer
    assert answer.split("\n")[2:] == [
        "1. **Roadmap to Value with CJA** [1]", "   Roadmap to Value with CJA sums it up.",
        "2. **Foundational Architecture** [2]", "   > Foundational Architecture sums it up.",  # English: quoted
    ]  # fmt: skip
    cja[0].node.metadata["video_url"] = "https://video.tv.adobe.com/v/1"
    cja[0].checked = None
    order = compose(
        "Which session should I watch first?", cja, "en", "en", 0.015, catalog=Listing("", about=True)
    ).answer
    assert "video.tv.adobe.com" not in order  # the summaries, not five recording links
    listed = compose(
        "Welche Sessions gibt es zu CJA?", cja, "de", "de", 0.015, catalog=Listing("Customer Journey Analytics")
    )
    assert "sums it up" not in listed.answer  # the catalog alone: titles


def test_answer_in_own_language_is_not_quoted_and_other_language_is():
    own = compose("team evolution?", [hit()], asker="en", question_language="en", margin=0.01)
    assert "According to the session **Operating Model**" in own.answer and "\n> " not in own.answer
    other = compose("evoluzione del team?", [hit()], asker="it", question_language="it", margin=0.01)
    assert other.answer.startswith("La sessione **Operating Model** è disponibile qui in inglese")
    assert all(line.startswith(">") for line in other.answer.split("\n\n", 1)[1].split("\n"))


def test_a_second_session_is_named_only_when_it_matches_almost_as_well():
    first, close, far = hit(score=0.9), hit(score=0.895, jira="KT-2"), hit(score=0.8, jira="KT-3")
    composed = compose("team evolution", [first, close, far], "en", "en", margin=0.01)
    assert [h.group for h in composed.used] == ["KT-1", "KT-2"]
    main, also = composed.answer.split("\n\n")[-2:]
    assert also == "See also the session **Operating Model** (section *Governance*) [2]."  # no line chosen: named
    assert main.startswith("* **Team Evolution:**") and main.endswith("15-20 specialized members, high scalability.")


def test_a_second_session_is_quoted_by_its_best_line_alone():
    from assistant.quotes import Quote

    first, close = hit(score=0.9), hit(score=0.895, jira="KT-2")
    brief = Quote(close.node.node_id, ["* **Campaign Workflow** Steps include campaign request."])
    composed = compose("team evolution", [first, close], "en", "en", margin=0.01, others={"KT-2": brief})
    also = composed.answer.split("\n\nAlso in the session **Operating Model** (section *Governance*) [2]:\n\n")[1]
    assert also == "* **Campaign Workflow** Steps include campaign request."  # not its whole list
    other = Quote("another-chunk", brief.lines)  # a line of another section than the hit: not quoted
    assert (
        "See also the session"
        in compose("team evolution", [first, close], "en", "en", 0.01, others={"KT-2": other}).answer
    )


def test_quote_marks_every_line():
    assert quote(["a", "", "* b"]) == "> a\n>\n> * b"


def test_with_session_scores_a_second_session_is_added_by_them_not_by_section_cosine():
    first, second = hit(score=0.9), hit(score=0.899, jira="KT-2")  # sections: nearly equal
    apart = compose("team evolution", [first, second], "en", "en", margin=0.01, sessions={"KT-1": 0.90, "KT-2": 0.88})
    assert [h.group for h in apart.used] == ["KT-1"]  # the sessions' own scores say KT-2 answers less well
    near = compose("team evolution", [first, second], "en", "en", margin=0.01, sessions={"KT-1": 0.90, "KT-2": 0.897})
    assert [h.group for h in near.used] == ["KT-1", "KT-2"]


def test_a_section_quoted_after_the_pages_summary_follows_under_its_own_heading():
    from assistant.quotes import Quote

    overview = hit("In this session we review governance and team structure.")
    section = hit()
    section.node.metadata["section"] = "Team Evolution"
    planned = Quote(overview.node.node_id, ["In this session we review governance and team structure."])
    planned.also = Quote(section.node.node_id, ["* **Scale** 5-10 dedicated members, moderate scalability."])
    composed = compose("how big is the team?", [overview, section], "en", "en", margin=0.01, quote=planned)
    first, second = composed.answer.split("\n\nAnd in the section *Team Evolution* [2]:\n\n")
    assert first.endswith("In this session we review governance and team structure.")
    assert second == "* **Scale** 5-10 dedicated members, moderate scalability."
    assert composed.used == [overview, section]
    quoted = compose("wie groß ist das Team?", [overview, section], "de", "de", margin=0.01, quote=planned)
    assert "Und im Abschnitt *Team Evolution* [2]:\n\n> * **Scale** 5-10" in quoted.answer  # English page: quoted


def test_the_overview_is_quoted_without_naming_its_section_which_repeats_the_title():
    overview = hit("In this session we review governance and team structure.")
    overview.node.metadata.update(overview=True, section="Operating Model")
    lead = compose("what is the session about?", [overview], "en", "en", margin=0.01).answer.split("\n")[0]
    assert lead == "According to the session **Operating Model** [1]:"
    assert "(section *Governance*)" in compose("governance?", [hit()], "en", "en", margin=0.01).answer


def test_every_phrase_can_leave_out_the_section():
    from assistant.phrases import PHRASES, phrase

    values = {"title": "T", "cite": " [1]", "language": "L", "available": "A"}
    for key in ("from_session", "other_language", "see_also"):
        for language in PHRASES[key]:
            with_section = phrase(key, language, section="SECTION", **values)
            without = phrase(key, language, section=None, **values)
            assert "SECTION" in with_section and "SECTION" not in without and "{" not in without
            assert without.count("(") == without.count(")") and "T" in without


def test_asking_which_languages_a_session_is_in_names_its_translations_first():
    found = hit(language="de")
    found.available = ("en", "sv", "de")
    answer = compose("Welche Sprachen gibt es für die Session?", [found], "de", "de", margin=0.01).answer
    assert answer == "**Operating Model** [1]\n\nDie Session gibt es auf Englisch, Schwedisch und Deutsch."
    plain = compose("Welche Rollen hat die Governance?", [found], "de", "de", margin=0.01).answer
    assert "Die Session gibt es auf" not in plain  # only when asked


def test_a_summary_asked_for_is_quoted_whole_though_the_question_names_one_items_label():
    # "Can you summarise the AJO change management session?" got only the item "Foundations and Leadership for
    # Change Management": the question's words named its label, which narrowed the page's own summary to it
    from assistant.quotes import Quote

    text = ("This seminar explores change management.\n\n* **Foundations for Change Management** Core principles.\n"
            "* **Collaboration** Work across teams.")  # fmt: skip
    overview = hit(text)
    overview.node.metadata.update(section="Change Management Strategies", overview=True)
    lines = ["This seminar explores change management.", "", *text.split("\n")[2:]]
    question = "Can you summarise the change management session?"
    summary = compose(question, [overview], "en", "en", 0.015, quote=Quote(overview.node.node_id, lines, settled=True))
    assert summary.answer.endswith("\n".join(lines))
    narrowed = compose(question, [overview], "en", "en", 0.015, quote=Quote(overview.node.node_id, lines))
    assert narrowed.answer.endswith("\n\n* **Foundations for Change Management** Core principles.")  # unsettled


def test_the_askers_text_is_echoed_as_typed():
    from assistant.answer import literal

    assert literal("waht <img src=x> *bold* [link](http://x) a_b") == (
        "waht \\<img src=x\\> \\*bold\\* \\[link\\](http://x) a\\_b"
    )
