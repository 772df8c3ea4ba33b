"""The development sets: targets on corpus/ (and on the 15-session series when ../shared is present)."""

import json
import os
import subprocess
import sys

import pytest

from assistant.chat import ChatService
from assistant.evaluation import evaluate, load_cases
from tests.conftest import ROOT

EVAL = ROOT / "tests" / "eval"


def test_development_set_has_the_required_coverage():
    cases = load_cases(EVAL / "corpus.yaml")
    assert len(cases) >= 60
    languages = {c.language for c in cases}
    assert {"sv", "de", "it", "en", "fr", "es"} <= languages
    assert {c.language for c in cases if c.jira is None} >= {"sv", "de", "it", "en"}  # out of scope in each
    assert sum(1 for c in cases if c.history) >= 4  # multi-turn


def test_the_series_set_covers_every_session_in_users_words_with_a_third_kept_back():
    series = load_cases(EVAL / "series.yaml")
    everything = series + load_cases(EVAL / "corpus.yaml") + load_cases(EVAL / "held_out.yaml")
    assert len(everything) >= 150 and len(series) >= 60
    assert sum(1 for c in everything if c.jira is None) >= 15
    in_scope = [c for c in series if c.jira]
    assert all(c.facts for c in in_scope), [c.id for c in in_scope if not c.facts]  # every one checks a fact
    assert len({c.jira for c in in_scope}) == 15  # every session of the three series
    assert len({c.language for c in in_scope}) >= 6
    users = [c for c in series if c.users_words]
    assert len(users) >= len(series) / 2
    assert len([c for c in users if c.held_out]) >= len(users) / 3 - 1  # a third never tuned on


def test_targets_on_corpus(chat):
    _, summary = evaluate(chat, load_cases(EVAL / "corpus.yaml"))
    report = f"failed: {summary.failed}"
    # measured 0.962: "Wer ist für Reporting zuständig?" names no product and is now answered from the CJA
    # session's reporting role (in Swedish only here), not AJO's campaign workflow; 0.981 before sessions were
    # compared in the languages they share
    assert summary.hit_at_1 >= 0.96, report
    assert summary.answer_language == 1.0, report
    assert summary.out_of_scope >= 0.95, report
    assert summary.fact_recall >= 0.95, report  # measured 0.962 (0.942 before a cadence question got the cadence)
    assert summary.source_language >= 0.95, report
    assert summary.answer_chars_p50 <= 430, report  # measured 383 (457 before the best-two items)


def test_targets_on_the_whole_series(fresh_components, vra_corpus):
    from assistant.ingestion import IngestionService

    series = fresh_components()
    # The series folder holds every session, corpus/'s included (in newer versions: the German AJO page
    # differs from corpus/'s copy, so ingesting both would be a duplicate conflict, by design).
    report = IngestionService(series).ingest([vra_corpus])
    assert not report.failed, (report.skipped, report.duplicates)
    _, summary = evaluate(ChatService(series), load_cases(EVAL / "series.yaml"))
    # Floors at today's measured figures (README), so a regression fails; issue 11's targets (hit@1 0.95,
    # recall 0.92, out of scope 0.95) are not reached. The eleventh session added 65 fresh questions in users'
    # words (31 to tune on, 34 held out), which the system answers far worse than the older ones (hit@1
    # 0.67 and 0.59 on the fresh batches against 0.91 on the older 128): the floors below are for all 290
    # (the thirteenth session's conversations and the fourteenth's 27, the fifteenth's 24, the sixteenth's 24,
    # the seventeenth's 24, the eighteenth's 28, the nineteenth's 15, the twentieth's 15, the twenty-first's 15,
    # the twenty-second's 15, the twenty-third's 15, the twenty-fourth's 15 + 12 keyword-style and the
    # twenty-fifth's 15 fresh cases included: 459).
    assert summary.hit_at_1 >= 0.795, summary.failed  # measured 0.797 on 459 (0.802 on 444: the twenty-fifth's
    # fresh cases come in at 0.75 tuning, 0.5 held out; 0.801 on 417, 0.800 on the twenty-second's 402)
    assert summary.fact_recall >= 0.745, summary.failed  # measured 0.746 on 459 (0.749 on 444; 0.748 on 417)
    assert summary.users_words["hit_at_1"] >= 0.77, summary.users_words  # measured 0.773 (0.777 on 444)
    assert summary.users_words["fact_recall"] >= 0.71, summary.users_words  # measured 0.716 (0.718 on 444)
    assert summary.answer_chars_p50 <= 550, (
        summary.answer_chars_p50
    )  # measured 536 (536 on 387; 580 before a list's whole quote
    # lost the sentences before it that were not its lead, and an item far ahead answered a set alone; 524 with
    # "passage: ", which quoted fewer of the lines asked for; 565 before lines were chosen without the product
    # names; 600 before a close session whose best line shares no word with the question was named, not quoted)
    fresh = summary.by_batch["fresh held out"]  # never tuned on
    assert fresh["hit_at_1"] >= 0.6 and fresh["fact_recall"] >= 0.46, fresh  # measured 0.621 and 0.483 (0.586
    # and 0.448 before word matching left product names out)
    # follow-ups keep the conversation's product, session and language ("Und bei AJO?"), and one that
    # points nowhere is refused: all seven checks (written after those rules)
    conversation = summary.by_batch["conversation checks"]
    assert conversation["hit_at_1"] == 1.0 and conversation["fact_recall"] == 1.0, conversation
    assert conversation["out_of_scope"] == 1.0, conversation
    conversations = summary.by_batch["conversations"]  # written before any run; tuned on
    assert conversations["fact_recall"] >= 0.9, conversations  # measured 1.000 (0.700 at the session's start)
    kept_back = summary.by_batch["conversations held out"]  # never tuned on
    assert kept_back["hit_at_1"] >= 0.8 and kept_back["fact_recall"] >= 0.8, kept_back  # measured 0.8 and 0.8
    fourteenth = summary.by_batch["fourteenth tuning"]  # written before any run of them; tuned on
    assert fourteenth["fact_recall"] >= 0.75, fourteenth  # measured 0.786 (0.643 at the session's start)
    fifteenth = summary.by_batch["fifteenth tuning"]  # written before any run of them; tuned on
    assert fifteenth["hit_at_1"] >= 0.7 and fifteenth["fact_recall"] >= 0.65, fifteenth  # measured 0.75, 0.667
    sixteenth = summary.by_batch["sixteenth tuning"]  # written before any run of them; tuned on
    assert sixteenth["hit_at_1"] >= 0.8 and sixteenth["out_of_scope"] == 1.0, sixteenth  # measured 0.833, 1.0
    seventeenth = summary.by_batch["seventeenth tuning"]  # written before any run of them; tuned on
    assert seventeenth["hit_at_1"] >= 0.75 and seventeenth["fact_recall"] >= 0.65, seventeenth  # 0.75, 0.667
    # (0.833 before word matching left product names out: over all tuning cases six sessions gained, four lost)
    eighteenth = summary.by_batch["eighteenth tuning"]  # written before any run of them; tuned on
    assert eighteenth["hit_at_1"] >= 0.85 and eighteenth["fact_recall"] >= 0.65, eighteenth  # 0.889, 0.667
    nineteenth = summary.by_batch["nineteenth tuning"]  # written before any run of them; tuned on
    assert nineteenth["hit_at_1"] >= 0.6 and nineteenth["fact_recall"] >= 0.6, nineteenth  # 0.625, 0.625 (0.5
    # and 0.5 at the session's start: "CSC" was refused)
    twentieth = summary.by_batch["twentieth tuning"]  # written before any run of them; tuned on
    assert twentieth["hit_at_1"] >= 0.6 and twentieth["fact_recall"] >= 0.5, twentieth  # 0.625, 0.5 (unchanged)
    assert twentieth["out_of_scope"] == 1.0, twentieth
    twenty_first = summary.by_batch["twenty-first tuning"]  # written before any run of them; tuned on
    assert twenty_first["hit_at_1"] >= 0.75 and twenty_first["fact_recall"] >= 0.75, twenty_first  # 0.75, 0.75
    # "Wie kündige ich meinen Adobe-Vertrag vorzeitig?" shared only the vendor's name with the pages: answered
    assert twenty_first["out_of_scope"] == 1.0, twenty_first
    twenty_second = summary.by_batch["twenty-second tuning"]  # written before any run of them; tuned on
    assert twenty_second["hit_at_1"] >= 0.7 and twenty_second["fact_recall"] >= 0.6, twenty_second  # 0.75, 0.625
    # (0.5 and 0.375 at its session's start: a Dutch question on AJO 1 went to AJO 3, the one Dutch session;
    # 0.625 and 0.5 before pronouns were stopwords: "bei uns" matched every German page's "unsere")
    assert twenty_second["out_of_scope"] == 1.0, twenty_second
    twenty_third = summary.by_batch["twenty-third tuning"]  # written before any run of them; tuned on
    assert twenty_third["hit_at_1"] >= 0.7 and twenty_third["fact_recall"] >= 0.7, twenty_third  # 0.75, 0.75
    # (0.625 and 0.625 at the session's start: "im Haus Rückendeckung bekommen" was refused as a name)
    assert twenty_third["out_of_scope"] == 1.0, twenty_third
    twenty_fourth = summary.by_batch["twenty-fourth tuning"]  # written before any run of them; tuned on
    assert twenty_fourth["hit_at_1"] >= 0.65 and twenty_fourth["fact_recall"] >= 0.65, twenty_fourth  # 0.667 each
    # (0.556 at the session's start: "Wie finde ich im Unternehmen Leute, …" was refused as a name, "Leute")
    twenty_fifth = summary.by_batch["twenty-fifth tuning"]  # written before any run of them; tuned on
    assert twenty_fifth["hit_at_1"] >= 0.75 and twenty_fifth["fact_recall"] >= 0.75, twenty_fifth  # 0.75 each
    # (0.625 recall at the session's start: "This approach avoids…" was quoted without the sentence it points to)
    assert twenty_fifth["out_of_scope"] == 1.0, twenty_fifth
    keywords = summary.by_batch["twenty-fourth keywords tuning"]  # typed as into a search box; tuned on
    assert keywords["hit_at_1"] >= 0.8 and keywords["out_of_scope"] == 1.0, keywords  # 1.0 (0.833 at the start:
    # "steps of the prosci model in cja" went to the operating model) and 1.0
    assert summary.answer_language == 1.0, summary.failed
    # measured 0.886 (39 of 44; 0.750 at the sixteenth session's start: Adobe's products the pages never
    # name, product support, configuring the products and their limits; 0.795 at the fifteenth's) and in-scope
    # refusals 0.000 (0 of 246; 0.005 before ordinary capitalised words stopped being taken for names)
    # The seventeenth batch's six near-topic questions brought it to 0.840 (42 of 50): three of its four tuning
    # ones (a campaign's ROI, hiring an agency, recruiting) are answered with quotes; a rule for recruiting and
    # agencies caught two but refused an in-scope held-out question, and was reverted.
    # The eighteenth batch's thirteen unrelated questions that name a product ("Hur bakar man kanelbullar till
    # CJA-teamets fika?": the name alone lifts every page of the product above the gate) brought it to 0.785
    # (51 of 65): using a product's software (a password, exporting) is refused now, trivia is not.
    # The nineteenth's three (a law, a salary, a party) brought it to 0.779 (53 of 68): the party is answered.
    # The twentieth's three (Analytics sign-on, a subject line, a Creative Cloud price) are refused: 0.789 (56
    # of 71); a question none of whose own words any page uses ("…la capitale della Francia secondo CJA?") is
    # refused however its product name matches, where the question's language has all the product's pages:
    # 0.817 (58 of 71), in-scope refusals 0.000 (a held-out Spanish question on CJA was refused before that
    # condition). The twenty-first's three (an Adobe contract, GA4 and BigQuery, a Salesforce price): 0.824 (61
    # of 74) once the vendor's name stopped counting as a shared word. The twenty-second's three (a data
    # protection law, single sign-on, a Target licence) are refused: 0.831 (64 of 77). The twenty-third's three
    # (a metric in Adobe Analytics, a salary, Salesforce's API) are refused: 0.838 (67 of 80); in-scope refusals
    # 0.003 (1 of 337; 2 at the session's start). The twenty-fourth's six (Google Ads, consent for push, a
    # sick note; exporting to Excel, a price per profile, the weather): 0.837 (72 of 86); refusals 1 of 358.
    assert summary.out_of_scope >= 0.83 and summary.in_scope_refusals <= 0.01, summary.failed


def test_cli_eval_json(corpus_index, tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {id: a, question: 'Vilka är de tre stegen i teamutvecklingen?', language: sv, jira: KT-19551,"
        " source_language: sv, facts: ['2-3']}\n"
        "- {id: b, question: 'Wie wird das Wetter morgen in Berlin?', language: de, jira: null}\n"
    )
    env = dict(os.environ)
    env["SESSION_ASSISTANT_DATA_DIR"] = str(corpus_index.settings.data_dir)
    env["SESSION_ASSISTANT_CACHE_DIR"] = str(corpus_index.settings.cache_dir)
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "eval", "--json", "--cases", str(cases)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["hit_at_1"] == 1.0 and report["summary"]["out_of_scope"] == 1.0
    assert [c["passed"] for c in report["cases"]] == [True, True]


@pytest.mark.parametrize("name", ["corpus.yaml", "series.yaml"])
def test_case_files_parse(name):
    assert all(c.id for c in load_cases(EVAL / name))
