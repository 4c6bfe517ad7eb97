import numpy as np

from metacore.functional import logit, sigmoid
from metacore.item_offsets import ItemOffsets


def fitted():
    # skill 1: item 10 right three times, item 11 wrong once; skill 2: item 20 wrong once
    return ItemOffsets.fit(items=[10, 10, 10, 11, 20], skills=[1, 1, 1, 1, 2], correct=[1, 1, 1, 0, 0])


def test_it_offsets_each_item_by_its_shrunk_rate_against_its_skills():
    offsets = fitted()
    skill_1 = (3 + 1) / (4 + 2)
    expected = [logit((3 + 2 * skill_1) / (3 + 2)) - logit(skill_1),
                logit((0 + 2 * skill_1) / (1 + 2)) - logit(skill_1),
                0.0]  # item 20 is skill 2's only item
    assert offsets.ids.tolist() == [10, 11, 20]
    np.testing.assert_allclose(offsets.offset, expected)
    np.testing.assert_allclose(offsets.of([11, 10, 99]), [expected[1], expected[0], 0.0])


def test_it_moves_skill_level_p_by_the_items_offset_and_leaves_unseen_items_and_nan():
    offsets = fitted()
    p = np.array([0.5, 0.7, 0.7, np.nan])
    shifted = offsets.shift(p, [10, 11, 99, 10])
    np.testing.assert_allclose(shifted[:3], sigmoid(logit(p[:3]) + offsets.of([10, 11, 99])))
    assert shifted[0] > 0.5 and shifted[1] < 0.7 and shifted[2] == 0.7 and np.isnan(shifted[3])


def test_it_gives_the_items_rate_when_shifting_its_skills_rate():
    offsets = fitted()
    np.testing.assert_allclose(offsets.shift([4 / 6, 4 / 6], [10, 11]), [(3 + 2 * 4 / 6) / 5, (2 * 4 / 6) / 3])


def test_it_gives_no_offset_to_an_item_that_is_its_skills_only_item():
    offsets = ItemOffsets.fit(items=[1, 1, 2, 3, 3], skills=[1, 1, 2, 3, 3], correct=[1, 1, 0, 1, 0])
    assert offsets.offset.tolist() == [0.0, 0.0, 0.0]
    shared = ItemOffsets.fit(items=[7, 7, 8], skills=[1, 2, 2], correct=[1, 1, 0])  # 7 shares skill 2 with 8
    assert shared.offset[0] != 0 and shared.offset[1] != 0


def test_it_round_trips_through_a_dict_and_knows_no_item_when_empty():
    offsets = fitted()
    back = ItemOffsets.from_dict(offsets.to_dict())
    assert back.ids.tolist() == offsets.ids.tolist() and np.allclose(back.offset, offsets.offset)
    empty = ItemOffsets(ids=np.zeros(0, dtype=np.int64), offset=np.zeros(0))
    assert empty.of([1, 2]).tolist() == [0.0, 0.0]


def test_it_ranks_items_by_how_near_their_p_lies_to_the_target():
    offsets = fitted()  # item 10 easier than its skill, item 11 harder, 99 unseen
    assert offsets.nearest(0.5, [10, 11, 99], target=0.5).tolist() == [2, 1, 0]  # 11's pull is smaller than 10's
    assert offsets.nearest(0.3, [11, 99, 10], target=0.6).tolist() == [2, 1, 0]  # a weak student: the easy item
    assert offsets.nearest(0.95, [10, 99, 11], target=0.6).tolist() == [2, 1, 0]  # a strong one: the hard item
    assert offsets.nearest(0.6, [5, 6, 7], target=0.6).tolist() == [0, 1, 2]  # none known: the order given


def test_it_fits_offsets_beside_a_models_p_by_newtons_method_under_its_prior():
    p = np.array([0.5, 0.5, 0.5, 0.8, 0.8])
    offsets = ItemOffsets.fit_beside(items=[3, 3, 3, 4, 4], correct=[1, 1, 0, 1, 1], p=p, prior_sd=1.0, steps=50)
    for item, rows in ((3, slice(0, 3)), (4, slice(3, 5))):  # at the mode: sum(y - q) = offset / prior_sd^2
        o = offsets.of([item])[0]
        q = sigmoid(logit(p[rows]) + o)
        assert abs((np.array([1, 1, 0, 1, 1])[rows] - q).sum() - o) < 1e-9
    one_step = ItemOffsets.fit_beside(items=[3, 3, 3], correct=[1, 1, 0], p=[0.5] * 3, prior_sd=0.5, steps=1)
    np.testing.assert_allclose(one_step.offset, [0.5 / (0.75 + 4.0)])  # sum(y - p) / (sum p(1 - p) + 1 / sd^2)


def test_it_tells_a_hard_item_given_to_strong_students_from_an_easy_one_given_to_weak_ones():
    rng = np.random.default_rng(0)
    ability = rng.normal(0, 1.5, 4000)
    hard = ability > 0  # the hard item (-1 logit) to the strong, the easy one (+1) to the weak
    item = np.where(hard, 1, 2)
    y = rng.random(4000) < sigmoid(ability + np.where(hard, -1.0, 1.0))
    by_rate = ItemOffsets.fit(items=item, skills=np.ones(4000, dtype=int), correct=y)
    beside = ItemOffsets.fit_beside(items=item, correct=y, p=sigmoid(ability))
    assert by_rate.offset[0] > by_rate.offset[1]  # by their rates the hard item looks the easier
    np.testing.assert_allclose(beside.offset, [-1.0, 1.0], atol=0.15)
