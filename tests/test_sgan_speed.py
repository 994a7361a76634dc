"""SGAN's faster step computes the same function (issue 40, speed of the step).

The Box-Muller noise has the distribution of `keras.layers.GaussianNoise`;
the weight-normalised layer's output scaling equals `x @ (g v / ||v||)`; G's
feature matching on two calls gives the one-call loss and gradients; the
benchmark's ganzoo half runs without torch.
"""

import sys

import keras
import numpy as np
import pytest
from keras import ops
from scipy import stats

import ganzoo
from ganzoo.models.sgan import nets as ssl_nets
from ganzoo.models.sgan.weight_norm import WeightNormDense


def _noise(stddev, shape, seed=3):
    layer = ssl_nets.GaussianNoise(stddev, seed=seed)
    return ops.convert_to_numpy(layer(np.zeros(shape, "float32"), training=True))


@pytest.mark.parametrize("stddev", [0.3, 0.5])
def test_noise_is_gaussian_with_its_stddev(stddev):
    z = _noise(stddev, (200, 250)).ravel()
    assert stats.kstest(z, stats.norm(scale=stddev).cdf).pvalue > 1e-3
    assert abs(z.mean()) < 4 * stddev / np.sqrt(z.size)
    assert abs(z.std() / stddev - 1) < 0.02


def test_noise_pairs_are_independent_normals():
    # A Box-Muller pair (j, j + width/2) of independent N(0, s^2) values has
    # a squared radius / s^2 ~ chi2(2) and independent signs; radius and
    # angle drawn from one uniform would fail both.
    stddev, z = 0.5, _noise(0.5, (400, 100))
    first, second = z[:, :50].ravel() / stddev, z[:, 50:].ravel() / stddev
    assert stats.kstest(first**2 + second**2, stats.chi2(2).cdf).pvalue > 1e-3
    assert abs(np.corrcoef(first, second)[0, 1]) < 4 / np.sqrt(first.size)
    assert abs(np.corrcoef(first**2, second**2)[0, 1]) < 4 / np.sqrt(first.size)
    # Examples (rows) differ: the noise is drawn per example.
    assert not np.allclose(z[0], z[1])


def test_noise_odd_width_inference_and_seed():
    assert _noise(1.0, (3, 7)).shape == (3, 7)
    x = np.ones((4, 6), "float32")
    layer = ssl_nets.GaussianNoise(0.5, seed=1)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)), x)  # Not training.
    np.testing.assert_array_equal(_noise(0.5, (4, 6), seed=5), _noise(0.5, (4, 6), 5))
    assert not np.allclose(_noise(0.5, (4, 6), seed=5), _noise(0.5, (4, 6), seed=6))


def test_discriminator_uses_the_noise_layer_with_the_recipes_stddevs():
    d = ssl_nets.weight_norm_mlp_discriminator((28, 28, 1), 10)
    noise = [layer for layer in d.layers if isinstance(layer, ssl_nets.GaussianNoise)]
    assert [n.stddev for n in noise] == [0.3, 0.5, 0.5, 0.5, 0.5, 0.5]
    assert all(isinstance(n, keras.layers.GaussianNoise) for n in noise)


def test_weight_norm_output_scaling_is_the_kernel_product():
    rng = np.random.default_rng(0)
    layer = WeightNormDense(5, kernel_initializer=keras.initializers.RandomNormal(0.1))
    x = rng.normal(size=(4, 7)).astype("float32")
    layer.build(x.shape)
    layer.g.assign(rng.uniform(0.5, 2.0, size=5).astype("float32"))
    layer.b.assign(rng.normal(size=5).astype("float32"))
    v, g, b = (ops.convert_to_numpy(w).astype("float64") for w in layer.weights)
    kernel = v * g / np.sqrt((v**2).sum(axis=0) + layer.epsilon)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)), x @ kernel + b, rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(ops.convert_to_numpy(layer.kernel()), kernel, rtol=1e-5)


def test_feature_matching_on_two_calls_is_the_one_call_loss_and_gradient():
    import tensorflow as tf

    entry = ganzoo.get_entry("sgan")
    gan = ganzoo.build(
        "sgan", seed=2, **{**entry.smoke_kwargs, "architecture": "weight_norm_mlp"}
    )
    for layer in gan.discriminator.layers:
        if isinstance(layer, keras.layers.GaussianNoise):
            layer.stddev = 0.0  # So both ways see the same values.
    (labeled, labels), unlabeled = gan.synthetic_batch(6, seed=4)
    labeled, labels, unlabeled = map(
        ops.convert_to_tensor, (labeled, labels, unlabeled)
    )
    batch = gan.unpack_batch(((labeled, labels), unlabeled, unlabeled[::-1]))
    results = []
    for one_call in (False, True):
        gan.seed_generator = keras.random.SeedGenerator(8)  # The same fakes.
        with tf.GradientTape() as tape:
            if one_call:  # The earlier form: D on both batches at once.
                fake = gan._fake(batch)
                features = gan.discriminator(
                    ops.concatenate([fake, batch["generator_unlabeled"]]), training=True
                )[1]
                loss = ganzoo.objectives.conditional.feature_matching_generator_loss(
                    features[6:], features[:6]
                )
            else:
                loss, _ = gan.generator_objective(batch)
        grads = tape.gradient(loss, gan.generator.trainable_variables)
        results.append([float(loss), *[ops.convert_to_numpy(g) for g in grads]])
    for two, one in zip(*results, strict=True):
        np.testing.assert_allclose(two, one, rtol=1e-4, atol=1e-7)


def test_speed_benchmark_ganzoo_half_runs_without_torch():
    from absl import flags

    from benchmarks import sgan_speed_compare, sgan_torch_peer

    # Importing defines no flag (others' binaries define `steps` too).
    assert "torch" not in flags.FLAGS
    assert sgan_torch_peer.BATCH == sgan_speed_compare.BATCH
    noise = sgan_speed_compare.noise_milliseconds(repeats=1, calls=1, batch_size=2)
    assert set(noise) == {"keras", "ganzoo"} and min(noise.values()) > 0

    report = sgan_speed_compare.compare(
        steps=2,
        repeats=1,
        warmup=1,
        with_torch=False,
        hidden_units=(16, 8),
        generator_units=(16,),
        latent_dim=8,
    )
    assert report["ganzoo"]["steps_per_s"] > 0
    assert report["ganzoo"]["steps_per_cpu_s"] > 0
    assert "torch" not in report and "torch" not in sys.modules
