"""Evidence units: the sentences and list items of a chunk, each embedded on its own.

A chunk (a `##` section) is the right size to choose where an answer lies, and too large to choose what
to quote: a question about one stage of a list is best answered by that item. Units are scored with the
same model as chunks, as `{title} — {section}: {text}`, so a sentence keeps its page's context."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from sentencex import segment

from ingest.metadata import ChunkMeta

LIST_ITEM = re.compile(r"^(?P<indent> *)(?:[*+-]|\d+[.)])\s+(?P<text>.*)$")
LABEL = re.compile(r"^\*\*(?P<label>.+?)\*\*")


class UnitMeta(BaseModel):
    """The contract for a unit's metadata in the units collection: its chunk, its place, and the chunk's
    keys that request filters use."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    chunk_id: str
    kind: str = Field(description="sentence | item")
    block: int = Field(description="Index of its block (paragraph or top-level list item) in the chunk")
    doc_id: str
    jira: str = ""
    language: str
    solution: str = ""
    session: int | None = None
    section_index: int = 0
    chunk_index: int = 0

    @property
    def group(self) -> str:
        return self.jira or self.doc_id

    def dump(self) -> dict[str, str | int]:
        return self.model_dump(exclude_none=True)


@dataclass
class Block:
    """A paragraph (its sentences) or a top-level list item (with its nested lines)."""

    kind: str  # "paragraph" | "item"
    lines: list[str]
    label: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Unit:
    """One sentence of a paragraph, or one list item with its nested lines."""

    text: str
    kind: str  # "sentence" | "item"
    block: int  # index of its block in the chunk


def only_a_list(text: str) -> bool:
    return all(block.kind == "item" for block in blocks(text))


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(Block("paragraph", [" ".join(paragraph)]))
            paragraph.clear()

    for line in text.split("\n"):
        item = LIST_ITEM.match(line)
        if item and not item.group("indent"):
            flush()
            label = LABEL.match(item.group("text"))
            out.append(Block("item", [line], label.group("label").strip(" :") if label else ""))
        elif item and out and out[-1].kind == "item" and not paragraph:
            out[-1].lines.append(line)  # nested item stays with its parent
        elif line.strip():
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return out


def sentences(paragraph: str, language: str = "en") -> list[str]:
    """Sentences, split by sentencex (abbreviation lists for ~300 languages: "z. B.", "e.g.", "ecc.").

    A piece that starts in lower case continues the sentence before it: no sentence in these languages
    starts that way, and sentencex's Swedish list lacks "t.ex."."""
    out: list[str] = []
    for piece in segment(language, paragraph):
        piece = piece.strip()
        if not piece:
            continue
        if out and piece[0].islower():
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def units(text: str, language: str) -> list[Unit]:
    out: list[Unit] = []
    for index, block in enumerate(blocks(text)):
        if block.kind == "item":
            out.append(Unit(block.text, "item", index))
        else:
            out.extend(Unit(s, "sentence", index) for s in sentences(block.text, language))
    return out


def unit_id(chunk_id: str, position: int) -> str:
    """Derived from the chunk's id (itself derived from content): unchanged chunks keep their units."""
    return f"{chunk_id}:u{position}"


def embed_text(meta: ChunkMeta, unit: Unit) -> str:
    return f"{meta.title} — {meta.section}: {unit.text}"


def unit_metadata(meta: ChunkMeta, chunk_id: str, unit: Unit) -> dict[str, str | int]:
    return UnitMeta(
        chunk_id=chunk_id, kind=unit.kind, block=unit.block, doc_id=meta.doc_id, jira=meta.jira,
        language=meta.language, solution=meta.solution, session=meta.session,
        section_index=meta.section_index, chunk_index=meta.chunk_index,
    ).dump()  # fmt: skip
