import math

import numpy as np
import pytest

from metacore.functional import logit, sigmoid


def test_its_sigmoid_and_logit_invert_each_other():
    x = np.array([-3.0, 0.0, 0.5, 4.0])
    assert sigmoid(0.0) == 0.5 and sigmoid(2.0) == 1 / (1 + math.exp(-2.0))
    np.testing.assert_allclose(logit(sigmoid(x)), x, atol=1e-12)


def test_its_logit_clips_certainties():
    assert logit(1.0) == logit(1 - 1e-6) == pytest.approx(math.log(1e6))
    assert logit(0.0) == logit(1e-6) == pytest.approx(-math.log(1e6))
    assert logit(0.0, eps=1e-4) == logit(1e-4) and logit(2e-4, eps=1e-4) > logit(1e-4)
