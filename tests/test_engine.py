"""The GAN engine: game mechanics, defaults and errors for bad input."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches, random_images

import ganzoo

TINY_DCGAN = ganzoo.get_entry("dcgan").smoke_kwargs
SMALL_VANILLA = dict(image_shape=(8, 8, 1), g_hidden_units=(8,), d_hidden_units=(8,))


def test_unknown_model_lists_the_registry():
    with pytest.raises(ValueError, match=r"`name='nope'`.*'dcgan'.*'vanilla'"):
        ganzoo.build("nope")


def test_duplicate_registration_raises():
    with pytest.raises(ValueError, match="already registered"):
        ganzoo.register("dcgan")(lambda **kwargs: None)


def test_unknown_loss_on_build():
    with pytest.raises(ValueError, match=r"`loss='hinge2'`"):
        ganzoo.build("dcgan", loss="hinge2", **TINY_DCGAN)


@pytest.mark.parametrize("shape", [(27, 27, 1), (32, 16, 3), (4, 4, 1), (28, 28)])
def test_image_shapes_the_networks_cannot_produce(shape):
    with pytest.raises(ValueError, match=r"image_shape=\(.*expected"):
        ganzoo.build("dcgan", image_shape=shape)


@pytest.mark.parametrize(
    "shape", [(28, 28, 1), (32, 32, 3), (64, 64, 3), (16, 16, 1), (6, 6, 2)]
)
def test_dcgan_sizes(shape):
    gan = ganzoo.build("dcgan", image_shape=shape, latent_dim=8, base_filters=4)
    assert gan.image_shape == shape
    assert gan.discriminator.output_shape == (None, 1)


@pytest.mark.parametrize("bad", [{"latent_dim": 0}, {"d_steps": 0}])
def test_bad_hyperparameters(bad):
    kwargs = {**TINY_DCGAN, **bad}
    with pytest.raises(ValueError, match=f"`{next(iter(bad))}=0`"):
        ganzoo.build("dcgan", **kwargs)


def test_dataset_that_does_not_match_the_model():
    gan = ganzoo.build("dcgan", **TINY_DCGAN)
    gan.compile()
    with pytest.raises(ValueError, match=r"shape=\(16, 16, 1\).*\(8, 8, 1\)"):
        gan.fit(batches(random_images((16, 16, 1))), epochs=1, verbose=0)


def test_integer_images_are_refused():
    gan = ganzoo.build("dcgan", **TINY_DCGAN)
    gan.compile()
    x = np.zeros((4, 8, 8, 1), np.uint8)
    with pytest.raises(ValueError, match="dtype=uint8"):
        gan.fit(batches(x), epochs=1, verbose=0)


def test_default_optimizers_follow_the_papers():
    dcgan = ganzoo.build("dcgan", **TINY_DCGAN)
    dcgan.compile()
    assert isinstance(dcgan.d_optimizer, keras.optimizers.Adam)
    assert float(dcgan.g_optimizer.learning_rate) == pytest.approx(2e-4)
    assert float(dcgan.g_optimizer.beta_1) == pytest.approx(0.5)
    vanilla = ganzoo.build("vanilla", **ganzoo.get_entry("vanilla").smoke_kwargs)
    vanilla.compile()
    assert isinstance(vanilla.d_optimizer, keras.optimizers.SGD)


def test_compile_auto_keeps_plain_graph_on_cpu():
    gan = ganzoo.build("dcgan", **TINY_DCGAN)
    gan.compile()
    gan.fit(batches(random_images(gan.image_shape, n=4)), epochs=1, verbose=0)
    if not tf.config.list_physical_devices("GPU"):
        assert gan.jit_compile is False


def test_d_steps_counts_discriminator_updates():
    gan = ganzoo.build("dcgan", d_steps=3, **TINY_DCGAN)
    gan.compile()
    gan.fit(batches(random_images(gan.image_shape, n=8)), epochs=1, verbose=0)
    assert int(gan.d_optimizer.iterations) == 3 * 2
    assert int(gan.g_optimizer.iterations) == 2


def _one_step(simultaneous, d_rate):
    # The same weights, noise and batch every call; only D's rate and the
    # update order vary. Points, so that no dropout draws differ.
    keras.utils.set_random_seed(0)
    gan = ganzoo.build(
        "vanilla",
        image_shape=(2,),
        latent_dim=2,
        g_hidden_units=(8,),
        d_hidden_units=(8,),
        seed=3,
        simultaneous_updates=simultaneous,
    )
    gan.compile(
        d_optimizer=keras.optimizers.SGD(d_rate), g_optimizer=keras.optimizers.SGD(0.1)
    )
    real = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    gan.fit(batches(real, batch_size=16), epochs=1, verbose=0)
    return gan


def test_simultaneous_updates_take_g_gradient_at_the_old_discriminator():
    def g_weights(simultaneous, d_rate):
        return [v.numpy() for v in _one_step(simultaneous, d_rate).generator.weights]

    # Simultaneous: G's step does not see D's step, whatever D's rate.
    for a, b in zip(g_weights(True, 0.0), g_weights(True, 1.0), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    # Alternating (Algorithm 1): it does.
    changed = [
        not np.allclose(a, b)
        for a, b in zip(g_weights(False, 0.0), g_weights(False, 1.0), strict=True)
    ]
    assert any(changed)
    # D's step comes first either way, so it is the same.
    d_after = [
        [v.numpy() for v in _one_step(s, 1.0).discriminator.weights]
        for s in (True, False)
    ]
    for a, b in zip(*d_after, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    gan = _one_step(True, 1.0)
    assert int(gan.d_optimizer.iterations) == int(gan.g_optimizer.iterations) == 1
    assert gan.get_config()["simultaneous_updates"] is True


def test_simultaneous_updates_refuse_several_d_steps():
    with pytest.raises(ValueError, match="d_steps=2.*simultaneous_updates=True"):
        ganzoo.build("vanilla", d_steps=2, simultaneous_updates=True)
    with pytest.raises(ValueError, match="simultaneous_updates='yes'"):
        ganzoo.build("vanilla", simultaneous_updates="yes")


def test_seeded_training_is_reproducible():
    def train():
        keras.utils.set_random_seed(0)
        gan = ganzoo.build(
            "vanilla", seed=5, **ganzoo.get_entry("vanilla").smoke_kwargs
        )
        gan.compile()
        gan.fit(batches(random_images(gan.image_shape, n=8)), epochs=2, verbose=0)
        return [v.numpy() for v in gan.variables]

    for a, b in zip(train(), train(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_lsgan_coding_reaches_the_losses():
    gan = ganzoo.build("lsgan", coding=(-1, 1, 0), **TINY_DCGAN)
    real, fake = tf.constant([1.0]), tf.constant([-1.0])
    assert float(gan.discriminator_loss(real, fake)) == 0.0
    assert float(gan.generator_loss(tf.constant([0.0]))) == 0.0
    assert gan.get_config()["c"] == 0.0


def test_vanilla_on_2d_points_has_a_linear_output():
    gan = ganzoo.build("vanilla", image_shape=(2,), latent_dim=2, g_hidden_units=(8,))
    assert gan.image_shape == (2,)
    assert gan.generator.layers[-2].activation.__name__ == "linear"


def test_vanilla_drops_out_images_but_not_points():
    def rates(gan):
        return [
            layer.rate
            for layer in gan.discriminator.layers
            if isinstance(layer, keras.layers.Dropout)
        ]

    assert rates(ganzoo.build("vanilla", **{**SMALL_VANILLA})) == [0.2, 0.5]
    points = ganzoo.build("vanilla", **{**SMALL_VANILLA, "image_shape": (2,)})
    assert rates(points) == [0.0, 0.0]
    custom = {**SMALL_VANILLA, "input_dropout": 0.1, "hidden_dropout": 0.3}
    assert rates(ganzoo.build("vanilla", **custom)) == [0.1, 0.3]
