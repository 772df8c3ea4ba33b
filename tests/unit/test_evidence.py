"""The evidence pipeline on hits built by hand: follow-ups, scoping, the out-of-scope gate, languages."""

import re
from dataclasses import replace

import pytest

from assistant.answer import Listing
from assistant.evidence import (
    ACRONYM_WEIGHT,
    NAME_WEIGHT,
    Absent,
    Evidence,
    EvidenceFinder,
    Question,
    acronym_bonus,
    named_span,
    of_product,
)
from assistant.phrases import SESSION_WORDS
from assistant.retrieval import Hit, UnitHit
from assistant.schemas import Filters, Turn
from assistant.settings import Settings
from tests.unit.stub_retriever import StubRetriever, hit

SETTINGS = Settings(min_score=0.79, confident_score=0.85, default_language="en")
ROLES = "**Product Owner** owns the roadmap.\n**Data Architect** designs the schema."
CADENCE = "Weekly stand-ups, monthly steering reviews and quarterly roadmap reviews."


def finder(hits, **kwargs) -> tuple[EvidenceFinder, StubRetriever]:
    retriever = StubRetriever(hits, **kwargs)
    return EvidenceFinder(retriever, SETTINGS), retriever


def two_products() -> list[Hit]:
    """The same roles section in an AJO session (KT-1) and a CJA one (KT-2): where a follow-up stays shows."""
    return [hit(ROLES, 0.86, jira="KT-1"), hit(ROLES, 0.86, jira="KT-2", solution="Customer Journey Analytics")]


def test_a_follow_up_stays_in_the_previous_questions_session():
    pipeline, retriever = finder(two_products())
    previous = "Which roles does the AJO operating model need?"
    question = Question("And who of them owns reporting dashboards?", [Turn(role="user", content=previous)])
    pipeline.find(question, "en")
    assert [c.kind for c in retriever.calls] == ["hybrid", "hybrid"]  # the previous question, then this one
    assert retriever.calls[0].query == previous
    assert retriever.calls[1].filters["jira"] == "KT-1"  # scoped to the session asked about before
    assert retriever.calls[1].query == question.message  # it says enough on its own


def test_a_follow_up_stays_with_the_session_the_previous_answer_quoted():
    # The units chose KT-2 for the previous question though KT-1's section matched a little better: the
    # asker was shown KT-2, so "the last one" is KT-2's
    first = hit(ROLES, 0.87, jira="KT-1")
    shown = hit(ROLES, 0.86, jira="KT-2")
    near = [UnitHit(h.node.get_content(), cosine, 0.5, h.node.node_id, h.group, "en", "item", 0, 0, 1)
            for h, cosine in ((first, 0.80), (shown, 0.90))]  # fmt: skip
    pipeline, retriever = finder([first, shown], units=near)
    previous = "Which roles does the operating model need?"
    assert pipeline.find(Question(previous), "en").hits[0].group == "KT-2"
    pipeline.find(Question("And who of them owns the roadmap?", [Turn(role="user", content=previous)]), "en")
    assert retriever.calls[-1].filters["jira"] == "KT-2"


STAGES = (
    "Teams grow in stages:\n\n* **Incubate** 2-3 members.\n* **Scale** 5-10 members.\n* **Embedded** 15-20 members."
)


def test_the_last_or_first_one_is_the_end_of_the_list_the_previous_answer_showed():
    from assistant.answer import compose

    stages = hit(STAGES, 0.9, section="Team Evolution")
    lines = STAGES.split("\n")
    units = [UnitHit(lines[0], 0.80, 0.5, stages.node.node_id, "KT-1", "en", "sentence", 0, 0, 1)] + [
        UnitHit(line, 0.85 - n / 100, 0.5, stages.node.node_id, "KT-1", "en", "item", n + 1, n + 1, 1)
        for n, line in enumerate(lines[2:])
    ]
    pipeline, _ = finder([stages], units=units)
    asked = [Turn(role="user", content="Which stages does the team go through?")]
    shown = pipeline.find(Question(asked[0].content), "en").quote
    assert shown is not None and [line for line in shown.lines if line.startswith("*")] == lines[2:]
    last = pipeline.find(Question("And the last one?", asked), "en")
    assert last.quote is not None and last.quote.lines == ["* **Embedded** 15-20 members."]
    answer = compose("And the last one?", last.hits, "en", "en", 0.015, last.query, last.quote).answer
    assert "Embedded" in answer and "Incubate" not in answer
    for end in ("E alla fine?", "Und am Ende?", "Och i slutet?", "And in the end?"):  # where the list ends
        ending = pipeline.find(Question(end, asked), "en").quote
        assert ending is not None and ending.lines == ["* **Embedded** 15-20 members."], end
    first = pipeline.find(Question("Och den första?", asked), "en").quote
    assert first is not None and first.lines == ["* **Incubate** 2-3 members."]
    seconds = (
        "E la seconda?", "Und die zweite?", "And the second one?", "Und wie viele Leute hat die zweite?",
        "Und wie heißt die zweite Stufe?", "What is the second stage called?", "Vad heter det andra steget?",
        "Berätta mer om den andra", "Kannst du die zweite genauer erklären?", "Puoi spiegare meglio la seconda?",
        "Ge ett exempel på det andra steget", "Can you give an example of the second stage?",  # no page gives one
    )  # fmt: skip
    for second in seconds:  # words naming an item ("Stufe", "heißt") or asking more of it are no topic
        placed = pipeline.find(Question(second, asked), "en").quote
        assert placed is not None and placed.lines == ["* **Scale** 5-10 members."], second
    # the answer showed one item: what comes after it is the page's next one
    ahead = [replace(u, cosine=0.95) if n == 1 else u for n, u in enumerate(units)]
    pipeline, _ = finder([stages], units=ahead)
    one = [Turn(role="user", content="How many members does Incubate have?")]
    assert pipeline.find(Question(one[0].content), "en").quote.lines == [lines[2]]  # type: ignore[union-attr]
    after = pipeline.find(Question("And what comes after Incubate?", one), "en").quote
    assert after is not None and after.lines == ["* **Scale** 5-10 members."]
    assert pipeline.find(Question("And the last one?", one), "en").quote.lines == [lines[4]]  # type: ignore[union-attr]
    # the item's section is its only source: the earlier answer's other sections are not what it quotes
    other = hit("Change needs leadership strategies.", 0.89, jira="KT-5", section="Foundations")
    pipeline, _ = finder([stages, other], units=units)
    assert len(pipeline.find(Question(asked[0].content), "en").hits) == 2
    assert [h.node.node_id for h in pipeline.find(Question("And the last one?", asked), "en").hits] == ["KT-1.en.1"]


def test_a_follow_up_too_far_from_the_pages_on_its_own_words_is_searched_with_the_earlier_ones():
    pipeline, retriever = finder([hit("**Northstar** is a living diagram.", 0.82)])  # fair, not confident
    first = "What is a Northstar diagram?"
    asked = [Turn(role="user", content=first)]
    found = pipeline.find(Question("Why should it be kept current?", asked), "en")
    assert found.hits and retriever.calls[-1].query == f"{first}\nWhy should it be kept current?"
    chain = [*asked, Turn(role="assistant", content="…"), Turn(role="user", content="Why should it be kept current?")]
    assert pipeline.find(Question("Who should own it?", chain), "en").hits  # the first topic still travels
    assert retriever.calls[-1].query.startswith(first)
    assert not pipeline.find(Question("And what about the weather tomorrow?", asked), "en").hits  # points nowhere
    # "det" before a preposition points back as "it" does: Swedish has no separate word for it
    sv = [Turn(role="user", content="Vad är ett Northstar-diagram?")]
    found = pipeline.find(Question("Hur används det i planeringen?", sv), "sv")
    assert found.hits and retriever.calls[-1].query == "Vad är ett Northstar-diagram?\nHur används det i planeringen?"


def test_a_follow_up_that_says_little_carries_the_previous_question():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    question = Question("and the last one?", [Turn(role="user", content="Which roles are there?")])
    pipeline.find(question, "en")
    assert retriever.calls[-1].query == "Which roles are there?\nand the last one?"


def test_a_question_about_the_session_itself_is_asked_of_the_session_talked_about():
    pipeline, retriever = finder(two_products())
    previous = "Which roles does the AJO operating model need?"
    for message in ("Für wen ist die Session gedacht und wie lange dauert sie?", "Hur lång är sessionen?",
                    "Is there a recording?", "Quanto dura?"):  # fmt: skip
        retriever.calls.clear()
        pipeline.find(Question(message, [Turn(role="user", content=previous)]), "en")
        assert retriever.calls[-1].filters["jira"] == "KT-1", message
        searched = re.sub(r" {2,}", " ", SESSION_WORDS.sub(" ", message)).strip()  # a session word names none
        assert retriever.calls[-1].query == f"{previous}\n{searched}", message  # its words name no topic


def test_a_follow_up_after_thanks_is_a_follow_up():
    # "Tack! Och för AJO?" was searched as a question of its own: "Och" no longer started it
    pipeline, retriever = finder(two_products())
    previous = "Hur ofta ska CJA-teamet träffas?"
    pipeline.find(Question("Tack! Och för AJO?", [Turn(role="user", content=previous)]), "sv")
    assert retriever.calls[-1].query == "Hur ofta ska -teamet träffas?\nOch för AJO?"  # the previous, of AJO


def test_asking_which_session_covers_what_was_just_answered_is_asked_of_that_session():
    pipeline, retriever = finder(two_products())
    previous = "Which roles does the AJO operating model need?"
    message = "In quale sessione se ne parla?"  # its only words besides the session word: "parla"
    pipeline.find(Question(message, [Turn(role="user", content=previous)]), "it")
    assert retriever.calls[-1].filters["jira"] == "KT-1"
    assert retriever.calls[-1].query == f"{previous}\nIn quale se ne parla?"  # the session word is not searched


def test_a_word_for_a_session_is_not_searched_for_unless_it_names_one_by_number():
    # "Welche Session sollte ich mir für Governance ansehen?" went to the page whose title says "Sitzung 1"
    pipeline, retriever = finder(two_products())
    pipeline.find(Question("Welche Session sollte ich mir für Governance ansehen?"), "de")
    assert retriever.calls[0].query == "Welche sollte ich mir für Governance ansehen?"
    retriever.calls.clear()
    pipeline.find(Question("Worum geht es in der zweiten Session?"), "de")
    assert retriever.calls[0].query == "Worum geht es in der zweiten Session?"


def test_asking_what_the_last_answer_meant_stays_with_it_and_with_none_says_what_can_be_asked():
    pipeline, retriever = finder(two_products())
    previous = "Welche Rollen braucht ein AJO-Team?"
    pipeline.find(Question("Was meinst du damit?", [Turn(role="user", content=previous)]), "de")  # went to AJO 3
    assert retriever.calls[-1].filters["jira"] == "KT-1"
    assert retriever.calls[-1].query == f"{previous}\nWas meinst du damit?"
    retriever.calls.clear()
    for message in ("Can you explain that?", "Was meinst du damit?", "Ich verstehe das nicht."):
        assert pipeline.find(Question(message), "de").reply == "help", message  # a quote of any page answered
    assert retriever.calls == []


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("Vilka roller behövs i CJA-teamet och hur ofta ska de träffas?",
         ("Vilka roller behövs i CJA-teamet", "Hur ofta ska de träffas?")),
        ("What roles do we need, and how big should the team be at the start?",
         ("What roles do we need,", "How big should the team be at the start?")),
        ("Quali sono i ruoli chiave e chi è responsabile del reporting?",
         ("Quali sono i ruoli chiave", "Chi è responsabile del reporting?")),
        ("Warum und wie baut man ein CoE auf?", None),  # "Warum" asks nothing alone
        ("Was ist der Unterschied zwischen dem Operating Model von AJO und CJA?", None),  # one question
    ],
)  # fmt: skip
def test_a_message_asking_two_questions_is_split_into_them(message, parts):
    from assistant.evidence import two_questions

    assert two_questions(message) == parts


class FarWhenScoped(StubRetriever):
    """Sections of the session talked about match a follow-up's words poorly (below the gate's floor)."""

    def hybrid(self, query, language, top_k, filters):
        found = super().hybrid(query, language, top_k, filters)
        if (filters or {}).get("jira"):
            found.hits = [replace(h, score=0.70) for h in found.hits]
        return found


def test_a_follow_up_for_the_session_facts_alone_needs_no_match_its_session_is_known():
    retriever = FarWhenScoped([hit(ROLES, 0.86, jira="KT-1")])
    pipeline = EvidenceFinder(retriever, SETTINGS)
    history = [Turn(role="user", content="Which roles does the AJO operating model need?")]
    found = pipeline.find(Question("Gibt es sie auch auf Englisch?", history), "de")
    assert [h.group for h in found.hits] == ["KT-1"]  # the session talked about, though far from its words
    assert pipeline.find(Question("Und wer macht dort das Budget?", history), "de").hits == []  # content: gated
    # asking nothing but more of what was answered ("Und danach?", "And later?"): no word to gate on
    assert [h.group for h in pipeline.find(Question("Und danach?", history), "de").hits] == ["KT-1"]
    assert pipeline.find(Question("And what about the weather?", history), "en").hits == []  # a topic of its own
    # one pointing back ("dabei": in it) that its own words cannot find is searched with the question it points to
    pipeline.find(Question("Und wer sollte da dabei sein?", history), "de")
    assert retriever.calls[-1].query == f"{history[0].content}\nUnd wer sollte da dabei sein?"


def test_the_session_talked_about_is_the_one_the_previous_question_named():
    first = hit(ROLES, 0.90, jira="KT-1", solution="Customer Journey Analytics", session=1)
    third = hit(ROLES, 0.86, jira="KT-3", solution="Customer Journey Analytics", session=3)
    other = hit(ROLES, 0.95, jira="KT-9", session=3)  # the other product's third session
    pipeline, retriever = finder([other, first, third], sessions={3: {"KT-3", "KT-9"}})
    previous = "What is the third CJA session about?"
    pipeline.find(Question("Who is the session for?", [Turn(role="user", content=previous)]), "en")
    assert retriever.calls[0].filters["solution"] == "Customer Journey Analytics"  # the product it named
    assert retriever.calls[-1].filters["jira"] == "KT-3"  # and its number, though session 1 scores higher


def test_a_question_naming_no_product_stays_with_the_product_the_conversation_is_about():
    cja = hit(CADENCE, 0.9, jira="KT-2", solution="Customer Journey Analytics")
    pipeline, retriever = finder([hit(CADENCE, 0.9), cja])
    asked = [Turn(role="user", content="Welche Rollen braucht ein CJA-Team?"), Turn(role="assistant", content="…")]
    assert pipeline.find(Question("Wie oft trifft sich das Team?", asked), "de").hits[0].group == "KT-2"
    assert retriever.calls[-1].filters == {"solution": "Customer Journey Analytics"}
    # when the conversation's product has nothing on it, every product is asked rather than nothing answered
    only_ajo, searched = finder([hit(CADENCE, 0.9)])
    assert only_ajo.find(Question("Wie oft trifft sich das Team?", asked), "de").hits
    assert [c.filters for c in searched.calls] == [{"solution": "Customer Journey Analytics"}, {}]
    later = [*asked, Turn(role="user", content="Wie oft trifft sich das Team?")]  # the latest product named
    assert Question("Wer leitet es?", later).product == "Customer Journey Analytics"
    pipeline.find(Question("Und was braucht Journey Optimizer?", later), "de")  # a product of its own
    assert retriever.calls[-1].filters == {"solution": "Journey Optimizer"}
    both = [Turn(role="user", content="Was unterscheidet AJO von CJA?")]
    assert Question("Wer leitet das Team?", both).product is None  # two products: neither


def test_a_follow_up_naming_another_product_asks_the_previous_question_of_it():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    asked = [Turn(role="user", content="Wie oft trifft sich das CJA-Team?")]
    pipeline.find(Question("Und bei AJO?", asked), "de")
    call = retriever.calls[-1]
    assert call.query == "Wie oft trifft sich das -Team?\nUnd bei AJO?" and call.filters == {
        "solution": "Journey Optimizer"
    }
    for same in ("What about AJO?", "Gibt es das auch für AJO?", "Även för AJO?", "Vad gäller för AJO?"):  # no "and…"
        pipeline.find(Question(same, asked), "de")
        assert retriever.calls[-1].query == f"Wie oft trifft sich das -Team?\n{same}", same
    pipeline.find(Question("Rollen in AJO?", asked), "de")  # a question of its own
    assert retriever.calls[-1].query == "Rollen in AJO?"


def test_a_place_asked_of_another_product_is_a_place_in_that_products_answer():
    # "Und die erste bei CJA?" after AJO's pillars was AJO's first pillar
    pillars = hit("* **Strategic Planning** Plan.\n* **Role Clarity** Roles.", 0.9, jira="KT-1")
    roles = hit("* **Product Owner** Owns.\n* **Data Architect** Designs.", 0.88, jira="KT-2",
                solution="Customer Journey Analytics")  # fmt: skip
    pipeline, retriever = finder([pillars, roles])
    asked = [Turn(role="user", content="What are the pillars of the AJO operating model?")]
    first = pipeline.find(Question("And the first one for CJA?", asked), "en")
    assert any(c.query == "What are the pillars of the CJA operating model?" for c in retriever.calls)
    assert first.hits and first.hits[0].group == "KT-2"
    assert first.quote is None or "Strategic Planning" not in " ".join(first.quote.lines)
    assert of_product("How often does the team meet?", "Customer Journey Analytics", "And for CJA?") == (
        "How often does the team meet? CJA"
    )


@pytest.mark.parametrize(
    ("message", "more"),
    [
        ("Tell me more", True),
        ("Erzähl mir mehr", True),
        ("Kannst du das genauer erklären?", True),
        ("Dimmi di più", True),
        ("Berätta mer", True),
        ("Can you explain more?", True),
        ("Tell me more about RACI", False),  # a topic of its own
        ("Erzähl mir mehr über AJO", False),  # a product is one too
        ("Was meinst du damit?", False),  # what was meant: the same answer's session, not more of it
    ],
)
def test_messages_asking_more_of_what_was_said(message, more):
    from assistant.evidence import asks_for_more

    assert asks_for_more(message) is more


@pytest.mark.parametrize(
    ("message", "about_it"),
    [
        ("Worum geht es?", True),
        ("Vad handlar det om?", True),
        ("Waar gaat dit over?", True),
        ("Di cosa si tratta?", True),
        ("What is the cadence about?", False),  # a topic of its own
        ("Worum geht es bei AJO?", False),  # a product is one too
    ],
)
def test_messages_asking_what_all_this_is_about(message, about_it):
    from assistant.evidence import asks_what_it_is

    assert asks_what_it_is(message) is about_it


def test_what_it_is_about_with_nothing_said_yet_is_what_can_be_asked():
    pipeline, _ = finder([hit(CADENCE, 0.9, jira="KT-3", section="Cadence")])
    assert pipeline.find(Question("Ich bin neu hier. Worum geht es?"), "de").reply == "help"  # it was refused


def test_more_of_what_was_said_is_the_quoted_section_whole():
    # "Erzähl mir mehr" after CJA's roles was refused; "Dimmi di più" answered from another session
    text = "Roles matter.\n\n* **Product Owner** Owns the roadmap. Handles access.\n* **Analyst** Reports. Daily."
    roles = hit(text, 0.9, jira="KT-2", section="Roles", solution="Customer Journey Analytics")
    other = hit(CADENCE, 0.89, jira="KT-3", section="Cadence")
    near = [unit_of(roles, "* **Product Owner** Owns the roadmap. Handles access.", 0.9)]
    pipeline, _ = finder([roles, other], units=near)
    asked = [Turn(role="user", content="Which roles does a CJA team need?"), Turn(role="assistant", content="…")]
    more = pipeline.find(Question("Tell me more", asked), "en")
    assert [h.node.node_id for h in more.hits] == [roles.node.node_id] and more.quote and more.quote.settled
    assert more.quote.lines == [
        "Roles matter.",
        "",
        "* **Product Owner** Owns the roadmap. Handles access.",
        "* **Analyst** Reports. Daily.",
    ]
    assert pipeline.find(Question("Tell me more"), "en").reply == "help"  # nothing said yet


def test_a_topic_no_page_of_the_product_now_asked_about_names_is_said_to_be_absent():
    coe = hit("**Center of Excellence** Zentrale Frameworks beschleunigen die Reife.", 0.9, language="de",
              title="Entwerfen eines Betriebsmodells für AJO Success")  # fmt: skip
    cja_roles = hit("**Datenarchitekt** entwirft das Datenmodell.", 0.88, jira="KT-2", language="de",
                    solution="Customer Journey Analytics")  # fmt: skip
    asked = [Turn(role="user", content="Was ist ein Center of Excellence bei AJO?")]
    pipeline, _ = finder([coe, cja_roles])
    found = pipeline.find(Question("Braucht man das auch bei CJA?", asked), "de")
    assert found.hits == [] and found.absent == Absent(
        "Center of Excellence", "Customer Journey Analytics", "Entwerfen eines Betriebsmodells für AJO Success"
    )
    assert pipeline.find(Question("Do we need that for CJA too?", asked), "de").absent is not None  # "too": no topic
    # A CJA page that names it: the question is asked of CJA's pages
    cja_coe = hit("Ein Center of Excellence bündelt das Wissen.", 0.9, jira="KT-2", language="de",
                  solution="Customer Journey Analytics")  # fmt: skip
    pipeline, _ = finder([coe, cja_coe])
    assert pipeline.find(Question("Braucht man das auch bei CJA?", asked), "de").absent is None
    # Words the previous session does not use either (the asker's own) tell nothing: searched as before
    pipeline, _ = finder([coe, cja_roles])
    own = [Turn(role="user", content="Wie oft sollten sich die Chefs bei AJO treffen?")]
    assert pipeline.find(Question("Und bei CJA?", own), "de").absent is None
    # A product with a session not in the asker's language: nothing can be told (that page may name it)
    english_cja = hit(
        "**Data Architect** designs the schema.", 0.88, jira="KT-3", solution="Customer Journey Analytics"
    )
    pipeline, _ = finder([coe, cja_roles, english_cja])
    assert pipeline.find(Question("Braucht man das auch bei CJA?", asked), "de").absent is None
    # A follow-up's few words name no topic: "Und wer leitet es?" before "Und bei CJA?"
    led = hit("**Center of Excellence** Ein Sponsor leitet es.", 0.9, language="de", title="Betriebsmodell")
    pipeline, _ = finder([led, cja_roles])
    chain = [*asked, Turn(role="user", content="Und wer leitet es?")]
    assert pipeline.find(Question("Und bei CJA?", chain), "de").absent is None


def test_a_question_naming_a_topic_only_another_products_pages_use_is_told_so_before_the_nearest_section():
    steering = hit("**Betriebsmodell** Executive Sponsor, Lenkungsausschuss, Working Team.", 0.9, language="de",
                   title="Aufbau von Executive Sponsoring für AJO")  # fmt: skip
    cja_roles = hit("**Datenarchitekt** entwirft das Datenmodell.", 0.88, jira="KT-2", language="de",
                    solution="Customer Journey Analytics")  # fmt: skip
    pipeline, _ = finder([steering, cja_roles])
    found = pipeline.find(Question("Wer sollte im Lenkungsausschuss für CJA sitzen?"), "de")
    assert [h.group for h in found.hits] == ["KT-2"]  # still answered from CJA's nearest section
    assert found.absent == Absent(
        "Lenkungsausschuss", "Customer Journey Analytics", "Aufbau von Executive Sponsoring für AJO"
    )
    # the topic word as written, without the product it is compounded with
    compound = pipeline.find(Question("Wer sitzt im CJA-Lenkungsausschuss?"), "de").absent
    assert compound is not None and compound.topic == "Lenkungsausschuss"
    # a word CJA's pages use: nothing to tell
    assert pipeline.find(Question("Was macht der Datenarchitekt bei CJA?"), "de").absent is None
    # short words are everyday words one page or another happens to use
    assert pipeline.find(Question("Wer sitzt im Team für CJA?"), "de").absent is None
    # in a longer question such a word is rarely its topic
    long = "Wer aus welchen Abteilungen sollte im Lenkungsausschuss für CJA sitzen, und wie oft?"
    assert pipeline.find(Question(long), "de").absent is None
    # a follow-up naming no product asks it of the product talked about ("Vad gör produktägaren?" after AJO)
    asked = [Turn(role="user", content="Welche Rollen braucht ein CJA-Team?"), Turn(role="assistant", content="…")]
    follow_up = pipeline.find(Question("Wer sollte im Lenkungsausschuss sitzen?", asked), "de").absent
    assert follow_up is not None and follow_up.product == "Customer Journey Analytics"


def test_a_request_verb_is_no_topic_another_products_page_holds():
    # "beschreiben" is a word of AJO's page, and no topic: the question asks to describe CJA's roles
    steering = hit("Die Seite beschreiben wir hier: Lenkungsausschuss.", 0.9, language="de", title="AJO")
    cja_roles = hit("**Datenarchitekt** entwirft das Datenmodell.", 0.88, jira="KT-2", language="de",
                    solution="Customer Journey Analytics")  # fmt: skip
    pipeline, _ = finder([steering, cja_roles])
    assert pipeline.find(Question("Kannst du die Datenarchitekt-Rolle bei CJA beschreiben?"), "de").absent is None
    found = pipeline.find(Question("Kannst du den Lenkungsausschuss bei CJA beschreiben?"), "de")
    assert found.absent is not None and found.absent.topic == "Lenkungsausschuss"


def test_a_german_word_without_a_capital_is_no_topic_another_products_page_holds():
    # "genehmigt" (approves) is a verb CJA's business case page writes; the AJO question is about campaigns
    approval = hit("Die Budgetfreigabe kommt schneller: der Business Case wird genehmigt.", 0.9, jira="KT-2",
                   language="de", solution="Customer Journey Analytics", title="CJA Sponsoring")  # fmt: skip
    workflow = hit("**Kampagnen-Workflow** Anfrage, Validierung, Build, QS.", 0.88, language="de")
    pipeline, _ = finder([approval, workflow])
    assert pipeline.find(Question("Wer genehmigt Kampagnen in AJO?"), "de").absent is None
    found = pipeline.find(Question("Wer macht die Budgetfreigabe bei AJO?"), "de")  # the noun is a topic
    assert found.absent is not None and found.absent.topic == "Budgetfreigabe"


def test_the_words_that_name_a_topic_are_given_as_the_asker_wrote_them():
    assert (
        named_span("Was ist ein Center of Excellence bei AJO?", {"cent", "excellenc"}, "de") == "Center of Excellence"
    )
    far = named_span("Who leads the steering committee and how often does the team meet?", {"steer", "meet"}, "en")
    assert far == "steering meet"  # far apart: the words alone
    assert named_span("Hello", {"steer"}, "en") == ""


def test_lines_are_chosen_by_the_question_without_the_product_it_names():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    pipeline.find(Question("Che qualità deve avere il dirigente che sostiene AJO?"), "it")
    assert retriever.embedded == ["Che qualità deve avere il dirigente che sostiene ?"]
    pipeline.find(Question("Which roles does the operating model need?"), "en")  # no product: its own vector
    assert len(retriever.embedded) == 1


def test_a_chain_of_follow_ups_asked_of_another_product_keeps_its_first_topic():
    pipeline, retriever = finder([hit(ROLES, 0.9), hit(ROLES, 0.9, jira="KT-2", solution="Customer Journey Analytics")])
    asked = [Turn(role="user", content="Was ist eine North Star Architektur?"), Turn(role="user", content="Und wer?")]
    pipeline.find(Question("Gibt es das auch für CJA?", asked), "de")
    assert retriever.calls[-1].query == "Was ist eine North Star Architektur? Und wer?\nGibt es das auch für CJA?"


def test_after_the_catalog_a_question_is_not_pinned_to_its_first_session():
    first = hit("Roadmap to Value.", 0.9, jira="KT-1", section_index=0)
    third = hit(ROLES, 0.88, jira="KT-3")
    pipeline, retriever = finder([first, third])
    shown = pipeline.find(Question("Which sessions are there?"), "en")
    assert shown.catalog.products == "" and [h.group for h in shown.hits] == ["KT-1"]
    pipeline.find(
        Question("And who of them owns the roadmap?", [Turn(role="user", content="Which sessions are there?")]), "en"
    )
    assert "jira" not in retriever.calls[-1].filters


def test_an_article_is_no_pointer_back():
    from assistant.evidence import is_follow_up

    assert not is_follow_up("Welche Phasen hat die Team-Entwicklung?")
    assert not is_follow_up("Finns det en mall för affärsfallet?")
    assert is_follow_up("Und wer von ihnen ist für Reporting zuständig?") and is_follow_up("Och vem av dem?")
    # where no noun follows, "det", "den", "das" point back: "Hur används det i kampanjflödet?" after "Vad är RACI?"
    assert is_follow_up("Hur används det i kampanjflödet?") and is_follow_up("Wofür braucht man das?")
    assert is_follow_up("Hur stor är den?")
    assert not is_follow_up("Finns det i AJO en mall?")  # "there is"
    assert not is_follow_up("Vad är det nya i AJO?") and not is_follow_up("Das Team trifft sich wann?")


def test_a_new_question_is_not_treated_as_a_follow_up():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    pipeline.find(Question("Which roles are needed?", [Turn(role="user", content="Hello")]), "en")
    assert [c.kind for c in retriever.calls] == ["hybrid"]


def test_a_named_product_or_session_scopes_the_evidence():
    ajo = hit(ROLES, 0.90, jira="KT-1", session=3)
    cja = hit(ROLES, 0.88, jira="KT-2", solution="Customer Journey Analytics", session=4)
    pipeline, _ = finder([ajo, cja], sessions={4: {"KT-2"}})
    assert pipeline.find(Question("Which roles are needed in CJA?"), "en").hits[0].group == "KT-2"
    assert pipeline.find(Question("Which roles are needed in session 4?"), "en").hits[0].group == "KT-2"
    assert pipeline.find(Question("Which roles are needed?"), "en").hits[0].group == "KT-1"


def test_a_session_named_by_its_number_is_searched_alone_and_what_it_covers_is_answered():
    ajo = hit(ROLES, 0.90, jira="KT-1", session=3)
    far = hit("The architecture session.", 0.70, jira="KT-2", solution="Customer Journey Analytics", session=2)
    pipeline, retriever = finder([ajo, far], sessions={2: {"KT-2"}})
    about = pipeline.find(Question("Vad tar session 2 upp i CJA-serien?"), "sv")
    assert retriever.calls[-1].filters["jira"] == ["KT-2"]  # searched as such: the nearest sections were session 3's
    assert [h.group for h in about.hits] == ["KT-2"]  # far from the words, but the session asked about is known
    assert pipeline.find(Question("Which roles does session 2 need?"), "en").hits == []  # a content question: gated


def test_word_pieces_choose_the_session_whose_pages_use_the_questions_words():
    """The units find two sessions about as close; the pages' words (a compound's head, an inflection)
    decide, through assistant.grams."""
    governance = hit("**Styrning** Veckomöten och kvartalsvisa genomgångar av stegen.", 0.88, jira="KT-1",
                     language="sv", section="Styrning")  # fmt: skip
    change = hit("**Medvetenhet** och **Kunskap** är stegen.", 0.87, jira="KT-2", language="sv",
                 section="Ramverk för ändringshantering")  # fmt: skip
    near = [
        UnitHit(h.node.get_content(), cosine, 0.5, h.node.node_id, h.group, "sv", "item", 0, 0, 1)
        for h, cosine in ((governance, 0.880), (change, 0.876))
    ]
    pipeline, _ = finder([governance, change], units=near)
    asked = pipeline.find(Question("Vilka steg har ramverket för förändringshantering?"), "sv")
    assert asked.hits[0].group == "KT-2" and asked.sessions["KT-2"] > asked.sessions["KT-1"]
    assert pipeline.find(Question("Vilka steg finns det?"), "sv").hits[0].group == "KT-1"


def test_a_product_named_alone_filters_retrieval():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    pipeline.find(Question("Varför behöver innehållskedjan en sponsor i ledningen?"), "sv")
    assert retriever.calls[-1].filters == {"solution": "Content Supply Chain"}
    pipeline.find(Question("Was unterscheidet AJO von CJA?"), "de")  # two products: neither
    assert retriever.calls[-1].filters == {}
    pipeline.find(Question("Which roles in AJO?", filters=Filters(solution="Customer Journey Analytics")), "en")
    assert retriever.calls[-1].filters["solution"] == "Customer Journey Analytics"  # the request's own wins


def test_filters_reach_retrieval():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    pipeline.find(Question("Which roles?", filters=Filters(jira="KT-1")), "en")
    assert retriever.calls[0].filters == {"solution": None, "jira": "KT-1"}


def test_the_out_of_scope_gate():
    pipeline, _ = finder([])
    confident = hit(CADENCE, 0.86)
    fair = hit(CADENCE, 0.80)
    weak = hit(CADENCE, 0.78)
    assert pipeline.relevant([confident], "Tell me a joke", "en") == [confident]  # confident on its own
    assert pipeline.relevant([fair], "How often are steering reviews?", "en") == [fair]  # shares a word
    assert pipeline.relevant([fair], "Tell me a joke", "en") == []  # fair, but nothing in common
    assert pipeline.relevant([weak], "Who approves steering topics?", "en") == []  # below the floor
    # …unless it shares two of the question's words besides product names: a page's own phrase
    assert pipeline.relevant([weak], "How often are steering reviews?", "en") == [weak]
    assert pipeline.relevant([weak], "How often are steering reviews in AJO?", "en") == [weak]
    named = hit("The AJO steering group meets weekly.", 0.78)
    assert pipeline.relevant([named], "How often is the AJO steering board?", "en") == []  # a product name is no word
    assert pipeline.relevant([hit(CADENCE, 0.73)], "How often are steering reviews?", "en") == []
    german = hit(CADENCE, 0.78, language="de")  # stems of two languages meet by chance: only the question's counts
    assert pipeline.relevant([german], "Stand-ups and steering reviews?", "en") == []
    assert pipeline.find(Question("Tell me a joke"), "en").hits == []
    cadence_de = hit("Damit wird ein reibungsloser Ablauf gewährleistet.", 0.80, language="de")
    assert pipeline.relevant([cadence_de], "Und wie wird das Wetter morgen?", "de") == []  # "wird" is no topic
    after = hit("Nach dem Workshop folgt die Priorisierung.", 0.80, language="de")  # "nächste" stems to "nach"
    assert pipeline.relevant([after], "Wie wird das Wetter nächste Woche?", "de") == []
    # the vendor every page is about is no topic either
    adobe = hit("Adobe Journey Optimizer bietet Echtzeit-Erlebnisse.", 0.80, language="de")
    assert pipeline.relevant([adobe], "Wie kündige ich meinen Adobe-Vertrag vorzeitig?", "de") == []
    assert pipeline.relevant([adobe], "Welche Erlebnisse bietet Adobe?", "de") == [adobe]


def test_a_question_how_often_a_body_meets_is_answered_by_a_cadence_whatever_the_body_is_called():
    cadence = hit("Monatliche Check-ins für Führungskräfte, vierteljährliche Reviews.", 0.76, language="de")
    sponsor = hit("Der Sponsor beseitigt Hindernisse für das Team.", 0.76, language="de")
    pipeline, _ = finder([cadence, sponsor])
    # no word in common with the page ("Lenkungsgremium", "trifft"), and below the fair match
    assert pipeline.relevant([cadence, sponsor], "Wie oft trifft sich das Lenkungsgremium?", "de") == [cadence]
    assert pipeline.relevant([cadence], "Wie oft sollten wir Newsletter verschicken?", "de") == []  # no meeting
    assert pipeline.relevant([sponsor], "Wie oft trifft sich das Lenkungsgremium?", "de") == []  # no frequency
    far = hit("Monatliche Check-ins für Führungskräfte.", 0.73, language="de")
    assert pipeline.relevant([far], "Wie oft trifft sich das Lenkungsgremium?", "de") == []  # too far


def test_a_frequency_is_a_word_in_common_whatever_its_form():
    # "de månatliga mötena" and the page's "Kontroller av månadsledarskap" share no stem
    monthly = hit("* **Kontroller av månadsledarskap** Åtgärda eskaleringar.", 0.80, language="sv")
    pipeline, _ = finder([monthly])
    assert pipeline.relevant([monthly], "Vem deltar i de månatliga mötena?", "sv") == [monthly]
    assert pipeline.relevant([monthly], "Vem deltar i de stora mötena?", "sv") == []


def test_a_question_how_often_a_products_body_meets_is_not_foreign_to_the_pages():
    # every session of CJA has a German page, and none uses "trifft" or "Lenkungsgremium"
    cadence = hit(
        "Monatliche Check-ins, vierteljährliche Reviews.", 0.76, language="de", solution="Customer Journey Analytics"
    )
    pipeline, _ = finder([cadence])
    assert pipeline.relevant([cadence], "Wie oft trifft sich das CJA-Lenkungsgremium?", "de") == [cadence]
    assert pipeline.relevant([cadence], "Wie wird das Wetter im CJA-Gremium?", "de") == []


def test_a_question_whose_only_word_the_pages_use_is_a_product_name_is_out_of_scope():
    page = hit("The CJA steering group meets weekly.", 0.80, solution="Customer Journey Analytics")
    pipeline, _ = finder([page])
    assert pipeline.relevant([page], "What is the capital of France according to CJA?", "en") == []
    assert pipeline.relevant([page], "How often does the CJA steering group meet?", "en") == [page]
    assert pipeline.relevant([page], "CJA?", "en") == [page]  # no word of its own: the name decides
    confident = hit("The CJA steering group meets weekly.", 0.86)
    assert pipeline.relevant([confident], "What is the capital of France according to CJA?", "en") == [confident]
    # no Spanish page of CJA: a Spanish question's words cannot be checked against the pages
    assert pipeline.relevant([page], "¿Con qué frecuencia se reúne el comité de CJA?", "es") == [page]


def test_a_tie_of_the_pages_stems_is_decided_by_the_words_as_written():
    # "roller i cja team": Swedish and German pages share the stems; Swedish ones write "roller" and "i"
    pipeline, _ = finder([], votes={"sv": 2, "de": 2, "en": 1}, forms={"sv": 3, "de": 1, "en": 1})
    assert pipeline.asker_language(Question("roller i cja team")) == "sv"
    still, _ = finder([], votes={"sv": 2, "de": 2}, forms={"sv": 1, "de": 1})  # a tie either way: lingua's guess
    assert still.asker_language(Question("roller i cja team")) == "de"


def test_language_from_the_message_then_the_corpus_words_then_the_previous_question():
    pipeline, _ = finder([], votes={"sv": 3, "de": 1})
    assert pipeline.asker_language(Question("Vilka roller behövs i teamet för att lyckas?")) == "sv"
    assert pipeline.asker_language(Question("Quali ruoli servono nel team per avere successo?")) == "it"
    assert pipeline.asker_language(Question("Styrningskadens?")) == "sv"  # too short for lingua: corpus votes
    assert pipeline.asker_language(Question("Hej", language="de")) == "de"  # asked for explicitly
    undecided, _ = finder([], votes={"sv": 1, "de": 1})
    history = [Turn(role="user", content="Welche Rollen braucht das Team für den Erfolg?")]
    assert undecided.asker_language(Question("CJA?", history)) == "de"  # the conversation's language
    assert undecided.asker_language(Question("CJA?")) == "en"  # nothing to go on: the default
    # words every translation uses: the default, not lingua's unsure guess (Italian for "prosci")
    assert undecided.asker_language(Question("prosci")) == "en"
    assert undecided.asker_language(Question("raci matrix")) == "en"
    # ... unless a word is an everyday word of lingua's language and not of English (was answered in English)
    assert undecided.asker_language(Question("dimensione team ajo")) == "it"
    assert undecided.asker_language(Question("executive sponsor egenskaper")) == "sv"  # lingua: Romanian
    assert undecided.asker_language(Question("Jak zbudować zespół AJO?")) == "en"  # Polish: "jak" is no Swedish
    # an acknowledgement in no one language: the conversation's, else the default (lingua said Dutch)
    assert undecided.asker_language(Question("ok")) == "en"
    assert undecided.asker_language(Question("ok", history)) == "de"
    assert undecided.asker_language(Question("Welche Sessions gibt es?")) == "de"  # a grammar word: lingua's
    unknown_words, _ = finder([], votes={})  # words no page uses: lingua's guess
    assert unknown_words.asker_language(Question("Hur bakar man kanelbullar?")) == "sv"
    swedish_words, _ = finder([], votes={"sv": 1})  # "Und bei": a word Swedish pages happen to use
    assert swedish_words.asker_language(Question("Und bei AJO?")) == "de"  # lingua unsure: "und" is German's
    assert swedish_words.asker_language(Question("Bei AJO?")) == "sv"  # no grammar word: the pages' votes
    assert swedish_words.asker_language(Question("Und bei AJO?", history)) == "de"  # the conversation goes on
    assert swedish_words.asker_language(Question("Och hur är det med AJO?", history)) == "sv"  # its grammar


def test_the_asker_gets_their_language_version_of_a_section():
    english = hit(ROLES, 0.91, language="en")
    swedish = hit("**Produktägare** äger färdplanen.", 0.84, language="sv")
    pipeline, _ = finder([english, swedish])
    chosen = pipeline.find(Question("Vilka roller behövs?", language="sv"), "sv").hits
    assert len(chosen) == 1 and chosen[0].language == "sv" and chosen[0].score == 0.91


def test_an_asker_whose_language_the_session_lacks_reads_english_and_is_told_what_exists():
    from assistant.answer import compose

    italian = hit("**Responsabile** guida il team.", 0.90, language="it")
    english = hit("**Owner** leads the team.", 0.84, language="en")
    swedish = hit("**Ägare** leder teamet.", 0.83, language="sv")
    pipeline, _ = finder([italian, english, swedish])
    chosen = pipeline.find(Question("Qui dirige l'équipe ?", language="fr"), "fr").hits
    assert [h.language for h in chosen] == ["en"] and chosen[0].available == ("en", "it", "sv")
    answer = compose("Qui dirige l'équipe ?", chosen, "fr", "fr", 0.015).answer
    assert "disponible ici en anglais, italien et suédois" in answer and "citée en anglais" in answer
    assert "> **Owner** leads the team." in answer


def test_a_mixed_message_is_answered_in_the_language_of_its_grammar():
    pipeline, _ = finder([])
    # lingua leans English on the loanwords; "come" is the only grammar word, and Italian's alone
    assert pipeline.asker_language(Question("Come si crea un segmento in Adobe Analytics?")) == "it"
    assert pipeline.asker_language(Question("Qual è la team size di ogni stage?")) == "it"
    assert pipeline.asker_language(Question("Quali sono i key stakeholders della governance?")) == "it"


def test_grammar_words_decide_before_lingua_and_spare_loading_it():
    """A German question with an English tail is German (lingua alone says English, 0.82 sure), and a
    message whose grammar words decide never loads lingua's models (a second of a cold `ask`)."""
    from ingest import language

    pipeline, _ = finder([hit(ROLES, 0.9)])
    before = language._detector.cache_info().misses + language._detector.cache_info().hits
    assert pipeline.detect("Hallo! Sag mir, was ein Executive Sponsor tut this quarter — briefly?", "en") == "de"
    assert pipeline.detect("Vem ansvarar för rapporteringen?", "en") == "sv"
    assert language._detector.cache_info().misses + language._detector.cache_info().hits == before
    assert pipeline.detect("Quali ruoli servono in un team CJA?", "en") == "it"  # one grammar word: lingua decides
    assert language._detector.cache_info().misses + language._detector.cache_info().hits == before + 1


def test_a_language_no_answer_can_be_in_gets_the_default_not_the_nearest_supported_one():
    pipeline, _ = finder([hit(ROLES, 0.9)])
    assert pipeline.detect("Jak zbudować zespół AJO?", "en") == "en"  # Polish: it was answered in Swedish
    assert pipeline.detect("Как построить команду AJO?", "de") == "de"
    assert pipeline.detect("Jak zbudować zespół AJO?", "en", conversation="sv") == "sv"  # the conversation's
    # Danish and Norwegian askers read Swedish: "Hvilke roller trenger et CJA-team?" was taken for French
    assert pipeline.detect("Hvilke roller trenger et CJA-team?", "en") == "sv"
    assert pipeline.detect("Hvordan bygger vi et AJO-team?", "en") == "sv"
    # a short message whose words one supported language's pages use is in it, whatever lingua's trigrams say
    italian, _ = finder([hit(ROLES, 0.9)], votes={"it": 2, "en": 1})
    assert italian.detect("ruoli nel team cja", "en") == "it" and not italian.in_another_language("ruoli nel team")
    assert pipeline.in_another_language("Jak zbudować zespół AJO?")


def unit_of(found: Hit, text: str, cosine: float, kind: str = "item", block: int = 1) -> UnitHit:
    meta = found.meta
    return UnitHit(text, cosine, 0.5, found.node.node_id, found.group, meta.language, kind, block, block,
                   meta.section_index)  # fmt: skip


def composed(found: Evidence, question: str) -> str:
    from assistant.answer import CLOSE_MATCH_MARGIN, compose

    return compose(question, found.hits, "en", "en", CLOSE_MATCH_MARGIN, found.query, found.quote,
                   found.sessions, others=found.others).answer  # fmt: skip


def test_another_session_that_answers_almost_as_well_gets_its_best_line_and_that_section():
    first = hit(STAGES, 0.88, jira="KT-1", section="Team Evolution")
    overview = hit("In this session we review roles.", 0.87, jira="KT-2", section="Overview", section_index=0)
    roles = hit("Roles matter:\n\n* **Product Owner** owns the roadmap. Daily.\n* **Analyst** reports.", 0.86,
                jira="KT-2", section="Roles", section_index=2)  # fmt: skip
    near = [
        unit_of(first, STAGES.split("\n")[2], 0.880),
        unit_of(overview, overview.node.get_content(), 0.879, "sentence", 0),
        unit_of(roles, "* **Product Owner** owns the roadmap. Daily.", 0.870),
    ]
    pipeline, _ = finder([first, overview, roles], units=near)
    found = pipeline.find(Question("Who owns the growth of the team?"), "en")
    assert [h.group for h in found.hits[:2]] == ["KT-1", "KT-2"]
    brief = found.others["KT-2"]  # its best unit of a real section, not the overview's closer sentence
    assert brief.lines == ["* **Product Owner** owns the roadmap."] and found.hits[1].meta.section == "Roles"
    answer = composed(found, "Who owns the growth of the team?")
    assert answer.endswith("(section *Roles*) [2]:\n\n* **Product Owner** owns the roadmap.")


def test_another_session_whose_best_line_shares_no_word_with_the_question_is_only_named():
    from assistant.evidence import says_something_of
    from assistant.quotes import Quote

    roles = hit("* **Product Owner** owns the roadmap.", 0.86, jira="KT-2", language="it")
    line = Quote(roles.node.node_id, ["* **Product Owner** owns the roadmap."])
    assert says_something_of(line, roles, "Who owns the growth of the team?", "en")
    assert not says_something_of(line, roles, "Quali esempi di aziende vengono citati?", "it")


def test_a_question_naming_two_products_gets_each_products_best_session():
    ajo = hit(STAGES, 0.90, jira="KT-1", section="Team Evolution")
    cja = hit(ROLES, 0.82, jira="KT-2", section="Roles", solution="Customer Journey Analytics", title="CJA Model")
    near = [unit_of(ajo, STAGES.split("\n")[2], 0.90), unit_of(cja, ROLES.split("\n")[0], 0.80, block=0)]
    pipeline, _ = finder([ajo, cja], units=near)
    alone = pipeline.find(Question("How is the team structured in AJO?"), "en")
    assert [h.group for h in alone.hits] == ["KT-1"] and not alone.others  # CJA is far behind: not quoted
    question = "Compare the team structures of AJO and CJA"
    found = pipeline.find(Question(question), "en")
    assert [h.group for h in found.hits] == ["KT-1", "KT-2"] and list(found.others) == ["KT-2"]
    main, other = composed(found, question).split("\n\nAlso in the session **CJA Model** (section *Roles*) [2]:\n\n")
    assert "Incubate" in main and other == ROLES.split("\n")[0]  # quoted as a first session is
    csc = hit(CADENCE, 0.80, jira="KT-3", section="Cadence", solution="Content Supply Chain", title="CSC Model")
    pipeline, _ = finder([ajo, cja, csc], units=[*near, unit_of(csc, CADENCE, 0.79, "sentence", 0)])
    pipeline.settings = SETTINGS.model_copy(update={"max_sources": 1})
    three = pipeline.find(Question("Compare AJO, CJA and the content supply chain"), "en")
    assert [h.group for h in three.hits] == ["KT-1", "KT-2", "KT-3"]  # the first stays, each product follows


def test_each_compared_product_is_a_candidate_however_many_sections_another_fills():
    # "Vergleiche die Rollen bei CJA und CSC": CJA's sections filled the candidates, CSC was never quoted
    cja = [hit(ROLES, 0.90 - n / 100, jira=f"KT-{n}", section_index=n, solution="Customer Journey Analytics",
               title=f"CJA {n}") for n in range(1, 6)]  # fmt: skip
    csc = hit(CADENCE, 0.80, jira="KT-9", section="Cadence", solution="Content Supply Chain", title="CSC Model")
    near = [unit_of(h, ROLES.split("\n")[0], 0.9 - n / 100) for n, h in enumerate(cja)]
    pipeline, _ = finder([*cja, csc], units=[*near, unit_of(csc, CADENCE, 0.79, "sentence", 0)])
    pipeline.settings = SETTINGS.model_copy(update={"max_sources": 1})
    found = pipeline.find(Question("Compare the roles in CJA and the content supply chain"), "en")
    assert [h.group for h in found.hits[:2]] == ["KT-1", "KT-9"] and list(found.others) == ["KT-9"]


def test_a_fact_asked_of_the_series_in_a_conversation_lists_the_conversations_product():
    ajo = hit("Roadmap to Value.", 0.9, jira="KT-1", section_index=0)
    cja = hit("CJA roadmap.", 0.9, jira="KT-2", section_index=0, solution="Customer Journey Analytics")
    pipeline, _ = finder([ajo, cja])
    asked = [Turn(role="user", content="Welche Rollen braucht ein CJA-Team?")]
    series = pipeline.find(Question("Für wen ist die Reihe gedacht?", asked), "de")
    assert series.catalog.products == "Customer Journey Analytics" and [h.group for h in series.hits] == ["KT-2"]
    alone = pipeline.find(Question("Für wen ist die Reihe gedacht?"), "de")
    assert alone.catalog == Listing("")  # every product's sessions, each with whom it is for
    assert [h.group for h in alone.hits] == ["KT-1", "KT-2"]
    listed = pipeline.find(Question("Welche Sessions gibt es?", asked), "de")
    assert [h.group for h in listed.hits] == ["KT-1", "KT-2"]  # the catalog asked for: every product, as before


def test_two_sessions_named_by_number_are_each_summed_up():
    # "Was ist der Unterschied zwischen Sitzung 3 und Sitzung 4 bei CJA?" quoted session 3 alone
    cja = {n: hit(f"In session {n} we review topic {n}.", 0.9, jira=f"KT-{n}", section_index=0, session=n,
                  solution="Customer Journey Analytics") for n in (1, 3, 4)}  # fmt: skip
    pipeline, _ = finder([*cja.values(), hit("AJO session 3.", 0.9, jira="KT-9", section_index=0, session=3)])
    question = "Was ist der Unterschied zwischen Sitzung 3 und Sitzung 4 bei CJA?"
    found = pipeline.find(Question(question), "de")
    assert found.catalog == Listing("Customer Journey Analytics", compared=True, about=True)
    assert [h.group for h in found.hits] == ["KT-3", "KT-4"]
    assert composed_catalog(found, question, "de") == (
        "Darum geht es in diesen Sessions der Reihe zu Customer Journey Analytics:\n\n"
        "3. **Operating Model** [1]\n   > In session 3 we review topic 3.\n"
        "4. **Operating Model** [2]\n   > In session 4 we review topic 4."
    )


def composed_catalog(found: Evidence, question: str, asker: str) -> str:
    from assistant.answer import CLOSE_MATCH_MARGIN, compose

    return compose(question, found.hits, asker, asker, CLOSE_MATCH_MARGIN, catalog=found.catalog).answer


def test_an_abbreviation_the_pages_spell_out_is_searched_as_they_write_it():
    # "CoE" is a name no page uses; "Center of Excellence" is the pages' own
    pipeline, retriever = finder([hit(ROLES, 0.86)], unknown=["CoE"])
    evidence = pipeline.find(Question("Why set up a CoE for AJO?"), "en")
    assert not evidence.unknown_names and evidence.hits
    assert "Center of Excellence" in retriever.calls[0].query


def test_a_misspelt_product_name_is_searched_as_the_pages_write_it():
    # "Jorney" is a name no page uses; misspelt, the question was refused
    pipeline, retriever = finder([hit(ROLES, 0.86)], unknown=["Jorney"])
    evidence = pipeline.find(Question("What roles does the Jorney Optimizer team need?"), "en")
    assert not evidence.unknown_names and evidence.hits
    assert "Journey Optimizer team" in retriever.calls[0].query


def test_what_the_series_is_about_is_the_catalog_of_the_series_asked_of():
    ajo = hit("Roadmap to Value.", 0.9, jira="KT-1", section_index=0)
    cja = hit("CJA roadmap.", 0.9, jira="KT-2", section_index=0, solution="Customer Journey Analytics")
    pipeline, _ = finder([ajo, cja])
    about = pipeline.find(Question("Vad handlar CJA-serien om?"), "sv")
    assert about.catalog.products == "Customer Journey Analytics" and [h.group for h in about.hits] == ["KT-2"]
    asked = [Turn(role="user", content="Welche Rollen braucht ein CJA-Team?")]
    start = pipeline.find(Question("Mit welcher Session sollte ich anfangen?", asked), "de")
    assert start.catalog.products == "Customer Journey Analytics"  # the conversation's product


def test_where_to_start_is_each_series_first_session():
    sessions = [
        hit(f"In session {n} we review topic {n}.", 0.9, jira=f"KT-{product}{n}", section_index=0, session=n,
            solution=solution, title=f"{solution} {n}")
        for product, solution in (("A", "Journey Optimizer"), ("C", "Customer Journey Analytics")) for n in (1, 2)
    ]  # fmt: skip
    pipeline, _ = finder(sessions)
    # no session word: a first message asking where to begin (was refused, or answered from a page)
    start = pipeline.find(Question("Var ska jag börja?"), "sv")
    assert start.catalog == Listing("", start=True, about=True) and [h.group for h in start.hits] == ["KT-A1", "KT-C1"]
    assert composed_catalog(start, "Var ska jag börja?", "sv").startswith(
        "Varje serie är numrerad i ordning; börja med den första sessionen:\n\n*Journey Optimizer*\n\n"
        "1. **Journey Optimizer 1** [1]\n"
    )
    named = pipeline.find(Question("I'm new to CJA, where do I start?"), "en")
    assert named.catalog.products == "Customer Journey Analytics" and [h.group for h in named.hits] == ["KT-C1"]
    # in a conversation, without a session word, it asks about what was talked about
    asked = [Turn(role="user", content="Welche Rollen braucht ein CJA-Team?")]
    assert pipeline.find(Question("Womit soll ich anfangen?", asked), "de").catalog is None


def test_a_language_asked_for_before_any_answer_gets_the_help_text():
    pipeline, retriever = finder([hit(ROLES, 0.9)])
    found = pipeline.find(Question("Kannst du mir die Antwort auf Englisch geben?"), "de")
    assert found.reply == "help" and not found.hits and not retriever.calls


def test_a_session_named_by_its_titles_words_comes_first():
    from assistant.evidence import boosted, title_bonus

    model = hit(ROLES, 0.9, jira="KT-1", title="Designing an Operating Model for CJA Success")
    architecture = hit(ROLES, 0.8, jira="KT-2", title="Foundational Architecture Needed to Enable the CJA Vision")
    scores = {"KT-1": 0.843}  # the architecture page had no unit near the question
    named = boosted(scores, title_bonus([model, architecture], "How long is the CJA architecture session?", "en"))
    assert named["KT-2"] > named["KT-1"] == 0.843
    # product, session and series words name every session: no bonus for "the CJA session"
    assert not title_bonus([model, architecture], "How long is the CJA session?", "en")
    # the asker's word for a title left in English: "arkitektur", "architettura" are its "Architecture"
    assert set(title_bonus([model, architecture], "Hur lång är sessionen om CJA-arkitekturen?", "sv")) == {"KT-2"}
    assert set(title_bonus([model, architecture], "Quanto dura la sessione sull'architettura di CJA?", "it")) == {
        "KT-2"
    }


def test_a_session_whose_item_the_question_names_in_full_is_kept_and_comes_first():
    from assistant.evidence import boosted, label_bonus, names_a_label
    from assistant.terms import terms

    pillars = hit("* **Fünf Säulen** Roadmap für Wert, Technologie und Sponsoring.", 0.70, jira="KT-2", language="de")
    other = hit("* **Framework** Planung über wichtige Säulen hinweg.", 0.80, jira="KT-1", language="de")
    asked = set(terms("Welche fünf Säulen gibt es?", "de"))
    assert names_a_label(pillars, asked) and not names_a_label(other, asked)  # one word of a label is not its name
    assert not names_a_label(pillars, set(terms("Welche Säulen gibt es?", "de")))
    scores = boosted({"KT-1": 0.79}, label_bonus([other, pillars], asked))
    assert scores["KT-2"] > scores["KT-1"] == 0.79  # no unit near it: the lowest score, then the bonus
    pipeline, _ = finder([other, pillars])
    kept = pipeline.relevant([other, pillars], "Welche fünf Säulen gibt es?", "de")
    assert pillars in kept  # below the floor, but its own name for what is asked


def test_an_acronym_a_page_uses_passes_the_gate_however_short_the_question():
    kbo = hit("* **NSA** translating business goals, key business objectives (KBOs), and use cases.", 0.70)
    pipeline, _ = finder([kbo])
    assert pipeline.relevant([kbo], "Vad betyder KBO?", "sv") == [kbo]  # cosine far below the floor
    assert pipeline.relevant([kbo], "Vad betyder KPI?", "sv") == []


def test_a_message_too_short_to_search_alone_follows_the_conversation():
    pipeline, retriever = finder(two_products())
    previous = "What are the steps of the AJO campaign workflow?"
    pipeline.find(Question("Who approves?", [Turn(role="user", content=previous)]), "en")
    assert retriever.calls[-1].filters["jira"] == "KT-1"  # the previous answer's session
    assert retriever.calls[-1].query.startswith(previous)  # with its words: "approves" alone says little


def test_a_word_standing_in_for_what_was_talked_about_is_no_topic_of_its_own():
    from assistant.evidence import own_words, says_little

    assert own_words("How do I find one?") == ["find"] and says_little("How do I find one?")
    assert says_little("Wie finde ich so jemanden?")
    assert not says_little("How do I find an executive sponsor?")


def test_a_definition_lists_no_section_that_does_not_use_the_acronym():
    kbo = hit("* **NSA** translates key business objectives (KBOs) into use cases.", 0.80, jira="KT-1")
    other = hit(ROLES, 0.86, jira="KT-2", section_index=2)
    near = [unit_of(kbo, kbo.node.get_content(), 0.90, block=0)]
    pipeline, _ = finder([kbo, other], units=near)
    found = pipeline.find(Question("What does KBO stand for?"), "en")
    assert [h.group for h in found.hits] == ["KT-1"]  # the roles section matched as well, but says nothing of KBOs


def test_a_request_for_another_language_restates_the_previous_question_in_it():
    history = [Turn(role="user", content="Vilka roller behövs?"), Turn(role="assistant", content="…")]
    again = Question("In English, please", history).restated()
    assert again.message == "Vilka roller behövs?" and again.language == "en" and again.history == []
    assert Question("In English, please").restated().message == "In English, please"  # nothing to restate
    assert Question("Which roles?", history).restated().message == "Which roles?"
    twice = [*history, Turn(role="user", content="Auf Deutsch bitte"), Turn(role="assistant", content="…")]
    assert Question("In English, please", twice).restated().message == "Vilka roller behövs?"


def test_a_session_using_an_acronym_the_question_names_is_preferred():
    roadmap = hit("Rank use cases by value and effort.", 0.85, jira="KT-1")
    content = hit("Use AI and automation to scale content creation.", 0.82, jira="KT-2")
    assert acronym_bonus([roadmap, content], {"AI"}) == {"KT-2": ACRONYM_WEIGHT}
    assert acronym_bonus([roadmap, content], set()) == {}
    both = hit("AI helps here too.", 0.8, jira="KT-1")
    assert acronym_bonus([both, content], {"AI"}) == {}  # every session uses it: it tells none apart
    assert acronym_bonus([roadmap, content], {"RACI"}) == {}


def test_the_session_at_a_place_of_a_list_of_sessions():
    sessions = [hit("Roadmap.", 0.9, jira=f"KT-{n}", session=n, section_index=0) for n in (1, 2, 3, 5)]
    assert EvidenceFinder.listed_at(sessions, 2).group == "KT-3"  # the number the list shows
    assert EvidenceFinder.listed_at(sessions, 3) is None  # no fourth session listed
    assert EvidenceFinder.listed_at(sessions, -1).group == "KT-5"
    unnumbered = [hit("Roadmap.", 0.9, jira=f"KT-{n}", session=None, section_index=0) for n in (7, 8)]
    assert EvidenceFinder.listed_at(unnumbered, 1).group == "KT-8"  # without numbers: the list's order
    assert EvidenceFinder.listed_at(unnumbered, 2) is None


def test_sessions_are_compared_in_english_for_a_language_few_of_them_have():
    # "Hoe bepalen we welke AJO-ideeën het eerst aan de beurt zijn?" went to the one session with Dutch pages:
    # its Dutch lines are nearest to a Dutch question for their language, not for what they say
    dutch = hit("Het team groeit in drie fasen.", 0.86, jira="KT-1", language="nl", section="Teamevolutie")
    english = hit("The team grows in three stages.", 0.84, jira="KT-1", section="Team Evolution")
    ideas = hit("Rank use cases by value and effort.", 0.85, jira="KT-2", section="Prioritization", session=1)
    other = hit("Leaders sponsor the change.", 0.80, jira="KT-3", section="Sponsors", session=4)
    near = [unit_of(dutch, dutch.node.get_content(), 0.87, "sentence", 0),
            unit_of(english, english.node.get_content(), 0.84, "sentence", 0),
            unit_of(ideas, ideas.node.get_content(), 0.85, "sentence", 0)]  # fmt: skip
    pipeline, _ = finder([dutch, english, ideas, other], units=near)
    found = pipeline.find(Question("Welke ideeën pakken we het eerst op?"), "nl")
    assert found.hits[0].group == "KT-2", found.sessions
    # Where most sessions have the asker's language, its lines count: they are the ones the answer quotes
    pipeline, _ = finder([dutch, english, ideas, hit("Rangschik op waarde.", 0.8, jira="KT-2", language="nl")],
                         units=near)  # fmt: skip
    again = pipeline.find(Question("Welke ideeën pakken we het eerst op?"), "nl")
    assert again.hits[0].group == "KT-1", again.sessions


def test_a_name_one_sessions_pages_use_lifts_that_session():
    # "steps of the prosci model in cja" went to the operating model: the model relates "prosci" to nothing
    change = hit("The framework aligns with the Prosci methodology.", 0.80, jira="KT-5")
    roles = hit(ROLES, 0.82, jira="KT-3")
    pipeline, _ = finder([change, roles])
    assert pipeline.name_bonus([change, roles], "steps of the prosci model in cja", "en") == {"KT-5": NAME_WEIGHT}
    # an everyday word, however rare on the pages, is no name
    assert pipeline.name_bonus([change, roles], "steps of the framework", "en") == {}
    # a name both sessions use tells none apart
    both = hit("Prosci roles.", 0.8, jira="KT-3")
    assert finder([change, both])[0].name_bonus([change, both], "prosci steps", "en") == {}
