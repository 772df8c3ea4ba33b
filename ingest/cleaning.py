"""Clean Experience League Markdown bodies: entities, invisible characters, directives, broken markup."""

from __future__ import annotations

import html
import re

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
VIDEO_DIRECTIVE = re.compile(r"^\s*>\s*\[!VIDEO\]\((?P<url>[^)\s]+)\)\s*$", re.MULTILINE | re.IGNORECASE)
# A machine translation's leftovers of its "{0}label{1}" markers: "Helderheid van de Rol 1} en…", "van 0} de
# Campagne {omvatten…" (Dutch AJO 3): a digit and a closing brace, or an opening brace no brace closes.
PLACEHOLDER = re.compile(r" ?(?<![\w{])\d\}|\{(?=[^}\n]*$)", re.MULTILINE)
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[*+-]|\d+[.)])\s+(?P<text>.*)$")


def extract_video_url(body: str) -> tuple[str, str | None]:
    """Remove `>[!VIDEO](url)` directives; the first URL becomes the document's video link."""
    urls = [m.group("url") for m in VIDEO_DIRECTIVE.finditer(body)]
    return VIDEO_DIRECTIVE.sub("", body), (urls[0] if urls else None)


def close_bold(line: str) -> str:
    """`* **Team Evolution:` has an unclosed `**`; close it at the end of the line."""
    if line.count("**") % 2 == 1:
        return line.rstrip() + "**"
    return line


def normalize_lists(lines: list[str]) -> list[str]:
    """Re-indent nested list items (2, 3 or 4 spaces, tabs) to two spaces per level."""
    out: list[str] = []
    stack: list[int] = []  # indentation widths of open list levels
    for line in lines:
        m = LIST_ITEM.match(line)
        if not m:
            if line.strip():
                stack = [] if not line.startswith((" ", "\t")) else stack
            out.append(line)
            continue
        width = len(m.group("indent").expandtabs(4))
        while stack and width < stack[-1]:
            stack.pop()
        if not stack or width > stack[-1]:
            stack.append(width)
        level = len(stack) - 1
        out.append("  " * level + f"{m.group('bullet')} {m.group('text').strip()}")
    return out


def clean_text(text: str) -> str:
    """Unescape entities, drop zero-width characters, normalise line ends and whitespace."""
    text = html.unescape(text).translate(ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # Control characters other than newline and tab carry nothing and confuse tokenisers.
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


def clean_body(body: str) -> tuple[str, str | None]:
    body, video_url = extract_video_url(PLACEHOLDER.sub("", clean_text(body)))
    lines = [close_bold(line.rstrip()) for line in body.split("\n")]
    text = "\n".join(normalize_lists(lines))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, video_url
