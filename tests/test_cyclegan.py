"""CycleGAN: networks, history pool, schedule, model API, and a short run.

The registry sweep (test_zoo_sweep.py) already checks one XLA step, the
translate outputs and a .keras round trip; this file checks the parts the
paper specifies (the data: test_translation_data.py). Training here runs
without XLA: compiling the four-network step takes about 45 CPU seconds on
this machine, paid once by the sweep.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo.data import translation
from ganzoo.models.cyclegan import nets
from ganzoo.models.cyclegan.image_pool import ImagePool
from ganzoo.models.cyclegan.model import CycleGAN, LinearDecay

TINY = dict(base_filters=4, num_res_blocks=1)


def tiny_gan(**kwargs):
    return ganzoo.build(
        "cyclegan", **{**ganzoo.get_entry("cyclegan").smoke_kwargs, **kwargs}
    )


# -- Networks ------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, out_channels",
    [((32, 32, 3), None), ((64, 64, 1), None), ((16, 24, 1), 3), ((8, 8, 3), 1)],
)
def test_generator_keeps_the_image_size(shape, out_channels):
    g = nets.resnet_generator(shape, out_channels, **TINY)
    x = np.random.default_rng(0).uniform(-1, 1, (2, *shape)).astype("float32")
    y = keras.ops.convert_to_numpy(g(x))
    assert y.shape == (2, *shape[:2], out_channels or shape[2])
    assert np.all(np.abs(y) <= 1.0)


def test_generator_layout_follows_the_paper():
    g = nets.resnet_generator((256, 256, 3), num_res_blocks=9)
    convs = [
        layer
        for layer in g.layers
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.Conv2DTranspose))
    ]
    # c7s1-64, d128, d256, 9 x R256 (two convs each), u128, u64, c7s1-3.
    assert [c.filters for c in convs] == [64, 128, 256] + [256] * 18 + [128, 64, 3]
    assert [c.kernel_size[0] for c in convs] == [7, 3, 3] + [3] * 18 + [3, 3, 7]
    norms = [la for la in g.layers if isinstance(la, keras.layers.GroupNormalization)]
    assert len(norms) == len(convs) - 1  # all but the output layer
    assert all(n.groups == n.input.shape[-1] for n in norms)  # instance norm
    assert sum(isinstance(la, nets.ReflectionPadding2D) for la in g.layers) == 20


def test_builder_picks_the_papers_number_of_blocks():
    def blocks(side):
        gan = ganzoo.build("cyclegan", image_shape=(side, side, 3), base_filters=2)
        return sum(isinstance(la, keras.layers.Add) for la in gan.generator.layers)

    assert (blocks(256), blocks(128)) == (9, 6)


@pytest.mark.parametrize("shape", [(30, 32, 3), (4, 4, 1), (32, 32)])
def test_generator_rejects_bad_shapes(shape):
    with pytest.raises(ValueError, match="image_shape"):
        nets.resnet_generator(shape, **TINY)


def test_reflection_padding_matches_numpy():
    x = np.arange(2 * 4 * 5 * 3, dtype="float32").reshape(2, 4, 5, 3)
    got = keras.ops.convert_to_numpy(nets.ReflectionPadding2D(2)(x))
    expected = np.pad(x, [(0, 0), (2, 2), (2, 2), (0, 0)], mode="reflect")
    np.testing.assert_array_equal(got, expected)


def _hand_grid(n, strides):
    # One 4x4 conv with padding 1: out = floor((n + 2 - 4) / stride) + 1.
    for s in strides:
        n = (n + 2 - 4) // s + 1
    return n


@pytest.mark.parametrize("side, num_layers", [(256, 3), (128, 3), (70, 3), (32, 2)])
def test_patchgan_grid_size(side, num_layers):
    d = nets.patchgan_discriminator((side, side, 3), 2, num_layers)
    expected = _hand_grid(side, [2] * num_layers + [1, 1])
    assert d.output_shape == (None, expected, expected, 1)
    assert nets.patchgan_output_size(side, num_layers) == expected
    assert {256: 30, 128: 14}.get(side, expected) == expected


def test_patchgan_sees_70x70_patches():
    assert nets.patchgan_receptive_field(3) == 70
    d = nets.patchgan_discriminator((96, 96, 1), 2, 3)
    # Instance norm's statistics span the whole image; without them each
    # score depends on one patch only.
    convs = keras.models.clone_model(
        d,
        clone_function=lambda layer: (
            keras.layers.Identity()
            if isinstance(layer, keras.layers.GroupNormalization)
            else layer.__class__.from_config(layer.get_config())
        ),
    )
    x = tf.random.normal((1, 96, 96, 1))
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = convs(x)[0, 4, 4, 0]  # far enough from the borders
    grad = tape.gradient(score, x).numpy()[0, :, :, 0]
    rows, cols = np.nonzero(grad)
    assert rows.max() - rows.min() + 1 == 70
    assert cols.max() - cols.min() + 1 == 70


def test_patchgan_rejects_too_small_images():
    with pytest.raises(ValueError, match="num_layers"):
        nets.patchgan_discriminator((16, 16, 3), 2, 3)


# -- History pool --------------------------------------------------------------


def _ids(n, start):
    # Images whose every pixel holds their id, so returned images are traceable.
    return np.broadcast_to(
        np.arange(start, start + n, dtype="float32")[:, None, None, None], (n, 2, 2, 1)
    )


def test_pool_returns_current_images_until_full():
    pool = ImagePool(50, (2, 2, 1), seed=0)
    for start in range(0, 50, 10):
        shown = keras.ops.convert_to_numpy(pool(_ids(10, start)))
        np.testing.assert_array_equal(shown, _ids(10, start))
    assert int(pool.count.numpy()) == 50
    np.testing.assert_array_equal(pool.images.numpy(), _ids(50, 0))


def test_pool_then_mixes_half_old_images():
    pool = ImagePool(50, (2, 2, 1), seed=1)
    pool(_ids(50, 0))
    query = tf.function(pool)  # eager while loops are slow
    from_pool = 0
    for start in range(1000, 3000, 20):
        before = set(pool.images.numpy()[:, 0, 0, 0])
        ids = query(_ids(20, start)).numpy()[:, 0, 0, 0]
        own = np.arange(start, start + 20)
        from_pool += int(np.sum(ids != own))
        # An image shown instead of the current one was stored before (or
        # stored by an earlier image of the same batch).
        assert set(ids[ids < start]) <= before
    share = from_pool / 2000
    # Binomial(2000, 1/2): 4 standard deviations are 0.045.
    assert abs(share - 0.5) < 0.045, share
    assert int(pool.count.numpy()) == 50


def test_pool_of_size_zero_is_the_identity():
    x = _ids(4, 0)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(ImagePool(0, (2, 2, 1))(x)), x
    )


def test_pool_state_survives_checkpoints(tmp_path):
    gan = tiny_gan(seed=0, pool_size=6)
    gan.compile()
    gan.build_optimizers()
    a, b = gan.synthetic_batch(4)
    gan.pool_a(a)
    gan.pool_b(b)
    pool_state = [v.numpy().copy() for v in (gan.pool_a.images, gan.pool_b.images)]
    assert np.any(pool_state[0] != 0)

    path = tf.train.Checkpoint(model=gan).write(str(tmp_path / "ckpt"))
    fresh = tiny_gan(seed=0, pool_size=6)
    tf.train.Checkpoint(model=fresh).read(path).assert_existing_objects_matched()
    gan.save(tmp_path / "gan.keras")
    loaded = keras.saving.load_model(tmp_path / "gan.keras")
    assert type(loaded) is CycleGAN
    for restored in (fresh, loaded):
        assert int(restored.pool_a.count.numpy()) == 4
        for saved, pool in zip(
            pool_state, (restored.pool_a, restored.pool_b), strict=True
        ):
            np.testing.assert_array_equal(pool.images.numpy(), saved)


# -- Model API -----------------------------------------------------------------


def test_linear_decay_schedule():
    lr = LinearDecay(2e-4, total_steps=100)
    values = [float(lr(s)) for s in (0, 49, 50, 75, 100, 150)]
    np.testing.assert_allclose(values, [2e-4, 2e-4, 2e-4, 1e-4, 0.0, 0.0], atol=1e-9)
    assert LinearDecay.from_config(lr.get_config()).get_config() == lr.get_config()
    with pytest.raises(ValueError, match="decay_start"):
        LinearDecay(2e-4, total_steps=10, decay_start=10)


def test_default_optimizers_follow_the_paper():
    gan = tiny_gan(total_steps=1000)
    for opt in gan.default_optimizers():
        assert opt.beta_1 == 0.5
        schedule = keras.optimizers.schedules.deserialize(
            opt.get_config()["learning_rate"]
        )
        assert isinstance(schedule, LinearDecay)
        assert schedule.total_steps == 1000
    d_opt, _ = tiny_gan().default_optimizers()
    assert float(d_opt.learning_rate) == pytest.approx(2e-4)


def test_translate_generate_and_errors():
    gan = tiny_gan()
    a, b = gan.synthetic_batch(3)
    assert gan.translate(a).shape == b.shape
    assert gan.translate(b, direction="b2a").shape == a.shape
    assert set(gan.generators) == {"a2b", "b2a"}
    with pytest.raises(ValueError, match="direction"):
        gan.translate(a, direction="ab")
    with pytest.raises(ValueError, match="shape"):
        gan.translate(b)  # B images into G
    # A sibling of GAN: it says it translates instead of raising in `generate`.
    assert gan.kind == "translation" and not isinstance(gan, ganzoo.GAN)
    assert not hasattr(gan, "generate")
    with pytest.raises(ValueError, match="identity_weight"):
        tiny_gan(b_channels=2, image_shape=(8, 8, 3), identity_weight=0.5)


def _mae(x, y):
    return float(np.mean(np.abs(np.asarray(x, np.float64) - np.asarray(y))))


@pytest.mark.parametrize("b_channels", [1, 3])
def test_identity_loss_by_hand_and_switched_off(b_channels):
    on = tiny_gan(b_channels=b_channels, identity_weight=0.5, seed=0)
    off = CycleGAN.from_config({**on.get_config(), "identity_weight": 0.0})
    assert on.get_config()["identity_weight"] == 0.5
    for name in ("generator", "generator_b2a", "discriminator", "discriminator_a"):
        getattr(off, name).set_weights(getattr(on, name).get_weights())
    a, b = on.synthetic_batch(2, seed=3)
    g, f = on.generator, on.generator_b2a
    # G given b (grey: its channel mean, when A is grey) should return b;
    # F given a (repeated over B's channels) should return a.
    b_as_a = b if b_channels == 1 else b.mean(-1, keepdims=True)
    a_as_b = np.repeat(a, b_channels, axis=-1)
    expected = (
        0.5
        * 10.0
        * (_mae(g(b_as_a, training=True), b) + _mae(f(a_as_b, training=True), a))
    )
    _, logs_on = on.generators_objective(a, b)
    _, logs_off = off.generators_objective(a, b)
    np.testing.assert_allclose(float(logs_on["identity_loss"]), expected, rtol=1e-5)
    assert float(logs_off["identity_loss"]) == 0.0
    for logs in (logs_on, logs_off):
        parts = ("g_adv_loss", "f_adv_loss", "cycle_loss", "identity_loss")
        total = sum(float(logs[k]) for k in parts)
        np.testing.assert_allclose(float(logs["g_loss"]), total, rtol=1e-5)
    # The same nets and batch: the two totals differ by the identity term only.
    np.testing.assert_allclose(
        float(logs_on["g_loss"]) - float(logs_off["g_loss"]), expected, rtol=1e-4
    )


def test_train_step_reports_every_term_with_identity():
    gan = tiny_gan(b_channels=1, identity_weight=0.5, seed=0)
    gan.compile()
    history = gan.fit(batches(gan.synthetic_batch(4)), epochs=1, verbose=0).history
    terms = {"d_loss", "g_loss", "g_adv_loss", "f_adv_loss", "cycle_loss"}
    assert terms | {"identity_loss", "d_a_loss", "d_b_loss"} == set(history)
    logs = {k: v[-1] for k, v in history.items()}
    assert logs["identity_loss"] > 0
    parts = ("g_adv_loss", "f_adv_loss", "cycle_loss", "identity_loss")
    assert logs["g_loss"] == pytest.approx(sum(logs[k] for k in parts), rel=1e-5)
    assert logs["d_loss"] == pytest.approx(
        logs["d_a_loss"] + logs["d_b_loss"], rel=1e-5
    )
    with pytest.raises(ValueError, match="a_images, b_images"):
        gan.fit(batches(gan.synthetic_batch(4)[0]), epochs=1, verbose=0)


# -- Training on the synthetic pair ----------------------------------------------


def test_short_run_lowers_the_cycle_loss(data_dir):
    # TFDS's default folder ($GANZOO_TFDS_DIR if set), where the other MNIST
    # tests prepare it: a fresh folder would prepare MNIST again (~15 s on two
    # free cores: test_data's `mnist_dir` setup, 2026-12-06).
    pair = translation.load_translation_pair(take=2048)
    keras.utils.set_random_seed(0)
    gan = ganzoo.build(
        "cyclegan",
        image_shape=(32, 32, 1),
        b_channels=3,
        base_filters=8,
        num_res_blocks=1,
        discriminator_layers=2,
        seed=0,
    )
    gan.compile()
    history = gan.fit(
        pair.dataset(8, seed=0, repeat=True), steps_per_epoch=20, epochs=5, verbose=0
    )
    cycle = history.history["cycle_loss"]
    assert cycle[-1] < 0.5 * cycle[0], cycle
    scores = translation.evaluate_translation(gan, pair, num_examples=500)
    assert scores["mae"] < scores["copy_mae"], scores
