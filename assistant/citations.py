"""One citation shape for every answer and every surface: the n-th source is cited as [n].

Sources are numbered from 1 in the order the response lists them; each also carries its chunk id, so a
citation means the same passage through the API, the OpenAI-compatible route, the page, the CLI and MCP."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.schemas import Source

CITATION = re.compile(r"\[(\d+)\]")


def citation(n: int) -> str:
    return f"[{n}]"


def after_title(source: Source) -> str:
    """What a listed source shows after its title: " › Section", or nothing for a page's title section,
    whose heading repeats the title."""
    return "" if source.overview else f" › {source.section}"


def cited_numbers(text: str) -> list[int]:
    """The source numbers a text cites, in the order it cites them."""
    return [int(n) for n in CITATION.findall(text)]


def uncited(text: str) -> str:
    """The text without its citations (they pointed to a list that is not the one shown with it)."""
    return re.sub(r"[ \t]*\[\d+\]", "", text)
