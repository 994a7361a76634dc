"""Real NVP blocks: invertibility, exact log-dets, the Gaussian baseline's bits/dim."""

import math

import numpy as np
import pytest
import tensorflow as tf

from ganzoo.nets import flows


def _randomised(flow, seed=0):
    # Fresh couplings are the identity (zero-initialised outputs): give every
    # weight a random value so that the tests see real scales and shifts.
    rng = np.random.default_rng(seed)
    for variable in flow.trainable_variables:
        variable.assign(rng.normal(0.0, 0.3, variable.shape).astype("float32"))
    return flow


@pytest.fixture(scope="module")
def flow():
    return _randomised(
        flows.RealNVPFlow(
            (4, 4, 1),
            num_scales=1,
            couplings_per_scale=2,
            final_couplings=2,
            hidden_channels=8,
        )
    )


def _images(n=3, seed=1):
    return (
        np.random.default_rng(seed).uniform(-0.95, 0.95, (n, 4, 4, 1)).astype("float32")
    )


def test_inverse_then_sample_gives_the_images_back(flow):
    x = _images()
    z, _ = flow.inverse(x)
    assert z.shape == (3, 16)
    np.testing.assert_allclose(flow(z).numpy(), x, atol=1e-5)
    # And the other way round, from Gaussian latents.
    latents = np.random.default_rng(2).normal(size=(3, 16)).astype("float32")
    np.testing.assert_allclose(flow.inverse(flow(latents))[0], latents, atol=1e-3)


@pytest.mark.parametrize("mask", flows.MASKS)
def test_each_coupling_is_invertible_and_not_the_identity(mask):
    layer = flows.AffineCoupling(mask, parity=1, hidden_channels=4)
    layer.build((None, 4, 4, 2))
    _randomised(layer)
    x = np.random.default_rng(0).normal(size=(2, 4, 4, 2)).astype("float32")
    z, log_det = layer.inverse(x)
    assert not np.allclose(z, x)
    assert np.any(np.abs(log_det) > 1e-3)
    np.testing.assert_allclose(layer(z), x, atol=1e-5)


def test_log_det_equals_the_numerical_jacobian(flow):
    x = tf.constant(_images().reshape(3, 16), tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z, log_det = flow.inverse(tf.cast(tf.reshape(x, (3, 4, 4, 1)), tf.float32))
    jacobian = tape.batch_jacobian(z, x).numpy()
    _, expected = np.linalg.slogdet(jacobian)
    np.testing.assert_allclose(log_det.numpy(), expected, rtol=1e-4, atol=1e-3)


def test_logit_log_det_makes_a_density_that_integrates_to_one():
    # N(0, 1) in logit space, carried to (-1, 1) by the log-det of one pixel.
    logit = flows.LogitTransform()
    x = np.linspace(-1 + 1e-4, 1 - 1e-4, 200_001).reshape(-1, 1)
    y, log_det = logit.inverse(x)
    density = np.exp(-0.5 * y.numpy()[:, 0] ** 2 - 0.5 * math.log(2 * math.pi))
    density *= np.exp(log_det.numpy())
    assert np.trapezoid(density, x[:, 0]) == pytest.approx(1.0, abs=1e-3)


def test_squeeze_round_trip_and_shape():
    x = np.arange(2 * 4 * 4 * 3, dtype="float32").reshape(2, 4, 4, 3)
    y, log_det = flows.Squeeze().inverse(x)
    assert y.shape == (2, 2, 2, 12)
    np.testing.assert_array_equal(log_det, 0.0)
    np.testing.assert_array_equal(flows.Squeeze()(y), x)


def test_dequantize_stays_in_the_levels_bin():
    levels = np.arange(256, dtype="float32")
    images = levels / 127.5 - 1.0
    out = flows.dequantize(images, seed=0).numpy()
    np.testing.assert_array_equal(np.floor((out + 1.0) * 128.0), levels)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="mask="):
        flows.AffineCoupling("diagonal")
    with pytest.raises(ValueError, match="num_scales="):
        flows.RealNVPFlow((6, 6, 1), num_scales=2)


def test_gaussian_baseline_bits_per_dim_on_mnist(data_dir):
    # MAF (Papamakarios et al. 2017), Table 2: -1366.9 nats in logit space,
    # about 2.01 bits/dim. A full-covariance Gaussian fitted with NumPy.
    from ganzoo.data import stacked_mnist
    from ganzoo.metrics import likelihood

    train, _ = stacked_mnist.load_image_arrays("mnist", "train")
    test, _ = stacked_mnist.load_image_arrays("mnist", "test")
    scores = likelihood.gaussian_baseline(train, test, seed=0)
    assert scores["logit_nats"] == pytest.approx(
        likelihood.MAF_GAUSSIAN_LOGIT_NATS, abs=5
    )
    assert scores["bits_per_dim"] == pytest.approx(2.01, abs=0.01)
