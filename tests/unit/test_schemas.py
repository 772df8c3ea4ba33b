"""The request shapes every adapter validates with: limits and text that can reach the model."""

import pytest
from pydantic import ValidationError

from assistant.api import CompletionRequest
from assistant.schemas import MAX_MESSAGE_CHARS, MAX_TURN_CHARS, ChatRequest, describe


def error(**body) -> str:
    with pytest.raises(ValidationError) as caught:
        ChatRequest(**body)
    return describe(caught.value.errors())[0]


def test_lone_surrogates_are_refused_with_the_field_named():
    assert error(message="Hej \ud800").startswith("message: ")
    assert error(message="Hej", history=[{"role": "user", "content": "\udfff"}]).startswith("history.0.content: ")


def test_limits_name_the_field():
    assert error(message="x" * (MAX_MESSAGE_CHARS + 1)).startswith("message:")
    assert error(message="  ") == "message: must not be empty"
    assert error(message="Hi", language="xx").startswith("language: unknown language code 'xx'")


def test_openai_messages_fit_the_history_limits():
    long = {"role": "assistant", "content": "x" * (MAX_TURN_CHARS + 1)}
    with pytest.raises(ValidationError, match="longer than 20,000"):
        CompletionRequest(messages=[long, {"role": "user", "content": "Hi"}])
    with pytest.raises(ValidationError, match=r"lone surrogate|unicode string"):
        CompletionRequest(messages=[{"role": "user", "content": [{"type": "text", "text": "a\ud800"}]}])
