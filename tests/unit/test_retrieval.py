import numpy as np

from assistant.retrieval import ResidentUnits, StoredUnit
from ingest.units import UnitMeta


def row(n: int, vector: list[float], **meta: object) -> StoredUnit:
    fields = {"chunk_id": f"c{n}", "kind": "sentence", "block": 0, "doc_id": f"d{n}", "language": "en", **meta}
    return StoredUnit(f"c{n}:u0", f"unit {n}", UnitMeta.model_validate(fields), np.asarray(vector, dtype=np.float32))


UNITS = ResidentUnits(
    [
        row(1, [1.0, 0.0], jira="KT-1", solution="Journey Optimizer", session=3),
        row(2, [0.8, 0.6], jira="KT-2", solution="Customer Journey Analytics", session=3, language="sv"),
        row(3, [0.6, 0.8], jira="KT-3", solution="Journey Optimizer", session=1),
        row(4, [0.0, 1.0], jira="KT-4", solution="Content Supply Chain"),  # no session number
    ]
)
QUERY = np.asarray([1.0, 0.0], dtype=np.float32)


def test_resident_units_come_nearest_first():
    assert [u.chunk_id for u in UNITS.near(QUERY, 3, {})] == ["c1", "c2", "c3"]


def test_resident_units_are_filtered_as_chroma_filters():
    assert [u.chunk_id for u in UNITS.near(QUERY, 4, {"solution": "Journey Optimizer"})] == ["c1", "c3"]
    assert [u.chunk_id for u in UNITS.near(QUERY, 4, {"jira": ["KT-2", "KT-4"]})] == ["c2", "c4"]  # any of a list
    assert [u.chunk_id for u in UNITS.near(QUERY, 4, {"session": 3, "language": "sv"})] == ["c2"]  # every field
    assert [u.chunk_id for u in UNITS.near(QUERY, 4, {"session": [1, 3]})] == ["c1", "c2", "c3"]
    assert UNITS.near(QUERY, 4, {"jira": "KT-9"}) == []
