"""Dependencies point one way (ingest ← assistant ← ui), nothing ships importing tests or benchmarks, and
chunk metadata is read only through its contract (ingest/metadata.py)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ingest", "assistant", "ui")
ALLOWED = {"ingest": set(), "assistant": {"ingest"}, "ui": {"assistant", "ingest"}}
CHUNK_KEYS = "doc_id|title|section|section_index|chunk_index|language|jira|solution|video_url|source_path|session"
STRING_KEY_READ = re.compile(rf"""\b(meta|metadata|m)(\.get\(|\[)\s*["']({CHUNK_KEYS})["']""")


def parsed(path: Path) -> ast.Module:
    """CPython 3.11 can raise a spurious SystemError ("AST constructor recursion depth mismatch",
    python/cpython#106905) when another thread of the process builds an AST at the same moment, as the
    servers and loaders earlier tests leave running may: parsed again, it is fine."""
    for attempt in range(3):
        try:
            return ast.parse(path.read_text())
        except SystemError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_packages_import_only_the_layers_below_them():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            ours = imported_packages(path) & {*PACKAGES, "tests", "bench"}
            unexpected = ours - ALLOWED[package] - {package}
            assert not unexpected, f"{path.relative_to(ROOT)} imports {sorted(unexpected)}"


def test_benchmarks_do_not_import_tests():
    for path in (ROOT / "bench").glob("*.py"):
        assert "tests" not in imported_packages(path), path.name


def test_chunk_metadata_is_read_through_its_contract():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "ingest" / "metadata.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                where = f"{path.relative_to(ROOT)}:{number}"
                assert not STRING_KEY_READ.search(line), f"{where} reads chunk metadata by key: {line.strip()}"
