"""Salimans et al.'s MNIST recipe for sgan: each part against a hand computation."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganzoo
from ganzoo.data import semisupervised
from ganzoo.models.sgan import nets, weight_norm
from ganzoo.models.sgan.evaluation import TestErrorMonitor
from ganzoo.models.sgan.model import SGAN
from ganzoo.models.sgan.weight_norm import WeightNormDense

SHAPE, LATENT = (4, 4, 1), 3
TINY = dict(
    architecture="weight_norm_mlp",
    image_shape=SHAPE,
    latent_dim=LATENT,
    hidden_units=(6, 5),
    generator_units=(7,),
)
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _batch(n=6, seed=0):
    rng = np.random.default_rng(seed)
    images = [rng.uniform(-1, 1, (n, *SHAPE)).astype(np.float32) for _ in range(3)]
    labels = rng.integers(10, size=n).astype(np.int32)
    return (images[0], labels), images[1], images[2]


def _noise_free_sgan(unsupervised_weight=1.0):
    """The recipe's nets without their Gaussian noise, so D is deterministic."""
    d = nets.weight_norm_mlp_discriminator(SHAPE, 10, (6, 5), 0.0, 0.0)
    g = nets.weight_norm_mlp_generator(SHAPE, LATENT, (7,))
    return SGAN(g, d, LATENT, unsupervised_weight=unsupervised_weight, seed=0)


def _np_lse(x):
    m = x.max(-1, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(-1, keepdims=True)))[:, 0]


def _softplus(x):
    return np.logaddexp(0.0, x)


def test_weight_norm_dense_computes_g_v_over_norm_and_trains_g_and_v():
    layer = WeightNormDense(3, epsilon=0.0)
    x = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    layer(x)
    layer.g.assign([0.5, 2.0, -1.0])
    layer.b.assign([0.1, 0.2, 0.3])
    v, g, b = (w.numpy() for w in (layer.v, layer.g, layer.b))
    expected = x @ (g * v / np.linalg.norm(v, axis=0)) + b
    np.testing.assert_allclose(layer(x), expected, rtol=1e-5, atol=1e-6)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) ** 2)
    grads = tape.gradient(loss, [layer.v, layer.g, layer.b])
    assert all(grad is not None and np.any(grad.numpy() != 0) for grad in grads)
    # Scaling v leaves the function unchanged: only its direction counts.
    layer.v.assign(7.0 * v)
    np.testing.assert_allclose(layer(x), expected, rtol=1e-5, atol=1e-6)
    fixed = WeightNormDense(3, trainable_scale=False, activation="relu")
    fixed(x)
    assert [w.name for w in fixed.trainable_weights] == ["v", "b"]
    clone = WeightNormDense.from_config(fixed.get_config())
    assert clone.get_config() == fixed.get_config()
    clone(x)
    clone.set_weights(fixed.get_weights())
    np.testing.assert_allclose(clone(x), fixed(x))
    with pytest.raises(ValueError, match="`units=0`"):
        WeightNormDense(0)


def test_data_dependent_init_standardises_each_layer_once():
    inputs = keras.Input((5,))
    hidden = WeightNormDense(4, activation="relu", data_init=True, name="h")(inputs)
    outputs = WeightNormDense(3, data_init=True, name="o")(hidden)
    model = keras.Model(inputs, outputs)
    x = np.random.default_rng(1).normal(2.0, 3.0, (200, 5)).astype(np.float32)
    assert weight_norm.needs_data_init(model)
    assert weight_norm.data_dependent_init(model, x) == ["h", "o"]
    assert not weight_norm.needs_data_init(model)
    h_layer, o_layer = model.get_layer("h"), model.get_layer("o")
    hidden_model = keras.Model(inputs, h_layer.output)
    for layer, layer_in in ((h_layer, x), (o_layer, hidden_model(x).numpy())):
        v = layer.v.numpy()
        t = layer_in @ (layer.g.numpy() * v / np.linalg.norm(v, axis=0)) + layer.b
        np.testing.assert_allclose(t.mean(0), 0.0, atol=1e-4)
        np.testing.assert_allclose(t.std(0), 1.0, rtol=1e-3)
    before = [w.numpy() for w in model.weights]
    assert weight_norm.data_dependent_init(model, x + 5.0) == []  # Once only.
    for w, old in zip(model.weights, before, strict=True):
        np.testing.assert_array_equal(w.numpy(), old)


def test_discriminator_noise_acts_in_training_only_and_maps_the_pixel_range():
    d = nets.weight_norm_mlp_discriminator(SHAPE, 10, (6, 5))
    x = _batch()[1]
    np.testing.assert_array_equal(d(x, training=False)[0], d(x, training=False)[0])
    assert not np.allclose(d(x, training=True)[0], d(x, training=True)[0])
    # Without noise the net is the code's function of [0, 1] pixels.
    quiet = nets.weight_norm_mlp_discriminator(SHAPE, 10, (6, 5), 0.0, 0.0)
    quiet.set_weights(d.get_weights())
    np.testing.assert_allclose(quiet(x, training=True)[0], d(x)[0], rtol=1e-5)
    first = [layer for layer in d.layers if isinstance(layer, WeightNormDense)][0]
    v, g = first.v.numpy(), first.g.numpy()
    unit = ((x + 1.0) / 2.0).reshape(len(x), -1)
    np.testing.assert_allclose(
        keras.Model(d.input, first.output)(x),
        np.maximum(unit @ (g * v / np.linalg.norm(v, axis=0)) + first.b, 0.0),
        rtol=1e-4,
        atol=1e-5,
    )
    scales = [w for w in d.weights if w.path.endswith("/g")]
    assert [w.trainable for w in scales] == [False, False, True]  # Logits' only.
    images = nets.weight_norm_mlp_generator(SHAPE, LATENT, (7,))(np.zeros((2, 3)))
    assert images.shape == (2, *SHAPE) and np.all(np.abs(images) <= 1.0)


def test_feature_matching_uses_the_last_hidden_layer_and_g_s_own_batch():
    gan = _noise_free_sgan()
    batch = gan.unpack_batch(tf.nest.map_structure(tf.convert_to_tensor, _batch()))
    fake = gan.generator(gan.sample_latent(6, seed=0), training=True)
    gan._fake = lambda _: fake
    last_hidden = [
        layer
        for layer in gan.discriminator.layers
        if isinstance(layer, WeightNormDense)
    ][-2]
    assert last_hidden.units == 5
    features = keras.Model(gan.discriminator.input, last_hidden.output)
    real = features(batch["generator_unlabeled"]).numpy()
    expected = np.mean((real.mean(0) - features(fake).numpy().mean(0)) ** 2)
    g_loss, _ = gan.generator_objective(batch)
    np.testing.assert_allclose(g_loss, expected, rtol=1e-5)
    other = features(batch["unlabeled"]).numpy()
    assert not np.isclose(expected, np.mean((other.mean(0) - real.mean(0)) ** 2))


@pytest.mark.parametrize("unsupervised_weight", [1.0, 0.0])
def test_discriminator_loss_matches_the_code_s_formula(unsupervised_weight):
    gan = _noise_free_sgan(unsupervised_weight)
    batch = gan.unpack_batch(tf.nest.map_structure(tf.convert_to_tensor, _batch()))
    fake = gan.generator(gan.sample_latent(6, seed=0), training=True)
    gan._fake = lambda _: fake
    logits = [
        gan.discriminator(x)[0].numpy() for x in (batch["labeled"], batch["unlabeled"])
    ]
    fake_logits = gan.discriminator(fake)[0].numpy()
    labels = batch["labels"].numpy()
    # improved-gan: loss_lab = -mean(l[y]) + mean(lse(l)), and loss_unl =
    # -0.5 mean(lse(l_unl)) + 0.5 mean(softplus(lse(l_unl))) + 0.5 mean(
    # softplus(lse(l_fake))).
    loss_lab = -np.mean(logits[0][np.arange(6), labels]) + np.mean(_np_lse(logits[0]))
    lse_unl = _np_lse(logits[1])
    loss_unl = 0.5 * (
        -np.mean(lse_unl)
        + np.mean(_softplus(lse_unl))
        + np.mean(_softplus(_np_lse(fake_logits)))
    )
    d_loss, logs = gan.discriminator_objective(batch)
    np.testing.assert_allclose(
        d_loss, loss_lab + unsupervised_weight * loss_unl, rtol=1e-5
    )
    np.testing.assert_allclose(logs["supervised_loss"], loss_lab, rtol=1e-5)


def test_averaged_weights_are_the_running_average_of_d_s_weights():
    gan = ganzoo.build("sgan", seed=0, **TINY)
    averaged = keras.optimizers.Adam(1e-2, use_ema=True, ema_momentum=0.5)
    gan.compile(averaged, keras.optimizers.Adam(1e-2), jit_compile=False)
    gan.initialize_from_data(_batch()[1])
    variables = gan.discriminator_variables()
    expected = None
    for step in range(3):
        gan.fit(tf.data.Dataset.from_tensors(_batch(seed=step)), verbose=0)
        now = [v.numpy().copy() for v in variables]
        # Keras's average starts at the first step's weights.
        expected = (
            now
            if expected is None
            else [0.5 * a + 0.5 * w for a, w in zip(expected, now, strict=True)]
        )
    assert not np.allclose(expected[0], now[0])
    with gan.averaged_weights():
        for v, want in zip(variables, expected, strict=True):
            np.testing.assert_allclose(v.numpy(), want, rtol=1e-5, atol=1e-7)
    for v, trained in zip(variables, now, strict=True):
        np.testing.assert_array_equal(v.numpy(), trained)
    plain = ganzoo.build("sgan", seed=0, **TINY)
    plain.compile(keras.optimizers.Adam(), keras.optimizers.Adam())
    with plain.averaged_weights():  # No average kept: nothing changes.
        pass


def test_recipe_defaults_one_xla_step_and_the_monitor():
    gan = ganzoo.build("sgan", seed=0, **TINY)
    gan.compile(jit_compile=True)  # The architecture's recipe.
    d_opt = gan.d_optimizer.get_config()
    assert (d_opt["learning_rate"], d_opt["beta_1"]) == (pytest.approx(3e-3), 0.5)
    assert (d_opt["use_ema"], d_opt["ema_momentum"]) == (True, 0.9999)
    assert not gan.g_optimizer.use_ema and gan.latent_distribution == "uniform"
    assert weight_norm.needs_data_init(gan.discriminator)
    monitor = TestErrorMonitor("mnist")
    rng = np.random.default_rng(2)
    monitor.arrays = (rng.uniform(-1, 1, (50, *SHAPE)), rng.integers(10, size=50))
    data = tf.data.Dataset.from_tensors(_batch()).repeat(2)
    history = gan.fit(data, callbacks=[monitor], verbose=0).history
    assert not weight_norm.needs_data_init(gan.discriminator)
    assert all(np.isfinite(v[-1]) for v in history.values()), history
    assert 0.0 <= history["test_error"][-1] <= 1.0
    assert 0.0 <= history["test_error_raw"][-1] <= 1.0
    assert SGAN.from_config(gan.get_config()).architecture == "weight_norm_mlp"


def test_pipeline_with_every_digit_unlabeled_and_a_batch_for_g():
    n = 40
    labels = np.arange(n) % 4
    images = np.broadcast_to(
        np.arange(n, dtype=np.float32)[:, None, None, None], (n, 1, 1, 1)
    )
    ds = semisupervised.make_semi_supervised(
        images,
        labels,
        2,
        batch_size=8,
        seed=0,
        labeled_in_unlabeled=True,
        generator_batch=True,
    )
    seen_d, seen_g = [], []
    for (x_lab, _), x_unl, x_gen in ds:
        assert len(x_lab) == 8 and x_gen.shape == x_unl.shape
        seen_d += x_unl.numpy().ravel().astype(int).tolist()
        seen_g += x_gen.numpy().ravel().astype(int).tolist()
    assert sorted(seen_d) == sorted(seen_g) == list(range(n))  # 5 steps: all 40.
    assert seen_d != seen_g  # Each in its own order.


def test_smoke_config_logs_the_test_error_each_chunk(data_dir, tmp_path):
    from benchmarks import plots, sgan_curve
    from ganzoo.training import config as config_lib

    config = config_lib.load_config(
        os.path.join(REPO, "zoo_configs", "sgan_mnist.py:smoke")
    )
    assert config.model.kwargs.architecture == "weight_norm_mlp"
    result = ganzoo.training.train(config, str(tmp_path / "run"))
    scalars = plots.read_scalars(str(tmp_path / "run" / "tensorboard" / "scalars"))
    steps, errors = scalars["test_error"]
    assert steps.tolist() == [5, 10, 15, 20] and np.all((errors >= 0) & (errors <= 1))
    assert not weight_norm.needs_data_init(result.gan.discriminator)
    path = sgan_curve.plot_error_curves(
        {"sgan": str(tmp_path / "run")}, str(tmp_path / "curve.png"), steps_per_epoch=5
    )
    assert os.path.getsize(path) > 1000


def test_split_seed_none_draws_the_labels_with_the_data_seed():
    """`split_seed=None` (the recipes): each benchmark seed gets its own label
    split, and seed 0's is the split of `split_seed=0`."""
    n = 200
    labels = np.arange(n) % 10
    images = np.arange(n, dtype=np.float32)[:, None, None, None]

    def labeled(**kwargs):
        ds = semisupervised.make_semi_supervised(
            images, labels, 2, batch_size=20, **kwargs
        )
        (x_lab, _), _ = next(iter(ds))
        return set(x_lab.numpy().ravel().astype(int).tolist())

    assert labeled(split_seed=None, seed=0) == labeled(split_seed=0, seed=0)
    assert labeled(split_seed=None, seed=3) == labeled(split_seed=3, seed=0)
    assert labeled(split_seed=None, seed=3) != labeled(split_seed=None, seed=0)


def test_a_run_with_split_seed_zero_resumes_under_split_seed_none():
    """Moving a recipe to `split_seed=None` keeps its seed-0 workdirs: the
    labels are the same; another seed's split is another run."""
    from ganzoo.training import workdir

    def identity(split_seed, seed):
        return workdir._identity(
            {"data": {"seed": seed, "kwargs": {"split_seed": split_seed}}}
        )

    assert identity(None, 0) == identity(0, 0)
    assert identity(None, 2) == identity(2, 2)
    assert identity(None, 2) != identity(0, 2)
