"""MMD^2 estimators against a NumPy reference and known values."""

import numpy as np
import pytest
import tensorflow as tf
from keras import ops
from scipy.spatial.distance import cdist

from ganzoo.objectives import mmd as mmd_lib

SCALES = (0.5, 2.0, 8.0)


def reference_mmd2(x, y, scales, unbiased):
    x, y = (np.asarray(a, np.float64).reshape(len(a), -1) for a in (x, y))

    def k(a, b):
        sq = cdist(a, b, "sqeuclidean")
        return sum(np.exp(-sq / (2 * s)) for s in scales)

    k_xx, k_yy, k_xy = k(x, x), k(y, y), k(x, y)
    if not unbiased:
        return k_xx.mean() + k_yy.mean() - 2 * k_xy.mean()
    m, n = len(x), len(y)
    xx = (k_xx.sum() - np.trace(k_xx)) / (m * (m - 1))
    yy = (k_yy.sum() - np.trace(k_yy)) / (n * (n - 1))
    return xx + yy - 2 * k_xy.mean()


@pytest.mark.parametrize("estimator", ["biased", "unbiased"])
def test_mmd2_matches_numpy_reference(estimator):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3, 2)).astype(np.float32)  # Flattened to 6 values.
    y = rng.normal(0.5, 1.3, size=(30, 3, 2)).astype(np.float32)
    got = float(mmd_lib.mmd2(x, y, SCALES, estimator))
    want = reference_mmd2(x, y, SCALES, estimator == "unbiased")
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(
        float(mmd_lib.mmd(x, y, SCALES)),
        np.sqrt(reference_mmd2(x, y, SCALES, False) + mmd_lib.DEFAULT_EPSILON),
        rtol=1e-4,
    )


def test_unbiased_is_near_zero_for_one_distribution_and_biased_is_not():
    rng = np.random.default_rng(1)
    unbiased, biased = [], []
    for _ in range(20):
        x, y = rng.normal(size=(2, 50, 4)).astype(np.float32)
        unbiased.append(float(mmd_lib.mmd2(x, y, SCALES, "unbiased")))
        biased.append(float(mmd_lib.mmd2(x, y, SCALES, "biased")))
    mean, stderr = np.mean(unbiased), np.std(unbiased) / np.sqrt(len(unbiased))
    assert abs(mean) < 3 * stderr + 1e-4
    assert min(unbiased) < 0 < max(unbiased)  # A U-statistic goes negative.
    # The biased estimate keeps the diagonal: its mean is well above zero.
    assert np.mean(biased) > 10 * stderr
    shifted = rng.normal(1.0, 1.0, size=(50, 4)).astype(np.float32)
    far = float(mmd_lib.mmd2(x, shifted, SCALES, "unbiased"))
    assert far > max(unbiased)


def test_gradients_are_finite_where_the_samples_coincide():
    x = tf.Variable(np.random.default_rng(2).normal(size=(8, 5)).astype(np.float32))
    y = tf.constant(x.numpy())
    for loss_fn in (
        lambda: mmd_lib.mmd(x, y),
        lambda: mmd_lib.mmd2(x, y, estimator="biased"),
        lambda: mmd_lib.mmd2(x, y, estimator="unbiased"),
    ):
        with tf.GradientTape() as tape:
            loss = loss_fn()
        gradient = tape.gradient(loss, x)
        assert np.all(np.isfinite(gradient.numpy()))
    assert float(mmd_lib.mmd2(x, y)) == pytest.approx(0.0, abs=1e-5)


def test_generator_side_gradient_moves_samples_toward_data():
    # One gradient step on y lowers the MMD: the loss is a usable objective.
    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    y = tf.Variable(rng.normal(2.0, 1.0, size=(64, 2)).astype(np.float32))
    with tf.GradientTape() as tape:
        before = mmd_lib.mmd(x, y, SCALES)
    y.assign_sub(0.5 * tape.gradient(before, y))
    assert float(mmd_lib.mmd(x, y, SCALES)) < float(before)


def test_bad_arguments_name_the_value():
    x = ops.zeros((4, 2))
    with pytest.raises(ValueError, match="estimator='mean'"):
        mmd_lib.mmd2(x, x, estimator="mean")
    with pytest.raises(ValueError, match="scales="):
        mmd_lib.mmd2(x, x, scales=(1.0, 0.0))
    with pytest.raises(ValueError, match="epsilon="):
        mmd_lib.mmd(x, x, epsilon=-1.0)
