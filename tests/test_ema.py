"""Generator weight averaging (`g_ema_decay`; Yazici et al., ICLR 2019).

The average is checked against a hand computation, through the compiled
(XLA) step, across a checkpoint and resume of `ganzoo.training.train`, and
in `generate` and `ganzoo.export`.
"""

import os

import keras
import numpy as np
import pytest

import ganzoo
from ganzoo.nets.averaging import WeightAverage
from ganzoo.training import config as config_lib
from ganzoo.training import loop as training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def smoke_gan(decay=0.9, name="vanilla"):
    kwargs = ganzoo.describe(name)["smoke_kwargs"]
    return ganzoo.build(name, **kwargs, g_ema_decay=decay, seed=0)


def test_average_of_a_known_sequence_by_hand():
    variable = keras.Variable(np.array([1.0, -2.0], np.float32))
    average = WeightAverage([variable], decay=0.5)
    for value in ([2.0, 0.0], [4.0, 2.0]):
        variable.assign(np.array(value, np.float32))
        average.update([variable])
    # 1 -> 0.5*1 + 0.5*2 = 1.5 -> 0.5*1.5 + 0.5*4 = 2.75; -2 -> -1 -> 0.5.
    np.testing.assert_allclose(average.averages[0].numpy(), [2.75, 0.5])
    with average.swapped_in([variable]):
        np.testing.assert_allclose(variable.numpy(), [2.75, 0.5])
        with average.swapped_in([variable]):  # Nested: still the average.
            np.testing.assert_allclose(variable.numpy(), [2.75, 0.5])
        np.testing.assert_allclose(variable.numpy(), [2.75, 0.5])
    np.testing.assert_allclose(variable.numpy(), [4.0, 2.0])  # Trained back.


def test_compiled_steps_average_the_generator_weights():
    gan = smoke_gan(decay=0.75)
    gan.compile(jit_compile=True)
    batch = gan.synthetic_batch(16)
    expected = [v.numpy() for v in gan.generator.trainable_variables]
    for _ in range(3):
        gan.train_on_batch(batch)
        current = [v.numpy() for v in gan.generator.trainable_variables]
        expected = [0.75 * e + 0.25 * w for e, w in zip(expected, current, strict=True)]
    averages = [v.numpy() for v in gan.generator_average.averages]
    assert not np.allclose(averages[0], current[0])  # G moved; the average lags.
    for a, e in zip(averages, expected, strict=True):
        np.testing.assert_allclose(a, e, rtol=1e-5, atol=1e-6)


def test_generate_and_export_use_the_average(tmp_path):
    gan = smoke_gan(decay=0.5, name="dcgan")
    gan.compile(jit_compile=False)
    gan.train_on_batch(gan.synthetic_batch(16))
    trained = [v.numpy() for v in gan.generator_variables()]
    images = gan.generate(4, seed=0)
    raw = gan.generator(gan.sample_latent(4, seed=0), training=False)
    assert not np.allclose(raw, images, atol=1e-4)  # Not the trained weights.
    for v, w in zip(gan.generator_variables(), trained, strict=True):
        np.testing.assert_array_equal(v.numpy(), w)  # Restored after sampling.

    ganzoo.export(gan, tmp_path / "export")
    loaded = ganzoo.load(tmp_path / "export")
    np.testing.assert_allclose(loaded.generate(4, seed=0), images, atol=1e-5)
    assert loaded.metadata["config"]["g_ema_decay"] == 0.5
    for v, w in zip(gan.generator_variables(), trained, strict=True):
        np.testing.assert_array_equal(v.numpy(), w)


def test_raw_generator_samples_the_trained_weights():
    gan = smoke_gan(decay=0.5, name="dcgan")
    gan.compile(jit_compile=False)
    gan.train_on_batch(gan.synthetic_batch(16))
    raw = gan.generator(gan.sample_latent(4, seed=0), training=False)
    with gan.raw_generator():
        np.testing.assert_allclose(gan.generate(4, seed=0), raw, atol=1e-6)
    averaged = gan.generate(4, seed=0)  # Back to the average after the context.
    assert not np.allclose(averaged, raw, atol=1e-4)
    plain = smoke_gan(decay=None, name="dcgan")
    outside = plain.generate(2, seed=0)
    with plain.raw_generator():  # No average: nothing changes.
        np.testing.assert_array_equal(plain.generate(2, seed=0), outside)


def test_config_round_trip_and_bad_decay(tmp_path):
    gan = smoke_gan(decay=0.9)
    assert gan.get_config()["g_ema_decay"] == 0.9
    assert "g_ema_decay" not in smoke_gan(decay=None).get_config()
    gan.compile()
    gan.train_on_batch(gan.synthetic_batch(16))
    gan.save(tmp_path / "gan.keras")
    again = keras.saving.load_model(tmp_path / "gan.keras")
    assert again.g_ema_decay == 0.9
    np.testing.assert_array_equal(
        again.generator_average.averages[0].numpy(),
        gan.generator_average.averages[0].numpy(),
    )
    np.testing.assert_array_equal(again.generate(3, seed=1), gan.generate(3, seed=1))
    with pytest.raises(ValueError, match=r"Received: `g_ema_decay=1.0`; expected"):
        smoke_gan(decay=1.0)


def ring_config(steps):
    config = config_lib.load_config(
        os.path.join(REPO, "zoo_configs/vanilla_ring8.py:smoke")
    )
    config.model.kwargs.g_ema_decay = 0.8
    config.train.steps = steps
    config.train.verbose = 0
    config.train.jit_compile = True
    return config


def test_checkpoint_and_resume_continue_the_same_average(tmp_path):
    training.train(ring_config(10), tmp_path / "run")  # Checkpoint at step 10.
    resumed = training.train(ring_config(20), tmp_path / "run")
    assert resumed.initial_step == 10
    straight = training.train(ring_config(20), tmp_path / "straight")
    one, two = resumed.gan.generator_average, straight.gan.generator_average
    assert not np.allclose(
        one.averages[0].numpy(), resumed.gan.generator_variables()[0].numpy()
    )
    for a, b in zip(one.averages, two.averages, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(
        resumed.gan.generate(8, seed=0), straight.gan.generate(8, seed=0)
    )
    # Had the checkpoint not held the average, the resumed one would have
    # restarted from the step-10 weights and differ above.
    saved = {id(v) for v in resumed.gan.non_trainable_variables}
    assert all(id(v) in saved for v in one.averages)
