"""The `alpha_gan` entry (Rosca et al. 2017): four players on the k-step loop.

pytest tests/test_alpha_gan.py

The registry sweep (tests/test_zoo_sweep.py) covers build, one XLA step,
saving and export; here: the four players, each player's own gradient, and
a short 2D run (reconstruction falls, samples move onto the ring).
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.models.alpha_gan import AlphaGAN

POINTS = dict(
    g_hidden_units=(16,), d_hidden_units=(8,), code_hidden_units=(8,), pieces=2
)
STEPS, BATCH = 1500, 128
RING = ganzoo.data.make_ring(num_modes=8, radius=2.0, std=0.02)


def build(**kwargs):
    keras.utils.set_random_seed(0)
    return ganzoo.build("alpha_gan", seed=0, **{**POINTS, **kwargs})


def points(n=16, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")


def snapshot(model):
    return [v.numpy().copy() for v in model.trainable_variables]


def changed(model, before):
    return any(
        not np.array_equal(a, b) for a, b in zip(snapshot(model), before, strict=True)
    )


def test_one_xla_step_trains_all_four_players():
    gan = build()
    gan.compile(jit_compile=True)
    players = (gan.generator, gan.discriminator, gan.encoder, gan.code_discriminator)
    before = [snapshot(p) for p in players]
    history = gan.fit(batches(points(32), 16), epochs=1, verbose=0).history
    assert set(history) == {"d_loss", "g_loss", "e_loss", "c_loss", "reconstruction"}
    assert all(np.isfinite(v[-1]) for v in history.values())
    assert all(changed(p, b) for p, b in zip(players, before, strict=True))


def test_each_player_gets_the_gradient_of_its_own_loss():
    # One scalar goes to the G+E optimizer; its gradient must be L_E's for
    # E and L_G's for G (Algorithm 1), not D's verdict on G(E(x)) for E.
    gan = build()
    batch = {"real": tf.constant(points())}
    with tf.GradientTape(persistent=True) as tape:
        total, logs = gan.generator_objective(batch)
    for loss, model in ((logs["e_loss"], gan.encoder), (logs["g_loss"], gan.generator)):
        own = tape.gradient(loss, model.trainable_variables)
        combined = tape.gradient(total, model.trainable_variables)
        for a, b in zip(own, combined, strict=True):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-7)
    # D's verdict on the reconstructions does depend on E (so the
    # `stop_gradient` is what keeps it out of E's gradient).
    with tf.GradientTape() as tape:
        codes = gan.encoder(batch["real"], training=True)
        verdict = gan.discriminator(gan.generator(codes, training=True))
    grads = tape.gradient(verdict, gan.encoder.trainable_variables)
    assert any(np.any(g.numpy() != 0) for g in grads)


def test_images_get_conv_networks_and_encode_reconstruct():
    gan = ganzoo.build("alpha_gan", **ganzoo.get_entry("alpha_gan").smoke_kwargs)
    assert gan.image_shape == (8, 8, 1)
    images = np.random.default_rng(0).uniform(-1, 1, (5, 8, 8, 1)).astype("float32")
    assert gan.encode(images).shape == (5, 4)
    reconstructed = gan.reconstruct(images)
    assert reconstructed.shape == images.shape and reconstructed.dtype == np.float32
    assert np.all(np.abs(reconstructed) <= 1.0)


def test_config_round_trip_and_defaults():
    gan = build(reconstruction_weight=3.0, generator_adversarial="non_saturating")
    restored = AlphaGAN.from_config(gan.get_config())
    assert restored.reconstruction_weight == 3.0
    assert restored.generator_adversarial == "non_saturating"
    assert len(restored.code_discriminator.trainable_variables) == len(
        gan.code_discriminator.trainable_variables
    )
    info = ganzoo.describe("alpha_gan")
    assert (info["evaluator"], info["dataset"]) == ("mode_coverage", "ring8")


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(reconstruction_weight=-1.0), "reconstruction_weight"),
        (dict(generator_adversarial="hinge"), "generator_adversarial"),
        (dict(loss="wasserstein"), "loss"),
        (dict(image_shape=(28, 28)), "image_shape"),
    ],
)
def test_bad_arguments_name_the_value(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: `{name}="):
        ganzoo.build("alpha_gan", **{**POINTS, **kwargs})


@pytest.fixture(scope="module")
def short_ring_run():
    keras.utils.set_random_seed(0)
    data, _ = ganzoo.data.sample_mixture(RING, STEPS * BATCH, seed=0)
    # Small MLPs and a 10x larger learning rate than the registered 2e-4,
    # so that 1,500 steps suffice (seconds, not the benchmark).
    gan = ganzoo.build(
        "alpha_gan",
        g_hidden_units=(64,) * 3,
        d_hidden_units=(32,) * 2,
        code_hidden_units=(32,) * 2,
        pieces=2,
        seed=0,
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
        jit_compile=True,
        steps_per_execution=100,
    )
    held_out, _ = ganzoo.data.sample_mixture(RING, 1000, seed=1)
    error_before = np.mean(np.abs(gan.reconstruct(held_out) - held_out))
    dataset = tf.data.Dataset.from_tensor_slices(data).batch(BATCH, drop_remainder=True)
    gan.fit(dataset, epochs=1, verbose=0)
    error_after = np.mean(np.abs(gan.reconstruct(held_out) - held_out))
    return error_before, error_after, gan.generate(2500, seed=1)


def test_reconstruction_error_falls(short_ring_run):
    before, after, _ = short_ring_run
    assert after < 0.25 * before


def test_samples_move_onto_the_ring(short_ring_run):
    _, _, samples = short_ring_run
    distances = np.linalg.norm(samples[:, None] - RING.means[None], axis=-1)
    distance, mode = distances.min(axis=1), distances.argmin(axis=1)
    # Uniform samples on the circle would have a median distance of ~0.39.
    assert np.median(distance) < 0.25
    assert np.median(np.linalg.norm(samples, axis=1)) == pytest.approx(2.0, abs=0.25)
    counts = np.bincount(mode[distance < 0.25], minlength=8)
    assert np.sum(counts >= 0.01 * len(samples)) >= 6
