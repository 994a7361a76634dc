"""The independent Wasserstein critic: it separates what differs, not what does not."""

import math

import numpy as np
import pytest

import ganzoo
from ganzoo.metrics import critic


def _images(n, shift=0.0, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 0.3, (n, 8, 8, 1)) + shift
    return np.clip(x, -1, 1).astype(np.float32)


@pytest.fixture(scope="module")
def rows():
    train, test = _images(400, seed=1), _images(400, seed=2)

    def shifted(n, seed):  # A "generator" whose images are brighter.
        return _images(n, shift=0.5, seed=100 + seed)

    return critic.independent_critic_rows(
        shifted, train, test, steps=150, num_seeds=2, num_samples=200
    )


def test_rows_and_their_standard_errors(rows):
    assert set(rows) == set(critic.KEYS)
    assert all(np.isfinite(v) for v in rows.values())


def test_a_shifted_generator_is_far_and_real_data_is_near(rows):
    # True W1 between N(0, .3) pixels and the same shifted by 0.5 is 0.5 per
    # pixel, 4 for 64 pixels (less where clipping bites); a short critic run
    # finds part of it (0.55 seen at 150 steps), and almost none between two
    # samples of the same data (0.016).
    assert rows["critic_w_validation"] > 0.3
    assert rows["critic_w_training"] > 0.3
    assert abs(rows["critic_w_floor"]) < 0.1 * rows["critic_w_validation"]


def test_estimate_is_the_difference_of_mean_scores():
    model = critic.train_critic(_images(64), _images(64, 0.5), steps=2, seed=0)
    real, fake = _images(30, seed=5), _images(30, 0.5, seed=6)
    expected = np.mean(model(real)) - np.mean(model(fake))
    assert critic.critic_estimate(model, real, fake, batch_size=7) == pytest.approx(
        float(expected), rel=1e-5, abs=1e-6
    )


def test_evaluator_is_registered_with_its_keys():
    evaluator = ganzoo.metrics.get_evaluator("independent_critic")
    assert evaluator.metric_keys("mnist") == list(critic.KEYS)
    assert evaluator.options["steps"] == 2_000 and evaluator.options["num_seeds"] == 3


def test_mean_and_standard_error_over_seeds():
    mean, stderr = critic._mean_stderr([1.0, 2.0, 3.0])
    assert mean == 2.0 and stderr == pytest.approx(1.0 / math.sqrt(3))
