"""Packing on every unconditional entry, the `pacgan` entry, DRAGAN's scale."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.nets import packing
from ganzoo.objectives import penalties

UNCONDITIONAL = ["vanilla", "dcgan", "lsgan", "wgan", "wgan_gp", "dragan", "sngan"]
POINTS = dict(image_shape=(2,), latent_dim=2)


def smoke(name, **kwargs):
    return {**ganzoo.get_entry(name).smoke_kwargs, **kwargs}


@pytest.mark.parametrize("name", UNCONDITIONAL + ["pacgan"])
@pytest.mark.parametrize("pack", [2, 3])
def test_packed_discriminator_judges_packs(name, pack):
    gan = ganzoo.build(name, pack=pack, seed=0, **smoke(name))
    samples = gan.synthetic_batch(2 * pack)
    assert gan.discriminator(samples).shape == (2, 1)
    inner = gan.discriminator.layers[-1]  # Built for m samples concatenated.
    sample_shape = gan.image_shape
    assert inner.input_shape[1:] == (*sample_shape[:-1], sample_shape[-1] * pack)
    # The first logit is the inner network on the first m samples, in order.
    packed = np.concatenate(list(samples[:pack]), axis=-1)[None]
    np.testing.assert_allclose(
        np.asarray(gan.discriminator(samples))[0],
        np.asarray(inner(packed))[0],
        rtol=1e-5,
        atol=1e-6,
    )


def _train_once(name, **kwargs):
    keras.utils.set_random_seed(3)
    gan = ganzoo.build(name, seed=3, **smoke(name, **kwargs))
    gan.compile()
    gan.fit(batches(gan.synthetic_batch(8, seed=1), batch_size=4), epochs=1, verbose=0)
    return gan


@pytest.mark.parametrize("name", ["vanilla", "dcgan", "pacgan"])
def test_pack_one_is_the_plain_gan(name):
    # pacgan's own default is 2; the others' is 1, compared with no argument.
    plain = _train_once(name, **({"pack": 1} if name == "pacgan" else {}))
    packed_one = _train_once(name, pack=1)
    for a, b in zip(plain.weights, packed_one.weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(plain.generate(6, seed=0), packed_one.generate(6, 0))
    assert not any(isinstance(x, packing.Pack) for x in plain.discriminator.layers)


@pytest.mark.parametrize("name", ["dcgan", "pacgan"])
def test_packing_survives_a_keras_round_trip(name, tmp_path):
    gan = _train_once(name, pack=2)
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    samples = gan.synthetic_batch(4, seed=2)
    assert loaded.discriminator(samples).shape == (2, 1)
    np.testing.assert_allclose(
        np.asarray(loaded.discriminator(samples)),
        np.asarray(gan.discriminator(samples)),
        rtol=1e-6,
    )


def test_a_batch_that_is_not_whole_packs_is_refused():
    gan = ganzoo.build("pacgan", pack=3, **smoke("pacgan"))
    gan.compile()
    with pytest.raises(ValueError, match="multiple of `pack=3`"):
        gan.fit(batches(gan.synthetic_batch(8), batch_size=4), epochs=1, verbose=0)


def test_pacgan_networks_and_defaults_are_the_papers():
    gan = ganzoo.build("pacgan")
    assert gan.latent_dim == 2 and gan.image_shape == (2,)
    assert gan.loss_name == "non_saturating" and gan.latent_distribution == "normal"
    dense = [x for x in gan.generator.layers if isinstance(x, keras.layers.Dense)]
    norms = [
        x
        for x in gan.generator.layers
        if isinstance(x, keras.layers.BatchNormalization)
    ]
    assert [x.units for x in dense] == [400] * 4 + [2] and len(norms) == 4
    assert [x.use_bias for x in dense] == [False] * 4 + [True]
    inner = gan.discriminator.layers[-1]
    maxouts = [x for x in inner.layers if isinstance(x, ganzoo.nets.Maxout)]
    assert [(x.units, x.pieces) for x in maxouts] == [(200, 5)] * 3
    assert inner.input_shape == (None, 4)  # pack=2 points of 2 coordinates
    kernel = maxouts[1].dense.kernel.numpy()
    assert np.std(kernel) == pytest.approx(0.02, rel=0.05)
    assert not np.any(maxouts[1].dense.bias.numpy())
    d_opt = ganzoo.describe("pacgan")["d_optimizer"]
    assert d_opt == {
        "class_name": "Adam",
        "config": {"learning_rate": 1e-4, "beta_1": 0.8},
    }


def test_gradient_penalty_is_taken_per_pack():
    # D(pack) = w . pack: the gradient w.r.t. the pack of m points is w, so
    # the norm per pack is |w|, and each point alone sees only its part of w.
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    w = np.array([[0.3], [-1.2], [2.0], [0.5]], np.float32)
    inner.layers[0].kernel.assign(w)
    critic = packing.packed_discriminator(lambda shape: inner, (2,), 2)
    real, fake = tf.ones((6, 2)), tf.zeros((6, 2))
    norms = penalties.gradient_norms(critic, real).numpy()
    np.testing.assert_allclose(norms, [np.linalg.norm(w)] * 3, rtol=1e-5)
    got = float(penalties.get_penalty("wgan_gp")(critic, real, fake, seed=1))
    assert got == pytest.approx((np.linalg.norm(w) - 1.0) ** 2, rel=1e-5)
    r1 = float(penalties.get_penalty("r1")(critic, real, fake))
    assert r1 == pytest.approx(0.5 * np.sum(w**2), rel=1e-5)


def test_dragan_scale_bounds_the_perturbation():
    real = tf.constant(np.random.default_rng(0).normal(size=(64, 2)), tf.float32)
    offsets = (penalties.perturbed(real, seed=3, scale=0.01) - real).numpy()
    assert np.all(offsets >= 0) and np.all(offsets <= 0.01 + 1e-7)
    assert offsets.max() > 0.005
    default = (penalties.perturbed(real, seed=3) - real).numpy()
    assert default.max() > 0.1  # 0.5 x std of the batch (about 1) x U[0, 1]


def test_dragan_scale_is_a_penalty_setting_stored_in_the_config():
    identifier = penalties.penalty("dragan", scale=0.005)
    assert identifier == {"class_name": "dragan", "config": {"scale": 0.005}}
    gan = ganzoo.build("dragan", penalty=identifier, hidden_units=(8,), **POINTS)
    gan.compile()
    history = gan.fit(batches(gan.synthetic_batch(8)), epochs=1, verbose=0).history
    assert np.isfinite(history["gp"][-1])
    restored = type(gan).from_config(gan.get_config())
    assert restored.penalty == identifier
    assert restored.penalty_fn.keywords == {"scale": 0.005}


@pytest.mark.parametrize(
    "identifier, message",
    [
        ({"class_name": "dragan", "config": {"scale": -1.0}}, r"`scale=-1.0`"),
        (
            {"class_name": "dragan", "config": {"width": 1.0}},
            r"`width=1.0`.*\['scale'\]",
        ),
        ({"class_name": "gp", "config": {}}, r"`penalty='gp'`"),
    ],
)
def test_bad_penalty_settings_name_the_value(identifier, message):
    with pytest.raises(ValueError, match=message):
        ganzoo.build("dragan", penalty=identifier, hidden_units=(8,), **POINTS)


def test_mode_plots_draw_runs_over_the_true_modes(tmp_path):
    from benchmarks import plots

    for name, seed in (("pacgan2_ring8", 0), ("vanilla_ring8", 0), ("x_grid25", 0)):
        run = tmp_path / name / f"seed_{seed}"
        run.mkdir(parents=True)
        mixture = name.rsplit("_", 1)[1]
        points, _ = ganzoo.data.sample_mixture(mixture, 100, seed=seed)
        np.save(run / "points.npy", points)
    panels = plots.collect_points(str(tmp_path), "ring8", seed=0)
    assert [label for label, _ in panels] == ["pacgan2", "vanilla"]
    assert plots.plot_mode_grid(panels, "ring8", str(tmp_path / "grid.png"))
    assert plots.plot_mode_grid([], "ring8", str(tmp_path / "none.png")) is None
    plots.plot_modes(panels[0][1], "ring8", str(tmp_path / "one.png"), title="t")
    assert (tmp_path / "grid.png").stat().st_size > 1000
    assert (tmp_path / "one.png").stat().st_size > 1000
