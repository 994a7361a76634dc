"""The Parzen-window protocol of Goodfellow et al. (2014), part by part.

Sigma grid, sigma picked on the validation set (never the test set), the
standard error, the [0, 1] pixel scale, and the MNIST splits: validation
train[50000:60000], disjoint from the test set and from the digits
`zoo_configs/vanilla_mnist.py` trains on.
"""

import os

import numpy as np
import pytest

import ganzoo
from ganzoo.metrics import evaluators, parzen
from ganzoo.training import config as config_lib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_sigma_grid_is_the_papers_log_spaced_grid():
    grid = np.asarray(parzen.DEFAULT_SIGMAS)
    assert len(grid) == 10 and grid[0] == pytest.approx(0.1) and grid[-1] == 1.0
    ratios = grid[1:] / grid[:-1]
    np.testing.assert_allclose(ratios, 10 ** (1 / 9))  # Evenly log-spaced.


def test_sigma_is_picked_on_validation_not_test():
    rng = np.random.default_rng(0)
    samples = rng.normal(0.0, 1.0, (400, 2))
    # Validation points near the samples favour a narrow window; far test
    # points would favour the widest one.
    validation = samples[:50] + 0.01
    test = rng.normal(0.0, 30.0, (50, 2))
    result = parzen.parzen_log_likelihood(samples, test, validation)
    assert result.sigma == max(result.validation, key=result.validation.get)
    assert result.sigma == pytest.approx(0.1)
    wide = parzen.parzen_log_likelihood(samples, test, sigma=1.0)
    assert wide.mean > result.mean  # The test set would have chosen another.


def test_standard_error_and_log_density_by_hand():
    samples = np.array([[0.0], [2.0]])
    test = np.array([[0.0], [1.0], [3.0]])
    sigma = 0.5
    # log p(x) = log(mean_i N(x; s_i, sigma^2)), written out.
    gauss = np.exp(-((test - samples.T) ** 2) / (2 * sigma**2)) / np.sqrt(
        2 * np.pi * sigma**2
    )
    ll = np.log(gauss.mean(axis=1))
    result = parzen.parzen_log_likelihood(samples, test, sigma=sigma)
    assert result.mean == pytest.approx(ll.mean())
    assert result.stderr == pytest.approx(ll.std() / np.sqrt(3))  # ddof=0.


def test_pixel_scale_shift_is_784_log_2():
    rng = np.random.default_rng(1)
    fake, test = rng.uniform(-1, 1, (50, 784)), rng.uniform(-1, 1, (20, 784))
    unit = parzen.parzen_log_likelihood(
        parzen.to_unit_pixels(fake), parzen.to_unit_pixels(test), sigma=0.2
    )
    raw = parzen.parzen_log_likelihood(fake, test, sigma=0.4)
    assert unit.mean - raw.mean == pytest.approx(784 * np.log(2.0))
    assert "pixels in [0, 1]" in parzen.protocol_note()


def test_mnist_splits_are_disjoint(data_dir):
    valid = ganzoo.metrics.reference_samples("mnist", "valid")
    test = ganzoo.metrics.reference_samples("mnist", "test")
    config = config_lib.load_config(os.path.join(REPO, "zoo_configs/vanilla_mnist.py"))
    assert config.data.kwargs.take == 50_000 and config.eval.evaluator == "parzen"
    train = ganzoo.data.load(
        "mnist", batch_size=10_000, take=config.data.kwargs.take, shuffle=False
    )
    train = np.concatenate([batch.numpy() for batch in train])

    def rows(x):
        return {r.tobytes() for r in np.asarray(x, np.float32)}

    assert len(valid) == len(test) == 10_000 and len(train) == 50_000
    assert not rows(valid) & rows(test)
    assert not rows(valid) & rows(train)


def test_parzen_evaluator_scores_on_unit_pixels(data_dir):
    # Real training images as "samples": on [0, 1] pixels MNIST digits score
    # hundreds of nats (the paper's scale); on [-1, 1] they would be 543 lower.
    scores = evaluators.get_evaluator("parzen")(
        evaluators.TrainingImages("mnist"), {"name": "mnist"}, num_samples=2000
    )
    assert set(scores) == {"parzen_log_likelihood", "parzen_stderr", "parzen_sigma"}
    assert 100 < scores["parzen_log_likelihood"] < 300
    assert 0 < scores["parzen_stderr"] < 5
    assert np.isclose(parzen.DEFAULT_SIGMAS, scores["parzen_sigma"]).any()
