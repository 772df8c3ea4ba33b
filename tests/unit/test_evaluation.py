from assistant.evaluation import Case, score, summarize, text_outside_quotes
from assistant.schemas import ChatResponse, Source, Timings


def response(answer: str, language: str, jiras: list[str], grounded: bool = True) -> ChatResponse:
    sources = [
        Source(id=f"c{n}", n=n, doc_id=f"{j}.{language}", title="T", section="S", language=language, solution="",
               jira=j, url="", path="", score=0.9)
        for n, j in enumerate(jiras, 1)
    ]  # fmt: skip
    return ChatResponse(
        answer=answer, language=language, grounded=grounded, sources=sources,
        timings_ms=Timings(embed=1, retrieve=1, compose=1, total=3), answerer="extractive",
    )  # fmt: skip


def test_rank_facts_and_language_are_scored():
    case = Case(id="x", question="q", language="sv", jira="KT-2", source_language="sv", facts=["2-3", "9-9"])
    result = score(case, response("Enligt sessionen finns det tre steg: 2-3 medlemmar och mer.", "sv",
                                  ["KT-1", "KT-2"]), 12.0)  # fmt: skip
    assert result.rank == 2 and result.fact_recall == 0.5 and result.language_ok and not result.passed


def test_out_of_scope_needs_no_sources_and_not_grounded():
    case = Case(id="o", question="q", language="en", jira=None)
    assert score(case, response("The sessions I know don't cover that.", "en", [], False), 1).out_of_scope_ok
    assert not score(case, response("According to the session …", "en", ["KT-1"]), 1).out_of_scope_ok


def test_language_is_judged_outside_quotes_and_names():
    answer = "La sessione **Utforma en operativmodell** è disponibile solo in svedese:\n\n> Förståelse av rollerna"
    assert "Förståelse" not in text_outside_quotes(answer) and "Utforma" not in text_outside_quotes(answer)


def test_summary_metrics():
    cases = [
        Case(id="a", question="q", language="en", jira="KT-1", facts=["x"]),
        Case(id="b", question="q", language="en", jira="KT-2", facts=["y"]),
        Case(id="c", question="q", language="en", jira=None),
    ]
    results = [
        score(cases[0], response("An answer with x in English words.", "en", ["KT-1"]), 10),
        score(cases[1], response("An answer without it in English words.", "en", ["KT-1", "KT-2"]), 20),
        score(cases[2], response("The sessions don't cover that.", "en", [], False), 30),
    ]
    summary = summarize(results)
    assert (summary.hit_at_1, summary.hit_at_3, summary.mrr) == (0.5, 1.0, 0.75)
    assert summary.fact_recall == 0.5 and summary.out_of_scope == 1.0 and summary.latency_p50_ms == 20
    assert summary.failed == ["b"]


def test_figures_per_language_and_session_refusals_length_and_the_held_out_part():
    cases = [
        Case(id="a", question="q", language="sv", jira="KT-1", facts=["x"]),
        Case(id="b", question="q", language="de", jira="KT-2", held_out=True),
        Case(id="c", question="q", language="de", jira="KT-1", users_words=True, batch="fresh"),
        Case(id="d", question="q", language="it", jira=None, users_words=True, held_out=True, batch="fresh"),
    ]
    results = [
        score(cases[0], response("Enligt sessionen x och mer text här.", "sv", ["KT-1"]), 1),
        score(cases[1], response("Die Sessions decken das nicht ab.", "de", [], grounded=False), 1),
        score(cases[2], response("Laut der Session ist das so, ganz genau.", "de", ["KT-2", "KT-1"]), 1),
        score(cases[3], response("Le sessioni non trattano questo argomento.", "it", ["KT-1"]), 1),
    ]
    summary = summarize(results)
    assert summary.in_scope_refusals == round(1 / 3, 3)
    assert summary.users_words["cases"] == 2 and summary.users_words["out_of_scope"] == 0.0
    assert summary.users_words_tuned == {"cases": 1, "hit_at_1": 0.0, "fact_recall": 1.0, "answer_language": 1.0,
                                         "in_scope_refusals": 0.0}  # fmt: skip
    assert summary.by_language["sv"]["hit_at_1"] == 1.0 and summary.by_language["de"]["hit_at_1"] == 0.0
    assert summary.by_session["KT-1"]["cases"] == 2 and summary.by_session["KT-2"]["in_scope_refusals"] == 1.0
    assert summary.held_out == {"cases": 2, "hit_at_1": 0.0, "fact_recall": 1.0, "answer_language": 1.0,
                                "in_scope_refusals": 1.0, "out_of_scope": 0.0}  # fmt: skip
    assert list(summary.by_batch) == ["fresh"]  # the cases written together, apart from the rest
    assert summary.by_batch["fresh"] == {"cases": 2, "hit_at_1": 0.0, "fact_recall": 1.0, "answer_language": 1.0,
                                         "in_scope_refusals": 0.0, "out_of_scope": 0.0}  # fmt: skip
    grounded_lengths = (len("Enligt sessionen x och mer text här."), len("Laut der Session ist das so, ganz genau."))
    assert summary.answer_chars_p50 == sum(grounded_lengths) / 2  # the median of grounded answers only
