"""Answers written by an LLM server (the loopback fakes of assistant/fake_llm_servers.py, OpenAI and Ollama
protocols), over the real model and index: the prompt, the sources, streaming, follow-ups, fallback."""

import logging
import re

import pytest

from assistant.chat import ChatService
from assistant.fake_llm_servers import PASSAGE, derived_reply
from assistant.response import Delta
from assistant.schemas import ChatResponse, Turn

SWEDISH = "Vilka är de tre stegen i teamutvecklingen?"
CJA_ROLES = "Vilka roller behövs i CJA?"
FOLLOW_UP = "Och vem av dem ansvarar för rapportering?"
STANDALONE = "The question, made standalone from the conversation: "


@pytest.fixture
def llm_chat(llm_components):
    return ChatService(llm_components())


def collect(items) -> tuple[list[str], ChatResponse]:
    items = list(items)
    assert isinstance(items[-1], ChatResponse) and all(isinstance(i, Delta) for i in items[:-1])
    return [i.text for i in items[:-1]], items[-1]


def system_prompt(request: dict) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "system")


def test_the_model_answers_from_numbered_passages_that_are_the_sources(llm_chat, fake_llm):
    response = llm_chat.answer(SWEDISH)
    assert response.answerer == "llm:fake-model" and response.grounded and response.language == "sv"
    [request] = fake_llm.requests  # a first question needs no condensing: one call
    assert request["model"] == "fake-model"
    prompt = system_prompt(request)
    assert "Write your whole answer in Swedish (svenska)" in prompt
    assert "say so plainly" in prompt and "[1] or [2][3]" in prompt
    # The passages the model got are exactly the sources, numbered in the same order.
    headers = re.findall(r"^\[(\d+)\] (.+) › (.+) \((\w+)\)$", prompt, re.MULTILINE)
    assert [int(n) for n, *_ in headers] == list(range(1, len(response.sources) + 1))
    assert [(t, s, lang) for _, t, s, lang in headers] == [(s.title, s.section, s.language) for s in response.sources]
    assert response.sources[0].title == "Utforma en operativmodell för AJO Success"
    assert "15-20" in prompt.split("[2] ")[0]  # the team-development passage is [1]
    # The answer is the model's text, derived from the prompt it received.
    assert response.answer == derived_reply(request["messages"]) and "[1]" in response.answer
    assert request["messages"][-1] == {"role": "user", "content": SWEDISH}


def test_answers_stream_token_by_token_and_reassemble(llm_chat, fake_llm):
    deltas, response = collect(llm_chat.stream(SWEDISH))
    assert len(deltas) > 5 and "".join(deltas) == response.answer
    assert response.answerer == "llm:fake-model"
    assert fake_llm.requests[-1]["stream"] is True
    assert response.answer == llm_chat.answer(SWEDISH).answer


def test_a_follow_up_is_condensed_and_the_condensed_question_reaches_the_prompt(llm_chat, fake_llm):
    first = llm_chat.answer(CJA_ROLES)
    fake_llm.requests.clear()
    history = [Turn(role="user", content=CJA_ROLES), Turn(role="assistant", content=first.answer)]
    response = llm_chat.answer(FOLLOW_UP, history)
    condense, answer = fake_llm.requests
    condense_prompt = condense["messages"][-1]["content"]
    assert f"user: {CJA_ROLES}" in condense_prompt and f"Last message: {FOLLOW_UP}" in condense_prompt
    condensed = derived_reply(condense["messages"])
    assert STANDALONE + condensed in system_prompt(answer)
    # The model sees the conversation too, and then the message as asked.
    assert [m["content"] for m in answer["messages"][1:]] == [CJA_ROLES, first.answer, FOLLOW_UP]
    assert response.answerer == "llm:fake-model"
    assert {s.jira for s in response.sources} == {first.sources[0].jira}  # still the CJA session


def test_the_answer_language_can_be_chosen(llm_chat, fake_llm):
    response = llm_chat.answer(SWEDISH, language="de")
    assert response.language == "de"
    assert "Write your whole answer in German (Deutsch)" in system_prompt(fake_llm.requests[-1])


def test_out_of_scope_is_said_plainly_without_asking_the_model(llm_chat, fake_llm, chat):
    response = llm_chat.answer("What will the weather be like in Paris tomorrow?")
    assert not response.grounded and response.sources == [] and response.answerer == "extractive"
    assert fake_llm.requests == []
    # With the reason the extractive answer gives: a name no page uses, a price no page names.
    for question in ("How do I set up lead scoring in Marketo?", "Quanto costa una licenza di AJO?"):
        response = llm_chat.answer(question)
        assert response.answer == chat.answer(question).answer and not response.grounded, question
    assert fake_llm.requests == []


@pytest.mark.parametrize("failure", ["error 500", "slow", "down"])
def test_a_failing_server_gives_the_extractive_answer_and_one_warning(failure, llm_components, fake_llm, chat, caplog):
    if failure == "error 500":
        fake_llm.status = 500
        components = llm_components()
    elif failure == "slow":
        fake_llm.delay = 3.0
        components = llm_components(llm_timeout=1.0)
    else:
        from tests.conftest import free_port

        base = f"http://127.0.0.1:{free_port()}"  # nothing listens there
        components = llm_components(llm_base_url=base + ("/v1" if fake_llm.flavour == "openai" else ""))
    service = ChatService(components)
    with caplog.at_level(logging.WARNING):
        caplog.clear()
        deltas, response = collect(service.stream(SWEDISH))
    extractive = chat.answer(SWEDISH)
    assert response.answerer == "extractive"
    assert response.answer == extractive.answer == "".join(deltas)
    assert [s.doc_id for s in response.sources] == [s.doc_id for s in extractive.sources]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "answering extractively" in warnings[0].getMessage()
    assert "fake-model" in warnings[0].getMessage()


def test_a_stream_broken_midway_ends_with_the_extractive_answer(llm_components, fake_llm, chat, caplog):
    fake_llm.break_after = 4
    service = ChatService(llm_components())
    with caplog.at_level(logging.WARNING):
        deltas, response = collect(service.stream(SWEDISH))
    assert "".join(deltas) == response.answer and response.answerer == "extractive"
    written, _, rest = response.answer.partition("\n\n---\n\n")
    assert written and derived_reply(fake_llm.requests[-1]["messages"]).startswith(written)
    assert rest == chat.answer(SWEDISH).answer
    assert sum(r.levelno >= logging.WARNING for r in caplog.records) == 1


def test_the_fake_replies_cite_every_passage(llm_chat, fake_llm):
    """Guards the test double itself: its reply depends on the passages it was sent."""
    response = llm_chat.answer(SWEDISH)
    cited = re.findall(r"\[(\d+)\]", response.answer)
    assert [int(n) for n in cited] == list(range(1, len(response.sources) + 1))
    assert len(PASSAGE.findall(system_prompt(fake_llm.requests[-1]))) == len(response.sources)


@pytest.mark.parametrize("fake_llm", ["ollama"], indirect=True)
def test_terminal_chat_prints_the_answer_as_the_model_writes_it(llm_components, fake_llm, corpus_index):
    """`session-assistant chat` against the model server: tokens reach the terminal one by one."""
    import os
    import subprocess
    import sys
    import threading
    import time

    from tests.conftest import ROOT

    fake_llm.token_delay = 0.15
    env = dict(os.environ)
    env |= {
        "SESSION_ASSISTANT_DATA_DIR": str(corpus_index.settings.data_dir),
        "SESSION_ASSISTANT_CACHE_DIR": str(corpus_index.settings.cache_dir),
        "SESSION_ASSISTANT_LLM": "ollama",
        "SESSION_ASSISTANT_LLM_BASE_URL": fake_llm.url,
        "SESSION_ASSISTANT_LLM_MODEL": fake_llm.model,
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "chat"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    arrivals: list[tuple[float, bytes]] = []

    def read() -> None:
        while chunk := os.read(process.stdout.fileno(), 4096):
            arrivals.append((time.perf_counter(), chunk))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    process.stdin.write(f"{CJA_ROLES}\n{FOLLOW_UP}\n\n".encode())
    process.stdin.close()
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    reader.join(timeout=10)
    output = b"".join(c for _, c in arrivals).decode()
    answers = [derived_reply(r["messages"]) for r in fake_llm.requests if "Context passages" in str(r["messages"])]
    assert len(answers) == 2 and all(a in output for a in answers)
    assert output.count("(llm:fake-model)") == 2 and output.count("Sources:") == 2
    # Token by token: the first answer's opening words were on screen well before its last ones.
    first_words, last_words = answers[0].split()[0], answers[0].split()[-1]
    seen = ""
    at: dict[str, float] = {}
    for moment, chunk in arrivals:
        seen += chunk.decode(errors="ignore")
        for words in (first_words, last_words):
            if words in seen and words not in at:
                at[words] = moment
    assert at[last_words] - at[first_words] > 0.5


def test_after_a_failure_the_server_rests_then_is_tried_again(llm_components, fake_llm, caplog):
    import time

    fake_llm.status = 500
    service = ChatService(llm_components(llm_retry_after=2.0))
    assert service.answer(SWEDISH).answerer == "extractive"
    fake_llm.status = 200
    asked = len(fake_llm.requests)
    with caplog.at_level(logging.WARNING):
        caplog.clear()
        resting = service.answer(SWEDISH)
    assert resting.answerer == "extractive" and len(fake_llm.requests) == asked  # not even tried
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    time.sleep(2.1)
    assert service.answer(SWEDISH).answerer == "llm:fake-model"
