"""Gradient penalties, weight clipping and spectral norm against hand checks."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.objectives import penalties

PENALTY_NAMES = ["dragan", "r1", "wgan_gp"]
TINY_POINTS = dict(image_shape=(2,), latent_dim=2, hidden_units=(8,))


def smooth_critic(input_shape, seed=0):
    """A small float64 tanh network, smooth so finite differences are exact."""
    init = keras.initializers.GlorotNormal(seed=seed)
    inputs = keras.Input(input_shape, dtype="float64")
    x = keras.layers.Flatten(dtype="float64")(inputs)
    x = keras.layers.Dense(5, "tanh", kernel_initializer=init, dtype="float64")(x)
    logits = keras.layers.Dense(1, kernel_initializer=init, dtype="float64")(x)
    return keras.Model(inputs, logits)


def fd_gradient_norms(critic, points, h=1e-6):
    """Per-example norms of d critic / d input by central differences."""
    flat = points.reshape(len(points), -1)
    grads = np.zeros_like(flat)
    for j in range(flat.shape[1]):
        step = np.zeros_like(flat)
        step[:, j] = h
        up = critic((flat + step).reshape(points.shape)).numpy()[:, 0]
        down = critic((flat - step).reshape(points.shape)).numpy()[:, 0]
        grads[:, j] = (up - down) / (2 * h)
    return np.linalg.norm(grads, axis=1)


def hand_penalty(name, critic, points):
    norms = fd_gradient_norms(critic, points)
    if name == "r1":
        return 0.5 * np.mean(norms**2)
    return np.mean((norms - 1.0) ** 2)


@pytest.fixture
def batch():
    rng = np.random.default_rng(0)
    real = tf.constant(rng.normal(size=(4, 2, 2, 1)))
    fake = tf.constant(rng.normal(size=(4, 2, 2, 1)))
    return real, fake


@pytest.mark.parametrize("name", PENALTY_NAMES)
def test_linear_critic_in_closed_form(name):
    # D(x) = w.x + b has gradient w everywhere.
    critic = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    w = np.array([[0.3], [-1.2], [2.0]], np.float32)
    critic.layers[0].kernel.assign(w)
    real, fake = tf.ones((5, 3)), tf.zeros((5, 3))
    got = float(penalties.get_penalty(name)(critic, real, fake, seed=1))
    norm = np.linalg.norm(w)
    expected = 0.5 * norm**2 if name == "r1" else (norm - 1.0) ** 2
    assert got == pytest.approx(expected, rel=1e-5)


def test_gradient_norms_match_finite_differences(batch):
    real, _ = batch
    critic = smooth_critic((2, 2, 1))
    got = penalties.gradient_norms(critic, real).numpy()
    np.testing.assert_allclose(got, fd_gradient_norms(critic, real.numpy()), rtol=1e-7)


@pytest.mark.parametrize("name", PENALTY_NAMES)
def test_penalty_values_match_finite_differences(name, batch):
    real, fake = batch
    critic = smooth_critic((2, 2, 1))
    got = float(penalties.get_penalty(name)(critic, real, fake, seed=7))
    points = points_of(name, real, fake, seed=7).numpy()
    assert got == pytest.approx(hand_penalty(name, critic, points), rel=1e-6)


def test_wgan_gp_points_lie_between_real_and_fake(batch):
    real, fake = (x.numpy() for x in batch)
    points = penalties.interpolates(tf.constant(real), tf.constant(fake), 3).numpy()
    # One alpha per example: points - fake = alpha * (real - fake).
    alpha = (points - fake).reshape(4, -1) / (real - fake).reshape(4, -1)
    np.testing.assert_allclose(alpha, alpha[:, :1] * np.ones_like(alpha), rtol=1e-9)
    assert np.all((alpha >= 0) & (alpha <= 1)) and np.ptp(alpha[:, 0]) > 0


def test_dragan_points_are_within_half_a_std_above_the_data(batch):
    real = batch[0]
    offsets = penalties.perturbed(real, seed=3).numpy() - real.numpy()
    bound = 0.5 * np.std(real.numpy())
    assert np.all(offsets >= 0) and np.all(offsets <= bound + 1e-12)
    assert offsets.max() > 0.1 * bound


@pytest.mark.parametrize("name", PENALTY_NAMES)
def test_penalty_gradient_w_r_t_weights_matches_finite_differences(name, batch):
    # The double backward pass: the outer tape differentiates the norm of an
    # input gradient taken by the inner tape.
    real, fake = batch
    critic = smooth_critic((2, 2, 1))
    penalty = penalties.get_penalty(name)
    kernel = critic.layers[2].kernel
    with tf.GradientTape() as tape:
        value = penalty(critic, real, fake, seed=5)
    got = tape.gradient(value, kernel).numpy()
    h, original = 1e-6, kernel.numpy()
    for index in [(0, 0), (1, 3), (3, 4)]:
        values = []
        for sign in (1, -1):
            shifted = original.copy()
            shifted[index] += sign * h
            kernel.assign(shifted)
            values.append(float(penalty(critic, real, fake, seed=5)))
        kernel.assign(original)
        fd = (values[0] - values[1]) / (2 * h)
        assert got[index] == pytest.approx(fd, rel=1e-5, abs=1e-9)


def points_of(name, real, fake, seed):
    """The points a penalty evaluates at, drawn with the same integer seed."""
    if name == "wgan_gp":
        return penalties.interpolates(real, fake, seed)
    if name == "dragan":
        return penalties.perturbed(real, seed)
    return real


def penalty_at(name, critic, points):
    if name == "r1":
        return 0.5 * tf.reduce_mean(tf.square(penalties.gradient_norms(critic, points)))
    return tf.reduce_mean(tf.square(penalties.gradient_norms(critic, points) - 1.0))


@pytest.mark.parametrize("name", PENALTY_NAMES)
def test_penalties_compile_under_xla(name):
    critic = keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3, activation="tanh")]
        + [keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    rng = np.random.default_rng(1)
    real, fake = (tf.constant(rng.normal(size=(3, 4, 4, 1)), tf.float32) for _ in "ab")

    @tf.function(jit_compile=True)
    def value_grads_and_points():
        with tf.GradientTape() as tape:
            value = penalties.get_penalty(name)(critic, real, fake, seed=2)
        grads = tape.gradient(value, critic.trainable_variables)
        return value, grads, points_of(name, real, fake, seed=2)

    # XLA draws other random numbers than eager TF for the same seed, so the
    # eager reference is evaluated at the points the compiled step used.
    xla_value, xla_grads, points = value_grads_and_points()
    with tf.GradientTape() as tape:
        value = penalty_at(name, critic, points)
    grads = tape.gradient(value, critic.trainable_variables)
    assert float(xla_value) == pytest.approx(float(value), rel=1e-4)
    # The output bias does not move the input gradient: its gradient is None.
    assert [g is None for g in xla_grads] == [False, False, False, True]
    for a, b in zip(xla_grads[:3], grads[:3], strict=True):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-3, atol=1e-6)


def test_unknown_penalty_lists_the_valid_ones():
    expected = (
        r"Received: `penalty='gp'`; expected one of \['dragan', 'r1', 'wgan_gp'\]"
    )
    with pytest.raises(ValueError, match=expected):
        ganzoo.build("dcgan", penalty="gp", **TINY_POINTS)


@pytest.mark.parametrize(
    "bad", [{"penalty_weight": -1.0}, {"clip_value": 0.0}, {"clip_value": "0.1"}]
)
def test_bad_regularizer_settings(bad):
    key = next(iter(bad))
    with pytest.raises(ValueError, match=f"`{key}="):
        ganzoo.build("dcgan", **TINY_POINTS, **bad)


def points(n=32, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")


def test_clipped_critic_stays_within_bounds():
    gan = ganzoo.build("wgan", seed=0, **TINY_POINTS)
    # Plain graph: XLA is covered by the registry sweep; compiling is slow here.
    gan.compile(d_optimizer=keras.optimizers.RMSprop(0.05))
    gan.fit(batches(points(), batch_size=8), epochs=1, verbose=0)
    assert int(gan.d_optimizer.iterations) == 4 * 5
    weights = np.concatenate(
        [v.numpy().ravel() for v in gan.discriminator.trainable_variables]
    )
    assert np.max(np.abs(weights)) <= 0.01 + 1e-8
    assert np.mean(np.abs(weights) == np.float32(0.01)) > 0.5  # clipping was active


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("dcgan", dict(loss="hinge", penalty="r1", penalty_weight=1.0)),
        ("vanilla", dict(penalty="dragan", g_hidden_units=(8,), d_hidden_units=(4,))),
    ],
)
def test_any_model_takes_a_penalty_by_name(name, kwargs):
    shape = dict(image_shape=(2,), latent_dim=2)
    if name == "dcgan":
        shape["hidden_units"] = (8,)
    gan = ganzoo.build(name, **shape, **kwargs)
    gan.compile()
    history = gan.fit(batches(points(8)), epochs=1, verbose=0).history
    assert set(history) == {"d_loss", "g_loss", "gp"}
    assert np.isfinite(history["gp"][-1]) and history["gp"][-1] > 0
    config = gan.get_config()
    assert config["penalty"] == kwargs["penalty"]
    restored = type(gan).from_config(config)
    assert restored.penalty == gan.penalty
    assert restored.penalty_weight == gan.penalty_weight


def test_no_penalty_metric_without_a_penalty():
    gan = ganzoo.build("dcgan", **TINY_POINTS)
    gan.compile()
    history = gan.fit(batches(points(8)), epochs=1, verbose=0).history
    assert set(history) == {"d_loss", "g_loss"}


def test_spectral_norm_bounds_each_layer():
    gan = ganzoo.build(
        "dcgan", spectral_norm=True, **ganzoo.get_entry("dcgan").smoke_kwargs
    )
    wrapped = [
        layer
        for layer in gan.discriminator.layers
        if isinstance(layer, keras.layers.SpectralNormalization)
    ]
    assert len(wrapped) == 2  # one conv at 8x8, and the output layer
    images = gan.synthetic_batch(4)
    for _ in range(30):  # one power iteration per training call
        gan.discriminator(images, training=True)
    for layer in wrapped:
        kernel = layer.kernel.numpy().reshape(-1, layer.kernel.shape[-1])
        assert np.linalg.norm(kernel, ord=2) == pytest.approx(1.0, rel=0.02)


def test_spectral_norm_bounds_the_mlp_critic_on_points():
    gan = ganzoo.build("sngan", **TINY_POINTS)
    wrapped = [
        layer
        for layer in gan.discriminator._flatten_layers()
        if isinstance(layer, keras.layers.SpectralNormalization)
    ]
    maxouts = [
        layer
        for layer in gan.discriminator.layers
        if isinstance(layer, ganzoo.nets.Maxout)
    ]
    assert len(maxouts) == len(TINY_POINTS["hidden_units"])
    assert len(wrapped) == len(maxouts) + 1  # every maxout and the output
    points = gan.synthetic_batch(16)
    for _ in range(30):
        gan.discriminator(points, training=True)
    for layer in wrapped:
        kernel = layer.kernel.numpy().reshape(-1, layer.kernel.shape[-1])
        assert np.linalg.norm(kernel, ord=2) == pytest.approx(1.0, rel=0.02)
