"""Quiet third-party libraries, for command-line runs and benchmarks."""

from __future__ import annotations

import logging
import os


def quiet_libraries() -> None:
    """Model-loading chatter hides the answer; keep warnings, drop progress bars and info logs."""
    # Environment, not transformers' logging API: importing transformers costs ~0.6 s that an ingest
    # run with nothing to embed never needs.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
