"""Problems a user can fix (the index, the embedding model). Kept apart from `store` (which imports
Chroma and LlamaIndex) so that the CLI can catch them without paying for those imports before it starts."""

from __future__ import annotations


class Problem(Exception):
    """Base for problems a user can fix; the message says how, and no traceback is shown."""


class ModelUnavailable(Problem):
    """The embedding model cannot be loaded: a wrong path or id, or a hub this machine cannot reach."""


class IndexProblem(Problem):
    """Base for index problems a user can fix; the message says how."""


class IndexMissing(IndexProblem):
    pass


class IndexModelMismatch(IndexProblem):
    pass


class IndexUnavailable(IndexProblem):
    """The Chroma server cannot be reached; answering resumes when it is back."""
