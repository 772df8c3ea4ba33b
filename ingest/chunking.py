"""Markdown-aware chunking: one chunk per `##` section, long sections split on sentence boundaries."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.node_parser import MarkdownNodeParser, SentenceSplitter
from llama_index.core.schema import BaseNode, Document, MetadataMode, TextNode, TransformComponent

from ingest.formats import heading_seconds
from ingest.metadata import ChunkMeta
from ingest.units import only_a_list

EMBED_KEYS = ("title", "section")  # what the embedding sees besides the text: title + heading
NODE_NAMESPACE = uuid.UUID("5e55a0b1-7a3c-4f0e-9b1e-5e55a0b1a551")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# Tokens the splitter cannot see: passage prefix, <s> </s>, and the separators between parts.
RESERVED_TOKENS = 12
N = TypeVar("N", bound=BaseNode)


class SectionMetadata(TransformComponent):
    """Move each section's heading from its text into metadata, and number the sections."""

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        counters: dict[str, int] = {}
        with_sections: set[str] = set()  # pages whose first ## section has been seen
        split = [(node, *split_heading(node.get_content())) for node in nodes]
        sections = Counter(ChunkMeta.of(node.metadata).doc_id for node, _, level, _ in split if level == 2)
        for node, heading, level, text in split:
            meta = ChunkMeta.of(node.metadata)
            doc_id = meta.doc_id
            index = counters.get(doc_id, 0)
            counters[doc_id] = index + 1
            if not re.search(r"\w", text):
                continue  # a heading with nothing under it
            node.set_content(text)
            node.metadata.pop("header_path", None)  # the Markdown parser's own; the section says it
            start = heading_seconds(heading) if heading else None  # a transcript passage's "⏱ 2:03"
            # An agenda leads into the page's other sections; a page's only section is its content.
            agenda = level == 2 and doc_id not in with_sections and sections[doc_id] > 1 and only_a_list(text)
            if level == 2:
                with_sections.add(doc_id)
            node.metadata.update(
                meta.replace(
                    section=heading or meta.title, section_index=index, start_seconds=start, overview=level <= 1,
                    agenda=agenda,
                ).dump()
            )  # fmt: skip
            out.append(hide_metadata(node))
        return out


def split_heading(content: str) -> tuple[str | None, int, str]:
    """A section's heading, its level (0 without one) and the text under it."""
    lines = content.split("\n")
    if lines and (m := HEADING.match(lines[0].strip())):
        return m.group(2).strip(), len(m.group(1)), "\n".join(lines[1:]).strip()
    return None, 0, content.strip()


class ChunkIdentity(TransformComponent):
    """Deterministic ids from content: re-ingesting unchanged text reproduces the same ids."""

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        seen: set[tuple[str, str]] = set()
        counters: dict[str, int] = {}
        for node in nodes:
            meta = ChunkMeta.of(node.metadata)
            doc_id = meta.doc_id
            embed_text = node.get_content(MetadataMode.EMBED)
            if not node.get_content().strip() or (doc_id, embed_text) in seen:
                continue  # never store empty or duplicate chunks
            seen.add((doc_id, embed_text))
            index = counters.get(doc_id, 0)
            counters[doc_id] = index + 1
            digest = content_hash(embed_text, node.metadata)
            node.metadata.update(meta.replace(chunk_index=index, content_hash=digest).dump())
            node.id_ = str(uuid.uuid5(NODE_NAMESPACE, f"{doc_id}|{index}|{digest}"))
            out.append(hide_metadata(node))
        return out


def content_hash(embed_text: str, metadata: dict) -> str:
    payload = {k: v for k, v in metadata.items() if k not in ("content_hash", "chunk_index")}
    blob = embed_text + "\0" + json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def hide_metadata(node: N) -> N:
    """Show the embedding (and an LLM) only the title and heading; the rest stays metadata."""
    node.excluded_embed_metadata_keys = [k for k in node.metadata if k not in EMBED_KEYS]
    meta = ChunkMeta.of(node.metadata)
    if meta.section == meta.title or not meta.section:
        # The introduction's "section" is the title: saying it twice would make it outrank real sections.
        node.excluded_embed_metadata_keys.append("section")
    node.excluded_llm_metadata_keys = list(node.excluded_embed_metadata_keys)
    if isinstance(node, TextNode | Document):  # the node kinds that carry text templates
        node.metadata_template = "{value}"
        node.text_template = "{metadata_str}\n\n{content}"
    return node


def chunk_pipeline(count_tokens: Callable[[str], list], max_tokens: int) -> IngestionPipeline:
    splitter = SentenceSplitter(
        chunk_size=max_tokens - RESERVED_TOKENS,
        chunk_overlap=0,
        paragraph_separator="\n",  # lines first: list items stay whole
        tokenizer=count_tokens,
        include_prev_next_rel=False,
    )
    return IngestionPipeline(
        transformations=[MarkdownNodeParser(), SectionMetadata(), splitter, ChunkIdentity()],
        disable_cache=True,
    )


def chunk_documents(documents: list[Document], count_tokens: Callable[[str], list], max_tokens: int) -> list[BaseNode]:
    for document in documents:
        hide_metadata(document)
    return list(chunk_pipeline(count_tokens, max_tokens).run(documents=documents))
