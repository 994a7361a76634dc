"""Data for CycleGAN: the synthetic MNIST pair, its evaluation, unpaired folders."""

import os

import numpy as np
import pytest
import tensorflow as tf

from ganzoo.data import translation, unpaired


def _fake_mnist(n, seed):
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), np.uint8)
    images[:, 8:20, 12:16] = rng.integers(100, 256, (n, 12, 4))
    return images, rng.integers(0, 10, n)


def test_translation_pair_halves_and_ground_truth():
    x, y = _fake_mnist(40, 0)
    x[:, 0, 0] = np.arange(40)  # tag each digit so halves can be traced
    xt, yt = _fake_mnist(6, 1)
    pair = translation.make_translation_pair(x, y, xt, yt)
    assert pair.image_shapes == ((32, 32, 1), (32, 32, 3))
    assert len(pair.train_a) == len(pair.train_b) == 20
    tags_a = set(pair.train_a[:, 2, 2, 0])
    # B's tag pixel went through the transform; recover it from train_b's source.
    source_b = [i for i in range(40) if i not in tags_a]
    np.testing.assert_array_equal(
        pair.train_b, translation.to_domain_b(translation.pad_images(x[source_b]))
    )
    assert len(tags_a) == 20  # B holds exactly the other 20 digits
    np.testing.assert_array_equal(pair.test_b, translation.to_domain_b(pair.test_a))
    np.testing.assert_array_equal(pair.to_classifier_view(pair.test_a)[..., 0], xt)
    a, b = next(iter(pair.dataset(4, split="test", shuffle=False)))
    np.testing.assert_allclose(b.numpy(), translation.to_float(pair.test_b[:4]))


def test_domain_b_transform():
    a = np.zeros((1, 8, 8, 1), np.uint8)
    a[0, 4, 4, 0] = 255
    b = translation.to_domain_b(a)
    ink = np.zeros((8, 8), bool)
    ink[3:6, 3:6] = True  # thickened to 3x3
    assert np.all(b[0][ink] == translation.INK)
    assert np.all(b[0][~ink] == translation.PAPER)


class _Oracle:
    """Translates with the true mapping; maps B back by reading the ink."""

    def translate(self, images, direction="a2b", batch_size=None):
        if direction == "a2b":
            return translation.to_float(
                translation.to_domain_b(translation._to_uint8(images))
            )
        return -images.mean(axis=-1, keepdims=True)


class _BrightnessClassifier:
    """Label 1 for digits brighter than `threshold` (mean in [-1, 1])."""

    def __init__(self, threshold):
        self.threshold = threshold

    def predict_labels(self, images):
        assert images.shape[1:] == (28, 28, 1)
        return (images.mean(axis=(1, 2, 3)) > self.threshold).astype(int)


def test_evaluate_translation():
    x, y = _fake_mnist(8, 0)
    brightness = translation.to_float(x).mean(axis=(1, 2))
    threshold = np.median(brightness)
    labels = (brightness > threshold).astype(int)
    pair = translation.make_translation_pair(x, y, x, labels)
    classifier = _BrightnessClassifier(threshold)
    scores = translation.evaluate_translation(_Oracle(), pair, classifier)
    assert scores["num_examples"] == 8
    assert scores["mae"] == 0.0
    assert scores["copy_mae"] > 0.3
    assert scores["accuracy_real"] == 1.0
    assert set(scores) >= {"mae_b2a", "copy_mae_b2a", "accuracy_cycle", "accuracy_b2a"}


def test_b_to_strokes_inverts_the_colouring():
    a = np.zeros((2, 8, 8, 1), np.uint8)
    a[0, 4, 4, 0] = 255
    a[1, 2, 2, 0] = 128
    strokes = translation.b_to_strokes(translation.to_float(translation.to_domain_b(a)))
    assert strokes.shape == (2, 8, 8, 1)
    ink = np.zeros((8, 8), bool)
    ink[3:6, 3:6] = True  # the thickened stroke reads as 1, paper as -1
    np.testing.assert_allclose(strokes[0, ..., 0][ink], 1.0, atol=0.02)
    np.testing.assert_allclose(strokes[0, ..., 0][~ink], -1.0, atol=0.02)
    np.testing.assert_allclose(strokes[1, 2, 2, 0], 128 / 127.5 - 1, atol=0.02)
    with pytest.raises(ValueError, match=r"shape=\(2, 8, 8, 1\)"):
        translation.b_to_strokes(translation.to_float(a))


class _PixelFeatures:
    """Features = the flattened 28x28 view (a fixed map, like a classifier's)."""

    def features(self, images, batch_size=None):
        assert images.shape[1:] == (28, 28, 1)
        return images.reshape(len(images), -1)[:, ::8]


def test_domain_fids_true_mapping_scores_zero():
    from ganzoo.models.cyclegan.evaluation import domain_fids

    x, y = _fake_mnist(120, 0)
    xt, yt = _fake_mnist(60, 1)
    pair = translation.make_translation_pair(x, y, xt, yt)
    fids = domain_fids(_Oracle(), pair, _PixelFeatures())
    assert fids["fid_domain"] == pytest.approx(0.0, abs=1e-6)
    assert fids["copy_fid_domain"] > 10 * max(fids["real_fid_domain"], 1e-3)


@pytest.fixture(scope="module")
def image_folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("horse2zebra")
    rng = np.random.default_rng(0)
    for split, n in (("trainA", 3), ("trainB", 5), ("testA", 2), ("testB", 2)):
        os.makedirs(root / split)
        for i in range(n):
            image = rng.integers(0, 256, (20, 24, 3), dtype=np.uint8)
            tf.io.write_file(str(root / split / f"{i}.png"), tf.io.encode_png(image))
    return root


def test_load_unpaired_from_folders(image_folders):
    ds = unpaired.load_unpaired(str(image_folders), batch_size=2, image_size=16, seed=0)
    pairs = list(ds)
    assert len(pairs) == 2  # 5 B images (the larger domain) in full batches of 2
    a, b = pairs[0]
    assert a.shape == b.shape == (2, 16, 16, 3)
    assert a.dtype == tf.float32 and np.all(np.abs(a.numpy()) <= 1.0)
    again = list(
        unpaired.load_unpaired(str(image_folders), batch_size=2, image_size=16, seed=0)
    )
    np.testing.assert_array_equal(again[0][0].numpy(), a.numpy())
    test = unpaired.load_unpaired(
        str(image_folders), "test", batch_size=2, image_size=(8, 12), channels=1
    )
    assert next(iter(test))[0].shape == (2, 8, 12, 1)


def test_load_unpaired_fails_fast_and_clearly(image_folders, tmp_path):
    with pytest.raises(FileNotFoundError, match="trainA"):
        unpaired.load_unpaired(str(tmp_path))
    with pytest.raises(FileNotFoundError, match="download=True"):
        unpaired.load_unpaired("cycle_gan/horse2zebra", data_dir=str(tmp_path))
    with pytest.raises(ConnectionError, match="internet"):
        unpaired.check_online("unreachable.invalid", timeout=2.0)
