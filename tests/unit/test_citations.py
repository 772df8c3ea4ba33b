"""Citations: every answer cites its n-th listed source as [n], whoever wrote it."""

import pytest

from assistant.answer import compose
from assistant.chat import cited
from assistant.citations import after_title, cited_numbers, uncited
from assistant.response import Delta, after_failure, noted, respond, spoken
from assistant.schemas import Timings
from tests.unit.test_answer import hit

TIMINGS = Timings(embed=0, retrieve=0, compose=0, total=0)


def test_each_quoted_session_is_cited_by_its_place_in_the_sources():
    first, close = hit(score=0.9), hit(score=0.895, jira="KT-2")
    listed_only = hit(score=0.886, jira="KT-3")  # not close enough to quote, close enough to list
    hits = [first, close, listed_only]
    composed = compose("team evolution", hits, "en", "en", margin=0.01)
    main, also = composed.answer.split("\n\nSee also the session")
    assert "(section *Governance*) [1]:" in main and also.endswith("[2].")
    response = respond(composed.answer, "en", True, cited(composed.used, hits), TIMINGS, "extractive")
    assert [(s.n, s.jira) for s in response.sources] == [(1, "KT-1"), (2, "KT-2"), (3, "KT-3")]
    assert [s.id for s in response.sources] == [h.node.node_id for h in cited(composed.used, hits)]
    assert set(cited_numbers(response.answer)) == {1, 2}


def test_an_answer_in_another_language_is_cited_too():
    composed = compose("evoluzione del team?", [hit()], asker="it", question_language="it", margin=0.01)
    assert cited_numbers(composed.answer) == [1]
    assert composed.answer.split("\n")[0].endswith("citata in inglese [1]:")


def test_a_cut_model_answer_loses_its_citations_before_the_fallback():
    fallback = respond("According to … [1]:\n\n* fact", "en", True, [hit()], TIMINGS, "extractive")
    *_, final = after_failure("Teams grow in three stages [2][3]. First", fallback)
    assert final.answer.startswith("Teams grow in three stages. First\n\n---\n\nAccording to … [1]:")
    assert cited_numbers(final.answer) == [1] and len(final.sources) == 1


def test_a_note_comes_before_the_answer_in_its_pieces_and_its_whole():
    response = respond("According to … [1]:\n\n* fact", "en", True, [hit()], TIMINGS, "extractive")
    *deltas, final = noted(spoken(response), "I can answer in …")
    assert final.answer == "I can answer in …\n\nAccording to … [1]:\n\n* fact"
    assert all(isinstance(d, Delta) for d in deltas) and "".join(d.text for d in deltas) == final.answer
    assert cited_numbers(final.answer) == [1] and final.sources == response.sources


def test_citation_helpers():
    assert cited_numbers("a [2] b [10][1]") == [2, 10, 1]
    assert uncited("a [2] b [10][1].") == "a b."


def test_a_listed_source_names_its_section_unless_it_is_the_pages_title_section():
    section, title = hit(), hit()
    title.node.metadata.update(overview=True, section="Operating Model")
    sources = respond("…", "en", True, [section, title], TIMINGS, "extractive").sources
    assert [s.overview for s in sources] == [False, True]
    assert [after_title(s) for s in sources] == [" › Governance", ""]


def test_a_note_waits_for_the_answers_first_piece():
    def failing():
        raise LookupError("the index changed")
        yield  # a generator

    with pytest.raises(LookupError):  # raised before the note is sent: ChatService.stream can still retry
        next(noted(failing(), "I can answer in …"))
