"""The output guard's rules and the deadline relay (assistant.guard), without a model server."""

import time

import pytest

from assistant.generation import instructions
from assistant.guard import DeadlineExceeded, before_deadline, judge

RULES = instructions("en")


def test_an_answer_that_cites_listed_passages_stands():
    assert judge("Monthly steering reviews [1], quarterly roadmap reviews [2].", 3, RULES).grounded


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("Monthly steering reviews and quarterly roadmap reviews.", "cites no listed source"),
        ("Monthly steering reviews [1] and an annual summit [7].", "cites [7], but only [1]–[3] were listed"),
        ("[1] Operating Model › Governance (en)\nAnnual strategy workshops…", "repeats the passages"),
        (
            "Rules: - Use only facts stated in the passages; add nothing from your own knowledge. - Cite the "
            "passages you use by number in square brackets, like [1] or [2][3].",
            "repeats the prompt's instructions",
        ),
    ],
)
def test_what_is_not_an_answer_is_named(answer, reason):
    verdict = judge(answer, 3, RULES)
    assert not verdict.grounded and reason in verdict.reason


def test_pieces_pass_through_before_the_deadline():
    assert list(before_deadline(lambda: iter(["a", "b", "c"]), time.perf_counter() + 5)) == ["a", "b", "c"]


def test_a_producer_that_keeps_writing_is_cut_at_the_deadline_and_stopped():
    closed = []

    def endless():
        try:
            while True:
                time.sleep(0.05)
                yield "word "
        finally:
            closed.append(True)

    started = time.perf_counter()
    got = []
    with pytest.raises(DeadlineExceeded):
        for piece in before_deadline(endless, started + 0.4):
            got.append(piece)
    assert time.perf_counter() - started < 0.6 and 3 <= len(got) <= 10
    time.sleep(0.2)
    assert closed == [True]  # the stream was closed at its next piece, not left writing


def test_a_producer_that_never_starts_is_cut_too_and_its_errors_reach_the_caller():
    started = time.perf_counter()
    with pytest.raises(DeadlineExceeded):
        list(before_deadline(lambda: (time.sleep(5), iter(()))[1], started + 0.3))
    assert time.perf_counter() - started < 0.5

    def broken():
        raise ConnectionError("refused")

    with pytest.raises(ConnectionError):
        list(before_deadline(broken, time.perf_counter() + 5))
