"""A fast 2D check: WGAN-GP learns the ring of 8 Gaussians.

A loose bound, not the benchmark (zoo_configs/wgan_gp_ring8.py runs the
PacGAN protocol): about 1,000 generator steps (5,000 critic steps) on the
ring of the WGAN-GP toy code, radius 2 and std 0.02, where neighbouring
modes are 1.53 apart.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganzoo

STEPS, BATCH = 1000, 256
RING = ganzoo.data.make_ring(num_modes=8, radius=2.0, std=0.02)


def nearest_mode(samples):
    distances = np.linalg.norm(samples[:, None, :] - RING.means[None], axis=-1)
    return distances.min(axis=1), distances.argmin(axis=1)


@pytest.fixture(scope="module")
def samples_before_and_after():
    keras.utils.set_random_seed(0)
    points, _ = ganzoo.data.sample_mixture(RING, STEPS * BATCH, seed=0)
    # The paper's critic (lambda 10, 5 critic steps, Adam beta_2 0.9) on
    # small MLPs, with a 10x larger learning rate than the paper's 1e-4 so
    # that 1,000 steps suffice (the toy code ran 100,000).
    gan = ganzoo.build(
        "wgan_gp", image_shape=(2,), latent_dim=2, hidden_units=(64,) * 3, seed=0
    )
    adam = dict(learning_rate=1e-3, beta_1=0.5, beta_2=0.9)
    gan.compile(
        d_optimizer=keras.optimizers.Adam(**adam),
        g_optimizer=keras.optimizers.Adam(**adam),
        jit_compile=True,
        steps_per_execution=100,  # one host round trip per 100 steps
    )
    before = gan.generate(2500, seed=1)
    data = tf.data.Dataset.from_tensor_slices(points).batch(BATCH, drop_remainder=True)
    history = gan.fit(data, epochs=1, verbose=0).history
    return before, gan.generate(2500, seed=1), history


def test_training_is_finite(samples_before_and_after):
    _, _, history = samples_before_and_after
    assert set(history) == {"d_loss", "g_loss", "gp"}
    assert all(np.isfinite(values[-1]) for values in history.values())


def test_samples_move_onto_the_ring(samples_before_and_after):
    before, after, _ = samples_before_and_after
    distance_before, _ = nearest_mode(before)
    distance_after, _ = nearest_mode(after)
    assert np.median(distance_before) > 0.5
    # Uniform samples on the circle would have a median distance of ~0.39.
    assert np.median(distance_after) < 0.25
    assert np.median(np.linalg.norm(after, axis=1)) == pytest.approx(2.0, abs=0.25)


def test_most_modes_are_visited(samples_before_and_after):
    _, after, _ = samples_before_and_after
    distance, mode = nearest_mode(after)
    counts = np.bincount(mode[distance < 0.25], minlength=8)
    assert np.sum(counts >= 0.01 * len(after)) >= 6
