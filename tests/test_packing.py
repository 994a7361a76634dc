"""Packing (PacGAN): shapes, order of samples within a pack, serialization."""

import keras
import numpy as np
import pytest

from ganzoo.nets import packing


def test_pack_concatenates_consecutive_points():
    points = np.arange(12, dtype=np.float32).reshape(6, 2)
    packed = np.asarray(packing.Pack(3)(points))
    assert packed.shape == (2, 6)
    np.testing.assert_array_equal(packed[0], points[0:3].reshape(-1))
    np.testing.assert_array_equal(packed[1], points[3:6].reshape(-1))


def test_pack_stacks_images_along_channels():
    images = np.random.default_rng(0).normal(size=(4, 5, 5, 3)).astype(np.float32)
    packed = np.asarray(packing.Pack(2)(images))
    assert packed.shape == (2, 5, 5, 6)
    # Pack 1 = images 2 and 3: channels 0-2 from image 2, 3-5 from image 3.
    np.testing.assert_array_equal(packed[1, ..., :3], images[2])
    np.testing.assert_array_equal(packed[1, ..., 3:], images[3])


def test_a_batch_not_divisible_by_the_pack_is_refused():
    with pytest.raises(ValueError, match=r"batch of 5 samples.*multiple of `pack=2`"):
        packing.Pack(2)(np.zeros((5, 2), np.float32))


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_bad_pack_sizes_name_the_value(bad):
    with pytest.raises(ValueError, match="pack="):
        packing.check_num_packed(bad)


def _mlp(shape):
    x = keras.Input(shape)
    return keras.Model(x, keras.layers.Dense(1)(keras.layers.Dense(4)(x)), name="d")


def test_packed_discriminator_gives_one_logit_per_pack_and_round_trips(tmp_path):
    model = packing.packed_discriminator(_mlp, (2,), 4)
    points = np.random.default_rng(1).normal(size=(8, 2)).astype(np.float32)
    logits = np.asarray(model(points))
    assert logits.shape == (2, 1)
    # The inner network sees the 8-d concatenation of each pack.
    inner = model.layers[-1]
    np.testing.assert_allclose(logits, np.asarray(inner(points.reshape(2, 8))), 1e-6)
    model.save(tmp_path / "d.keras")
    loaded = keras.saving.load_model(tmp_path / "d.keras")
    np.testing.assert_allclose(np.asarray(loaded(points)), logits, rtol=1e-6)


def test_packing_one_is_the_plain_discriminator():
    model = packing.packed_discriminator(_mlp, (2,), 1)
    assert model.name == "d" and model.input_shape == (None, 2)
