"""Problems with the index that a user can fix. Kept apart from `store` (which imports Chroma and
LlamaIndex) so that the CLI can catch them without paying for those imports before it starts work."""

from __future__ import annotations


class IndexProblem(Exception):
    """Base for index problems a user can fix; the message says how."""


class IndexMissing(IndexProblem):
    pass


class IndexModelMismatch(IndexProblem):
    pass


class IndexUnavailable(IndexProblem):
    """The Chroma server cannot be reached; answering resumes when it is back."""
