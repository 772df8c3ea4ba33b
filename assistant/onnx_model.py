"""The embedding model on ONNX Runtime: the same encoder as the PyTorch one, about twice as fast on two
cores, without importing torch to answer.

sentence-transformers loads ONNX models through optimum, but optimum-onnx (0.1) pins transformers below
4.58 while sentence-transformers 6 needs 5.x, so the two cannot be installed together: the model is
exported here with torch.onnx (once, at setup, beside the converted model, under a file lock) and run
with onnxruntime, with sentence-transformers' own steps (prompt + text, mean pooling, L2 normalisation).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

log = logging.getLogger(__name__)
FP32_FILE = "model.onnx"
MAX_TOKENS = 512
TOKEN_BUDGET = 2048  # tokens per encoder run (see OnnxEncoder.encode)
# What SESSION_ASSISTANT_EMBED_QUANTIZE stores in int8, by file. "embeddings": only the token-embedding
# table (Gather), 96 of the model's 470 MB once in int8, vectors within 0.9995 cosine of fp32; "all": every
# matrix too (MatMul), twice as fast but the evaluation loses figures (README, Performance).
QUANTIZED: dict[str, tuple[str, list[str] | None]] = {
    "embeddings": ("model-int8-embeddings.onnx", ["Gather"]),
    "all": ("model-int8.onnx", None),  # every operator ONNX Runtime quantizes
}


def onnx_file(model_dir: Path, quantize: str) -> Path:
    """The exported model (quantized as `quantize` says, dynamically), made on first use."""
    folder = model_dir / "onnx"
    target = folder / (QUANTIZED[quantize][0] if quantize in QUANTIZED else FP32_FILE)
    if target.exists():
        return target
    folder.mkdir(exist_ok=True)
    with FileLock(str(folder / "export.lock"), timeout=900):
        fp32 = folder / FP32_FILE
        if not fp32.exists():
            log.info("Exporting %s to ONNX (once)", model_dir)
            export(model_dir, fp32)
        if quantize in QUANTIZED and not target.exists():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            partial = target.with_suffix(".partial")
            quantize_dynamic(
                str(fp32), str(partial), weight_type=QuantType.QInt8, op_types_to_quantize=QUANTIZED[quantize][1]
            )
            partial.rename(target)  # whole or absent: a crash never leaves half a model under the name
    return target


def export(model_dir: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(model_dir).eval())
    sample = AutoTokenizer.from_pretrained(model_dir)(["query: a sample"], return_tensors="pt")
    partial = target.with_suffix(".partial")
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that hold for every input here
        torch.onnx.export(
            model, (sample["input_ids"], sample["attention_mask"]), str(partial), opset_version=17, dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
        )  # fmt: skip
    partial.rename(target)


class OnnxEncoder:
    """The model on an ONNX Runtime session with its tokenizer: texts in, normalised vectors out.

    No LlamaIndex here (assistant.onnx_embedding adapts it), so a cold command can load the model's files
    in a thread before it imports LlamaIndex (assistant.embedding.load_embedding_soon)."""

    def __init__(self, model_dir: Path, quantize: str) -> None:
        import onnxruntime as ort

        from assistant.tokens import load_tokens

        self.name = f"{model_dir} (onnx, int8: {quantize})"
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # Idle threads sleep instead of spinning: under concurrent requests spinning threads took the cores
        # the other requests needed (answers/s 51 -> 67-75 with the Batcher); a lone query pays ~2-3 ms.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(onnx_file(model_dir, quantize)), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = load_tokens(model_dir, MAX_TOKENS)
        self.dimension = int(json.loads((model_dir / "config.json").read_text())["hidden_size"])
        self._run_lock = threading.Lock()

    def token_ids(self, text: str) -> list[int]:
        """The text's token ids, without <s> </s>: for chunk sizing, as the torch tokenizer gives them."""
        return self.tokenizer.ids(text)

    def encode(self, texts: list[str]) -> list[list[float]]:
        """Texts of similar length run together, each run padded only to its longest and holding at most
        TOKEN_BUDGET tokens: less padding to compute, and activations (attention grows with the square of
        the length) stay small however long the batch's texts are."""
        ids, mask = self.tokenizer.batch(texts)
        lengths = mask.sum(axis=1)
        order = np.argsort(-lengths, kind="stable")
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        start = 0
        while start < len(order):
            width = int(lengths[order[start]])
            rows = order[start : start + max(1, TOKEN_BUDGET // width)]
            vectors[rows] = self.pooled(ids[rows, :width], mask[rows, :width])
            start += len(rows)
        return vectors.tolist()

    def pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """sentence-transformers' steps: mean of the token states over the mask, L2-normalised."""
        with self._run_lock:  # one run at a time: a run already uses every core, two would only contend
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
