"""LLM settings and adapters (no embedding model): configuration, and both protocols against the fakes."""

import pytest
from llama_index.core.llms import ChatMessage
from pydantic import ValidationError

from assistant.fake_llm_servers import FakeModelServer
from assistant.generation import language_instruction, passage_text
from assistant.llm import build_llm
from assistant.retrieval import Hit
from assistant.settings import Settings

PASSAGE_PROMPT = [
    ChatMessage(
        role="system", content="[1] Title › Roles (sv)\nDigital Analytics Manager leder programmet och rapporterar."
    ),
    ChatMessage(role="user", content="Vem leder programmet?"),
]


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_extractive_by_default():
    s = settings()
    assert s.llm == "none" and s.answerer == "extractive" and build_llm(s) is None


def test_a_model_name_is_required():
    with pytest.raises(ValidationError, match="SESSION_ASSISTANT_LLM_MODEL is required"):
        settings(llm="ollama")


def test_openai_base_url_must_end_in_v1():
    with pytest.raises(ValidationError, match="must end in /v1"):
        settings(llm="openai", llm_model="m", llm_base_url="http://localhost:8080")
    assert settings(llm="openai", llm_model="m", llm_base_url="http://localhost:8080/v1/").llm_url.endswith("/v1")


def test_unknown_llm_kind_is_refused(monkeypatch):
    monkeypatch.setenv("SESSION_ASSISTANT_LLM", "llamafile")
    with pytest.raises(ValidationError, match="'none', 'ollama' or 'openai'"):
        Settings()


def test_settings_come_from_the_environment(monkeypatch):
    for name, value in {
        "LLM": "openai", "LLM_BASE_URL": "http://gpu-box:8000/v1", "LLM_MODEL": "qwen2.5-7b-instruct",
        "LLM_API_KEY": "k", "LLM_TIMEOUT": "12.5", "LLM_TEMPERATURE": "0.3",
    }.items():  # fmt: skip
        monkeypatch.setenv(f"SESSION_ASSISTANT_{name}", value)
    llm = build_llm(Settings())
    assert type(llm).__name__ == "OpenAILike"
    assert (llm.model, llm.api_base, llm.api_key) == ("qwen2.5-7b-instruct", "http://gpu-box:8000/v1", "k")
    assert (llm.timeout, llm.temperature, llm.max_retries) == (12.5, 0.3, 0)
    assert Settings().answerer == "llm:qwen2.5-7b-instruct"


def test_ollama_defaults_to_the_local_server_with_a_fixed_context():
    llm = build_llm(settings(llm="ollama", llm_model="llama3.1:8b"))
    assert type(llm).__name__ == "Ollama"
    assert llm.base_url == "http://localhost:11434" and llm.request_timeout == 60.0
    assert llm.metadata.context_window == 8192  # not asked of the server, not the model's maximum


@pytest.mark.parametrize("flavour", ["openai", "ollama"])
def test_both_protocols_chat_stream_and_send_the_key(flavour):
    with FakeModelServer(flavour) as fake:
        llm = build_llm(settings(llm=flavour, llm_base_url=fake.url, llm_model="fake-model", llm_api_key="k3y"))
        whole = llm.chat(PASSAGE_PROMPT).message.content
        streamed = [r.delta for r in llm.stream_chat(PASSAGE_PROMPT)]
    assert whole == "Digital Analytics Manager leder programmet och rapporterar. [1]."
    assert "".join(streamed) == whole and len([t for t in streamed if t]) > 3
    assert [r["stream"] for r in fake.requests] == [False, True]
    assert all(
        r["_headers"].get("authorization", r["_headers"].get("Authorization")) == "Bearer k3y" for r in fake.requests
    )
    sent = fake.requests[0]
    temperature = sent.get("temperature", sent.get("options", {}).get("temperature"))
    assert temperature == 0.1 and sent["model"] == "fake-model"


@pytest.mark.parametrize("flavour", ["openai", "ollama"])
def test_timeouts_and_errors_raise_promptly(flavour):
    import time

    with FakeModelServer(flavour) as fake:
        llm = build_llm(settings(llm=flavour, llm_base_url=fake.url, llm_model="fake-model", llm_timeout=0.5))
        fake.status = 500
        with pytest.raises(Exception, match=r"500|crashed"):
            llm.chat(PASSAGE_PROMPT)
        fake.status, fake.delay = 200, 2.0
        started = time.perf_counter()
        with pytest.raises(Exception) as caught:
            list(llm.stream_chat(PASSAGE_PROMPT))
        assert "Timeout" in type(caught.value).__name__  # httpx.ReadTimeout, openai.APITimeoutError
        assert time.perf_counter() - started < 1.9  # the timeout, not the server, ended it; no retries
    assert len(fake.requests) == 2


def test_language_instruction_names_the_language_in_english_and_its_own_words():
    assert language_instruction("sv").startswith("Write your whole answer in Swedish (svenska)")
    assert language_instruction("it").startswith("Write your whole answer in Italian (italiano)")
    assert language_instruction("en").startswith("Write your whole answer in English,")


def test_passages_are_numbered_with_title_section_and_language():
    from llama_index.core.schema import TextNode

    node = TextNode(text="Body text.", metadata={"doc_id": "d", "title": "T", "section": "S", "language": "de-DE"})
    assert passage_text(2, Hit(node=node, score=0.9)) == "[2] T › S (de)\nBody text."
    # The session's own facts, when its page gives them: a model asked who it is for must see them.
    node.metadata |= {"role": "Leader, User", "duration": 2695, "video_url": "https://video.tv.adobe.com/v/1/"}
    assert passage_text(1, Hit(node=node, score=0.9)) == (
        "[1] T › S (de)\nFor: Leader, User · Recording: 45 min, https://video.tv.adobe.com/v/1/\nBody text."
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"SESSION_ASSISTANT_LLM": "ollama"},
            "SESSION_ASSISTANT_LLM_MODEL is required when SESSION_ASSISTANT_LLM=ollama",
        ),
        (
            {"SESSION_ASSISTANT_LLM": "gpt"},
            "SESSION_ASSISTANT_LLM: Input should be 'none', 'ollama' or 'openai' (got 'gpt')",
        ),
        ({"SESSION_ASSISTANT_LLM_TIMEOUT": "soon"}, "SESSION_ASSISTANT_LLM_TIMEOUT: Input should be a valid number"),
    ],
)
def test_the_cli_names_a_bad_setting_in_one_line(monkeypatch, capsys, env, message):
    from ui.cli import main

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["ask", "hi"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "pydantic" not in err
