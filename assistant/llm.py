"""The optional LLM server adapters (Ollama, OpenAI-compatible), built from the settings.

LlamaIndex's integrations speak the wire protocols; this module only maps our settings onto them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

# Local servers (llama.cpp, vLLM, LM Studio) ignore the key, but the OpenAI client refuses to start without one.
NO_KEY = "not-needed"


def build_llm(settings: Settings) -> LLM | None:
    if settings.llm == "ollama":
        return ollama_llm(settings)
    if settings.llm == "openai":
        return openai_llm(settings)
    return None


def ollama_llm(settings: Settings) -> LLM:
    from llama_index.llms.ollama import Ollama

    llm = Ollama(
        model=str(settings.llm_model),
        base_url=settings.llm_url,
        request_timeout=min(settings.llm_timeout, settings.llm_deadline),
        temperature=settings.llm_temperature,
        additional_kwargs={"num_predict": settings.llm_max_tokens},
        # Explicit, so the integration neither asks /api/show nor sizes num_ctx to the model's maximum
        # (128k tokens on many models would not fit in a small server's memory).
        context_window=settings.llm_context_window,
        is_function_calling_model=False,
    )
    if settings.llm_api_key:
        # The integration builds its client from host and timeout only; a key needs the client's headers.
        from ollama import Client

        llm._client = Client(
            host=settings.llm_url,
            timeout=min(settings.llm_timeout, settings.llm_deadline),
            headers={"authorization": f"Bearer {settings.llm_api_key}"},
        )
    return llm


def openai_llm(settings: Settings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=str(settings.llm_model),
        api_base=settings.llm_url,
        api_key=settings.llm_api_key or NO_KEY,
        timeout=min(settings.llm_timeout, settings.llm_deadline),
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        context_window=settings.llm_context_window,
        is_chat_model=True,
        is_function_calling_model=False,
        max_retries=0,  # a failing server gets the extractive answer at once, not after retries and back-off
    )
