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
