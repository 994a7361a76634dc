"""Tests that need MNIST: domain classifiers, Stacked MNIST, `evaluate`.

The MNIST classifier is trained once per session (about a minute on two
cores) into a temporary cache folder, so its accuracy is checked on a fresh
training every time. Skipped when `$GANZOO_DATA_DIR` is unset.
"""

import os

import keras
import numpy as np
import pytest
from tensorflow.python.framework import config as tf_config

from ganzoo import metrics as M
from ganzoo.data import stacked_mnist


def _skip_without(name):
    root = os.environ.get("GANZOO_DATA_DIR")
    if not root or not os.path.isdir(os.path.join(root, name)):
        pytest.skip(f"$GANZOO_DATA_DIR with {name}/ raw IDX files is not set")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("ganzoo_cache"))


@pytest.fixture(scope="session")
def mnist_classifier(cache_dir):
    _skip_without("mnist")
    return M.load_domain_classifier("mnist", cache_dir=cache_dir)


@pytest.fixture(scope="session")
def mnist_test():
    _skip_without("mnist")
    images, labels = stacked_mnist.load_image_arrays("mnist", "test")
    return images.astype(np.float32) / 127.5 - 1.0, labels


def test_mnist_classifier_accuracy(mnist_classifier, mnist_test):
    images, labels = mnist_test
    measured = np.mean(mnist_classifier.predict_labels(images) == labels)
    assert mnist_classifier.test_accuracy >= 0.99
    assert measured == pytest.approx(mnist_classifier.test_accuracy, abs=1e-4)
    probs = mnist_classifier.predict_proba(images[:10])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert mnist_classifier.features(images[:10, ..., 0]).shape == (10, 128)
    assert isinstance(mnist_classifier.model, keras.Model)


def test_classifier_cache_round_trip(mnist_classifier, mnist_test, cache_dir):
    path = M.classifier_path("mnist", cache_dir)
    assert os.listdir(os.path.dirname(path)) == [os.path.basename(path)]
    loaded = M.load_domain_classifier("mnist", cache_dir=cache_dir)
    assert loaded.model is not mnist_classifier.model
    assert loaded.test_accuracy == mnist_classifier.test_accuracy
    assert loaded.metadata == mnist_classifier.metadata
    images = mnist_test[0][:500]
    np.testing.assert_array_equal(
        loaded.predict_proba(images), mnist_classifier.predict_proba(images)
    )
    np.testing.assert_array_equal(
        loaded.features(images), mnist_classifier.features(images)
    )


def test_training_is_deterministic_and_restores_determinism():
    _skip_without("mnist")
    was_enabled = tf_config.is_op_determinism_enabled()
    runs = [
        M.train_domain_classifier("mnist", seed=3, epochs=1, take=1024)
        for _ in range(2)
    ]
    for a, b in zip(runs[0].model.weights, runs[1].model.weights, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert tf_config.is_op_determinism_enabled() == was_enabled
    with pytest.raises(ValueError, match="dataset="):
        M.train_domain_classifier("cifar10")


def test_unreadable_cache_is_retrained(tmp_path, monkeypatch):
    path = M.classifier_path("mnist", tmp_path)
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as f:
        f.write("not a zip")
    monkeypatch.setattr(
        M.classifier,
        "train_domain_classifier",
        lambda dataset, **kw: M.DomainClassifier(
            M.build_classifier_model(), dataset, 0.995, {"test_accuracy": 0.995}
        ),
    )
    with pytest.warns(UserWarning, match="retraining"):
        clf = M.load_domain_classifier("mnist", cache_dir=tmp_path)
    assert clf.test_accuracy == 0.995
    assert M.load_domain_classifier("mnist", cache_dir=tmp_path).test_accuracy == 0.995


def test_stacked_mnist_dataset():
    _skip_without("mnist")
    images, modes = stacked_mnist.stacked_mnist_arrays("test", 64, seed=5)
    ds = stacked_mnist.load_stacked_mnist(
        "test", batch_size=64, seed=5, num_examples=64, shuffle=False, with_labels=True
    )
    batch, labels = next(iter(ds))
    assert batch.shape == (64, 28, 28, 3) and labels.dtype == "int32"
    np.testing.assert_array_equal(labels.numpy(), modes)
    np.testing.assert_allclose(batch.numpy(), images / 127.5 - 1.0, atol=1e-6)
    digits, digit_labels = stacked_mnist.load_image_arrays("mnist", "test")
    # Channel 1 of every stacked image is an MNIST test digit with label
    # (mode // 10) % 10.
    first = np.flatnonzero((digits[..., 0] == images[0, ..., 1]).all(axis=(1, 2)))
    assert (modes[0] // 10) % 10 in digit_labels[first]


def test_real_stacked_mnist_covers_all_modes(mnist_classifier):
    images, _ = stacked_mnist.stacked_mnist_arrays("test", 25_000, seed=0)
    result = M.stacked_mnist_modes(images / 127.5 - 1.0, mnist_classifier)
    assert result["modes_captured"] >= 990
    # Sampling noise alone gives about (1000 - 1) / (2 * 25000) = 0.02 nats.
    assert result["modes_kl"] < 0.1


def test_evaluate_mnist_real_vs_noise(mnist_classifier, cache_dir):
    train, _ = stacked_mnist.load_image_arrays("mnist", "train")

    def real(n):
        return train[:n].astype(np.float32) / 127.5 - 1.0

    def noise(n):
        return np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1))

    names = ["fid", "kid", "inception_score", "precision_recall", "parzen"]
    good = M.evaluate(real, "mnist", names, num_samples=1000, cache_dir=cache_dir)
    bad = M.evaluate(noise, "mnist", names[:4], num_samples=1000, cache_dir=cache_dir)
    assert good["fid"] < 0.05 * bad["fid"]
    assert good["kid"] < 0.05 * bad["kid"]
    assert good["inception_score"] > 9.0
    assert good["precision"] > 0.6 and good["recall"] > 0.6
    # Noise collapses to one small blob: it covers none of the data. Its
    # precision says little here: the blob lies inside the large k-NN balls
    # of atypical digits in this 128-d space (measured: 0.99).
    assert bad["recall"] < 0.05
    assert bad["inception_score"] < 2.0
    # 1,000 real digits as the window's centres: well above 0, below the
    # ~244 nats that 10,000 give (benchmarks/metrics_speed.py).
    assert 50 < good["parzen_log_likelihood"] < 260
    assert good["parzen_stderr"] < 5


@pytest.mark.benchmark
def test_fashion_mnist_classifier_accuracy(tmp_path):
    _skip_without("fashion_mnist")
    clf = M.load_domain_classifier("fashion_mnist", cache_dir=tmp_path)
    assert clf.test_accuracy >= 0.90
