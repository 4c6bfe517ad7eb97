import io

import numpy as np
import pytest

from metacore.data import (DataFormatError, from_sequences, pad_batch, pad_rows, parse_three_line_record,
                           read_three_line, row_positions, row_students, skill_history, three_line_records)


def test_it_reads_the_three_line_format_with_blank_lines_and_trailing_commas():
    text = "3\n1,2,1,\n1,0,1\n\n2\n5,5\n0,0\n"
    data = read_three_line(io.StringIO(text))
    assert data.n_students == 2 and data.n_skills == 5
    assert data.skills.tolist() == [1, 2, 1, 5, 5] and data.correct.tolist() == [1, 0, 1, 0, 0]
    assert data.offsets.tolist() == [0, 3, 5] and data.student_ids == ["line1", "line5"]


@pytest.mark.parametrize("text, where", [("2\n1,2\n1\n", ":3"), ("1\n1\n2\n", ":3"), ("1\nx\n1\n", ":2"),
                                          ("1\n1\n1\n2\n", ":4")])
def test_it_names_the_line_of_a_malformed_record(text, where):
    with pytest.raises(DataFormatError, match=where):
        read_three_line(io.StringIO(text))


def test_it_reads_a_record_of_zero_responses_as_a_student_with_none():
    data = read_three_line(io.StringIO("0\n\n\n1\n2\n1\n"))
    assert data.lengths.tolist() == [0, 1] and data.skills.tolist() == [2] and data.student_ids == ["line1", "line4"]


@pytest.mark.parametrize("record, line, reason", [
    ("3\n1,1,x\n0,1,1\n", 2, "bad number 'x'"),
    ("3\n1,1,\u00b2\n0,1,1\n", 2, "bad number '\u00b2'"),  # a digit to str.isdigit, not to int
    ("1,2\n1,1\n0,1\n", 1, "expected the number of responses, got 2 values"),
    ("-1\n1\n1\n", 1, "the number of responses -1 is negative"),
    ("3\n1,1\n0,1,1\n", 2, "2 skill ids where line 1 says 3 responses"),
    ("3\n1,1,2\n0,1\n", 3, "2 answers where line 1 says 3 responses"),
    ("2\n1,0\n0,1\n", 2, "skill id 0 is not positive"),
    ("3\n1,1,2\n0,1,2\n", 3, "answer 2 is not 0 or 1"),
    ("3\n1,1,2\n", 1, "incomplete student record at the end of the file (need 3 lines)"),
])
def test_its_three_line_errors_name_the_line_and_the_reason(record, line, reason):
    (block,) = three_line_records(enumerate(record.splitlines(), start=1))
    with pytest.raises(DataFormatError) as error:
        parse_three_line_record(block, "f.csv")
    assert (error.value.line, error.value.reason, str(error.value)) == (line, reason, f"f.csv:{line}: {reason}")


def test_it_keeps_an_unreadable_line_in_its_record():
    lines = [(1, "2"), (2, None), (3, "1,1"), (4, "1"), (5, "3"), (6, "1")]
    assert list(three_line_records(lines)) == [lines[:3], lines[3:]]


def test_it_pads_runs_of_rows_of_several_arrays():
    feats = np.arange(20.0).reshape(10, 2)
    mask, (ids, padded) = pad_rows([2, 7, 0], [3, 1, 0], np.arange(10), feats)
    assert mask.tolist() == [[True] * 3, [True, False, False], [False] * 3]
    assert ids.tolist() == [[2, 3, 4], [7, 0, 0], [0, 0, 0]] and ids.dtype == np.arange(10).dtype
    assert padded.shape == (3, 3, 2) and padded[1].tolist() == [[14.0, 15.0], [0.0, 0.0], [0.0, 0.0]]


def test_it_indexes_rows_by_student_and_position():
    data = from_sequences([([1, 2], [1, 0]), ([], []), ([3, 3, 3], [0, 1, 1])], n_skills=3)
    assert row_students(data).tolist() == [0, 0, 2, 2, 2]
    assert row_positions(data).tolist() == [0, 1, 0, 1, 2]


def test_it_counts_earlier_successes_and_failures_on_the_same_skill():
    seqs = [([1, 2, 1, 1, 2], [1, 0, 0, 1, 1]), ([1, 1], [1, 1])]
    data = from_sequences(seqs, n_skills=2)
    succ, fail = skill_history(data)
    assert succ.tolist() == [0, 0, 1, 1, 0, 0, 1]
    assert fail.tolist() == [0, 0, 0, 1, 1, 0, 0]
    succ, fail = skill_history(data, observed=row_positions(data) < 2)
    assert succ.tolist() == [0, 0, 1, 1, 0, 0, 1] and fail.tolist() == [0, 0, 0, 0, 1, 0, 0]


def test_it_pads_batches_and_splits_by_student():
    data = from_sequences([([1] * n, [1] * n) for n in (3, 1, 4, 2)], n_skills=1)
    batch = pad_batch(data, np.array([0, 2]), max_len=3)
    assert batch.skills.shape == (2, 3) and batch.mask.sum() == 6
    rest, held = data.split(0.5, seed=0)
    assert rest.n_students == 2 and held.n_students == 2
    assert sorted(rest.lengths.tolist() + held.lengths.tolist()) == [1, 2, 3, 4]
