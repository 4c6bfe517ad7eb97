import json

import numpy as np
import pytest

from metacore.data import read_three_line
from metacore.lab.simulators import Calendar
from metacore.lab.synthetic import generate, items_path, main, read_with_items, times_path


@pytest.mark.parametrize("kind", ["dkt", "generative"])
def test_it_writes_the_same_files_for_the_same_seed(kind, tmp_path):
    for folder, seed in (("a", 0), ("b", 0), ("c", 1)):
        assert main(["--kind", kind, "--out", str(tmp_path / folder), "--seed", str(seed), "--students", "30"]) == 0
    names = ("train.csv", "test.csv", "train_items.csv", "test_items.csv", "params.json")
    for name in names + (("train_times.csv", "test_times.csv") if kind == "generative" else ()):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text(), name
    assert (tmp_path / "a" / "train.csv").read_text() != (tmp_path / "c" / "train.csv").read_text()
    params = json.loads((tmp_path / "a" / "params.json").read_text())
    assert params["students"] == {"train": 21, "test": 9} and params["kind"] == kind


def test_it_gives_every_dkt_kind_student_the_same_questions_in_order():
    data, params = generate("dkt", seed=0, n_students=20)
    assert data.n_students == 20 and set(data.lengths) == {50}
    for skills, _ in data.sequences():
        np.testing.assert_array_equal(skills, np.arange(1, 51))
    np.testing.assert_array_equal(data.items, data.skills)  # question ids: the concepts stay hidden
    assert set(params["concept_of_question"]) <= {1, 2, 3, 4, 5}


def test_it_asks_more_questions_when_told():
    data, params = generate("dkt", seed=0, n_students=3, n_questions=80)
    assert set(data.lengths) == {80} and len(params["difficulty"]) == 80
    with pytest.raises(ValueError, match="dkt kind"):
        generate("generative", seed=0, n_students=3, n_questions=80)


def test_it_makes_dkt_kind_students_better_on_later_questions_of_a_concept():
    data, params = generate("dkt", seed=0, n_students=4000)
    concept = np.array(params["concept_of_question"])
    difficulty = np.array(params["difficulty"])
    rate = data.correct.reshape(data.n_students, 50).mean(0)  # (Q,) per question
    logit_rate = np.log((rate - 0.25) / (1 - rate))  # the guessing floor taken off
    residual = logit_rate + difficulty  # ~ the mean ability on the concept when asked
    firsts = [np.flatnonzero(concept == c)[0] for c in range(1, 6) if (concept == c).sum() > 1]
    lasts = [np.flatnonzero(concept == c)[-1] for c in range(1, 6) if (concept == c).sum() > 1]
    assert np.mean(residual[lasts]) > np.mean(residual[firsts]) + 0.3


def test_it_gives_generative_kind_students_items_of_their_skills():
    data, params = generate("generative", seed=0, n_students=50)
    per_skill = params["config"]["items_per_skill"]
    assert data.lengths.min() >= 20 and data.lengths.max() <= 160
    np.testing.assert_array_equal((data.items - 1) // per_skill + 1, data.skills)
    assert len(np.unique(data.skills)) == 15
    runs = np.flatnonzero(np.diff(data.skills[:data.lengths[0]]) != 0)
    assert 0 < len(runs) < data.lengths[0] - 1  # mixed skills, in runs


def test_it_dates_generative_kind_responses_on_the_school_calendar(tmp_path):
    main(["--kind", "generative", "--out", str(tmp_path), "--seed", "3", "--students", "10"])
    data = read_with_items(tmp_path / "train.csv")
    first = data.times[data.offsets[0]:data.offsets[1]]
    n = len(first)
    np.testing.assert_array_equal(first // 86400, Calendar().day_of(np.arange(n)))  # two a school day
    assert np.all(np.diff(first) > 0)
    assert data.subset([1]).times.tolist() == data.times[data.offsets[1]:data.offsets[2]].tolist()
    times_path(tmp_path / "train.csv").write_text("1\n")
    with pytest.raises(ValueError, match="do not match"):
        read_with_items(tmp_path / "train.csv")


def test_it_gives_each_student_their_own_practice_days_when_told():
    data, params = generate("generative", seed=0, n_students=40, own_schedule=True)
    again, _ = generate("generative", seed=0, n_students=40, own_schedule=True)
    assert params["config"]["own_schedule"] and np.array_equal(data.times, again.times)
    days = [np.unique(data.times[lo:hi] // 86400) for lo, hi in zip(data.offsets[:-1], data.offsets[1:])]
    assert all(np.all(np.diff(data.times[lo:hi]) > 0) for lo, hi in zip(data.offsets[:-1], data.offsets[1:]))
    assert len({tuple(d[:10]) for d in days}) > 20  # not one calendar for all
    assert all(d[0] == 0 and np.all(d % 7 < 5) for d in days)  # from the first Monday, on school days only
    shared, _ = generate("generative", seed=0, n_students=40)
    assert not np.array_equal(shared.correct, data.correct)  # the days change what is forgotten
    with pytest.raises(ValueError, match="generative kind"):
        generate("dkt", seed=0, n_students=3, own_schedule=True)


def test_it_reads_items_back_with_their_students(tmp_path):
    main(["--kind", "generative", "--out", str(tmp_path), "--seed", "3", "--students", "10"])
    data = read_with_items(tmp_path / "test.csv")
    plain = read_three_line(tmp_path / "test.csv")
    np.testing.assert_array_equal(data.skills, plain.skills)
    part = data.subset([2, 0])
    np.testing.assert_array_equal(part.items[:data.lengths[2]], data.items[data.offsets[2]:data.offsets[3]])
    items_path(tmp_path / "test.csv").write_text("1,2\n")
    with pytest.raises(ValueError, match="do not match"):
        read_with_items(tmp_path / "test.csv")


def test_it_reads_a_set_without_item_ids_as_skills_only(tmp_path):
    (tmp_path / "x.csv").write_text("2\n1,2\n0,1\n")
    assert read_with_items(tmp_path / "x.csv").items is None and read_with_items(tmp_path / "x.csv").times is None
    assert items_path(tmp_path / "train.csv.gz") == tmp_path / "train_items.csv"
    assert times_path(tmp_path / "train.csv.gz") == tmp_path / "train_times.csv"


def test_it_bounds_dkt_kind_forecasts_by_what_the_first_k_answers_tell(tmp_path, capsys):
    from metacore.lab.baselines import SkillPrior
    from metacore.lab.evaluate import cold_start
    from metacore.lab.synthetic import dkt_kind_ceiling

    main(["--kind", "dkt", "--out", str(tmp_path), "--seed", "0", "--students", "1000"])
    ceiling = dkt_kind_ceiling(tmp_path, ks=(0, 20, 50), samples=100)
    assert ceiling["50"] is None  # no question left after the 50th
    assert ceiling["20"] > ceiling["0"] + 0.05  # the answers tell much about the hidden abilities
    prior = SkillPrior().fit(read_three_line(tmp_path / "train.csv"))
    prior_auc = cold_start(prior.forecast, read_three_line(tmp_path / "test.csv"), (0, 20))[0]
    assert abs(ceiling["0"] - prior_auc["0"]) < 0.01  # before any answer: only the questions' rates are known
    assert ceiling["20"] > prior_auc["20"] + 0.05
    assert main(["--ceiling", str(tmp_path)]) == 0 and "k=20" in capsys.readouterr().out
