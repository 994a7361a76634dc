"""The `unrolled` entry (Metz et al. 2017): the unrolled generator step.

pytest tests/test_unrolled.py
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.models.unrolled import UnrolledGAN

SMOKE = dict(
    image_shape=(2,), latent_dim=2, g_hidden_units=(16,), d_hidden_units=(8,), pieces=2
)
ADAM = dict(learning_rate=1e-2, beta_1=0.5)


def build(seed=0, **kwargs):
    keras.utils.set_random_seed(seed)
    gan = ganzoo.build("unrolled", seed=seed, **{**SMOKE, **kwargs})
    gan.compile(
        d_optimizer=keras.optimizers.Adam(**ADAM),
        g_optimizer=keras.optimizers.Adam(**ADAM),
    )
    gan.build_optimizers()
    return gan


def real_batch(n=16, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")


def snapshot(variables):
    return [v.numpy().copy() for v in variables]


def assert_all_equal(a, b):
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def generator_gradients(gan, real, latents):
    """G's gradient of the unrolled loss on a fixed batch and fixed noise."""
    with tf.GradientTape() as tape:
        fake = gan.generator(latents, training=True)
        weights = gan.unrolled_weights(real, fake)
        logits, _ = gan.discriminator.stateless_call(weights, [], fake, training=True)
        loss = gan.generator_loss(logits)
    return [g.numpy() for g in tape.gradient(loss, gan.generator.trainable_variables)]


def test_the_generator_step_leaves_the_discriminator_unchanged():
    gan = build(unroll_steps=3)
    gan.train_step(tf.constant(real_batch()))  # Adam slots now non-zero.
    d_before = snapshot(gan.discriminator.variables)
    opt_before = snapshot(gan.d_optimizer.variables)
    g_before = snapshot(gan.generator.trainable_variables)
    batch = {"real": tf.constant(real_batch(seed=1))}
    gan.optimizer_step(
        gan.g_optimizer,
        lambda: gan.generator_objective(batch),
        gan.generator_variables(),
    )
    assert_all_equal(snapshot(gan.discriminator.variables), d_before)
    assert_all_equal(snapshot(gan.d_optimizer.variables), opt_before)
    g_after = snapshot(gan.generator.trainable_variables)
    assert any(not np.array_equal(a, b) for a, b in zip(g_after, g_before, strict=True))


def test_zero_unroll_steps_is_the_plain_gan_step():
    unrolled = build(seed=3, unroll_steps=0)
    plain = ganzoo.GAN(
        keras.models.clone_model(unrolled.generator),
        keras.models.clone_model(unrolled.discriminator),
        latent_dim=2,
        loss="minimax",
        seed=3,
    )
    plain.set_weights(unrolled.get_weights())
    plain.compile(
        d_optimizer=keras.optimizers.Adam(**ADAM),
        g_optimizer=keras.optimizers.Adam(**ADAM),
    )
    for step in range(2):
        data = tf.constant(real_batch(seed=step))
        unrolled.train_step(data)
        plain.train_step(data)
    for a, b in zip(unrolled.get_weights(), plain.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("rule", ["adam", "sgd"])
def test_one_unrolled_update_is_the_discriminator_update(rule):
    # The unrolled weights after one step equal what the discriminator's
    # own optimizer (Adam) or a plain gradient step makes of the same loss.
    gan = build(unroll_steps=1, unroll_rule=rule, unroll_learning_rate=None)
    gan.train_step(tf.constant(real_batch()))  # Continue from non-zero moments.
    real, fake = tf.constant(real_batch(seed=1)), tf.constant(real_batch(seed=2))
    unrolled = [w.numpy() for w in gan.unrolled_weights(real, fake)]
    variables = gan.discriminator.trainable_variables
    with tf.GradientTape() as tape:
        loss = gan.discriminator_loss(
            gan.discriminator(real, training=True),
            gan.discriminator(fake, training=True),
        )
    grads = tape.gradient(loss, variables)
    if rule == "adam":
        gan.d_optimizer.apply(grads, variables)
        expected = snapshot(variables)
    else:
        rate = ADAM["learning_rate"]
        expected = [
            v.numpy() - rate * g.numpy() for v, g in zip(variables, grads, strict=True)
        ]
    for a, b in zip(unrolled, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_the_generator_gradient_goes_through_the_unrolling():
    gan = build(unroll_steps=3)
    gan.train_step(tf.constant(real_batch()))
    real = tf.constant(real_batch(seed=1))
    latents = tf.constant(real_batch(seed=2))
    unrolled = generator_gradients(gan, real, latents)
    gan.unroll_steps = 0
    plain = generator_gradients(gan, real, latents)
    gan.unroll_steps = 3
    # First order only: the same unrolled weights, but held constant.
    with tf.GradientTape() as tape:
        fake = gan.generator(latents, training=True)
        weights = [tf.stop_gradient(w) for w in gan.unrolled_weights(real, fake)]
        logits, _ = gan.discriminator.stateless_call(weights, [], fake, training=True)
        loss = gan.generator_loss(logits)
    first_order = tape.gradient(loss, gan.generator.trainable_variables)
    flat = [np.concatenate([g.ravel() for g in gs]) for gs in (unrolled, plain)]
    first = np.concatenate([g.numpy().ravel() for g in first_order])
    assert np.all(np.isfinite(flat[0]))
    assert np.linalg.norm(flat[0] - flat[1]) > 1e-3 * np.linalg.norm(flat[1])
    assert np.linalg.norm(flat[0] - first) > 1e-3 * np.linalg.norm(first)


def test_trains_under_xla_with_the_paper_unrolling():
    gan = build(unroll_steps=5)
    gan.compile(jit_compile=True)
    d_before = snapshot(gan.discriminator.trainable_variables)
    history = gan.fit(batches(real_batch(32), 16), epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    d_after = snapshot(gan.discriminator.trainable_variables)
    assert any(not np.array_equal(a, b) for a, b in zip(d_after, d_before, strict=True))


def test_config_round_trip_and_paper_defaults():
    gan = build(unroll_steps=4, unroll_rule="sgd", unroll_learning_rate=0.05)
    restored = UnrolledGAN.from_config(gan.get_config())
    assert (restored.unroll_steps, restored.unroll_rule) == (4, "sgd")
    assert restored.unroll_learning_rate == 0.05
    info = ganzoo.describe("unrolled")
    assert info["d_optimizer"]["config"]["learning_rate"] == 1e-4
    assert info["g_optimizer"]["config"]["learning_rate"] == 1e-3
    assert ganzoo.build("unrolled").unroll_steps == 5


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(unroll_steps=-1), "unroll_steps"),
        (dict(unroll_steps=2.0), "unroll_steps"),
        (dict(unroll_rule="rmsprop"), "unroll_rule"),
        (dict(unroll_learning_rate=0.0), "unroll_learning_rate"),
    ],
)
def test_bad_arguments_name_the_value(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: `{name}="):
        ganzoo.build("unrolled", **{**SMOKE, **kwargs})


def test_adam_unrolling_needs_an_adam_discriminator():
    gan = ganzoo.build("unrolled", unroll_steps=1, **SMOKE)
    gan.compile(d_optimizer="sgd")
    with pytest.raises(ValueError, match="unroll_rule='sgd'"):
        gan.train_step(tf.constant(real_batch()))


RING = ganzoo.data.make_ring(num_modes=8, radius=2.0, std=0.02)


def test_a_short_2d_run_moves_samples_onto_the_ring():
    # The paper's unrolling (Adam, K = 5) on small MLPs, with 20x/2x the
    # notebook's D/G learning rates so that 500 steps suffice (seconds).
    steps, batch = 500, 128
    keras.utils.set_random_seed(0)
    data, _ = ganzoo.data.sample_mixture(RING, steps * batch, seed=0)
    gan = ganzoo.build(
        "unrolled",
        image_shape=(2,),
        g_hidden_units=(64,) * 3,
        d_hidden_units=(32,) * 2,
        pieces=2,
        seed=0,
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
        jit_compile=True,
        steps_per_execution=100,
    )
    before = gan.generate(2500, seed=1)
    gan.fit(tf.data.Dataset.from_tensor_slices(data).batch(batch), verbose=0)
    after = gan.generate(2500, seed=1)

    def nearest(samples):
        distances = np.linalg.norm(samples[:, None] - RING.means[None], axis=-1)
        return distances.min(axis=1), distances.argmin(axis=1)

    assert np.median(nearest(before)[0]) > 0.5
    distance, mode = nearest(after)
    # Uniform samples on the circle would have a median distance of ~0.39.
    assert np.median(distance) < 0.25
    assert np.median(np.linalg.norm(after, axis=1)) == pytest.approx(2.0, abs=0.25)
    counts = np.bincount(mode[distance < 0.25], minlength=8)
    assert np.sum(counts >= 0.01 * len(after)) >= 6
