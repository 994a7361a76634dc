"""SGAN: its K+1-class loss, the semi-supervised split and pipeline, training."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganzoo
from ganzoo.data import semisupervised
from ganzoo.models.sgan.evaluation import classifier_error
from ganzoo.objectives import conditional as losses

TINY = ganzoo.get_entry("sgan").smoke_kwargs


def _log_softmax(logits):
    shifted = logits - logits.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def test_sgan_losses_match_explicit_k_plus_1_log_likelihoods():
    rng = np.random.default_rng(0)
    k = 4
    labeled, unlabeled, fake = (rng.normal(0, 3, (n, k)) for n in (5, 6, 7))
    labels = rng.integers(k, size=5)
    # The explicit (K+1)-class model: append the fake class's logit, 0.
    log_p_lab, log_p_unl, log_p_fake = (
        _log_softmax(np.concatenate([x, np.zeros((len(x), 1))], -1))
        for x in (labeled, unlabeled, fake)
    )
    # log p(y | x, y < K+1) = log p(y | x) - log(1 - p(K+1 | x)).
    log_real_lab = np.log1p(-np.exp(log_p_lab[:, k]))
    supervised = -np.mean(log_p_lab[np.arange(5), labels] - log_real_lab)
    unsupervised = -0.5 * (
        np.mean(np.log1p(-np.exp(log_p_unl[:, k]))) + np.mean(log_p_fake[:, k])
    )
    np.testing.assert_allclose(
        losses.sgan_discriminator_loss(labeled, labels, unlabeled, fake, 0.7),
        supervised + 0.7 * unsupervised,
        rtol=1e-5,
    )
    np.testing.assert_allclose(
        losses.sgan_unsupervised_loss(unlabeled, fake), unsupervised, rtol=1e-5
    )
    np.testing.assert_allclose(
        losses.sgan_generator_loss(fake),
        -np.mean(np.log1p(-np.exp(log_p_fake[:, k]))),
        rtol=1e-5,
    )


def test_feature_matching_loss():
    real = np.array([[1.0, 2.0], [3.0, 4.0]])  # mean (2, 3)
    fake = np.array([[0.0, 0.0], [0.0, 2.0], [0.0, 4.0]])  # mean (0, 2)
    np.testing.assert_allclose(
        losses.feature_matching_generator_loss(real, fake), (4.0 + 1.0) / 2
    )


def test_split_has_exact_counts_no_overlap_and_follows_the_seed():
    labels = np.random.default_rng(0).integers(10, size=2000)
    labeled, unlabeled = semisupervised.semi_supervised_split(labels, 10, seed=3)
    assert np.bincount(labels[labeled], minlength=10).tolist() == [10] * 10
    assert len(np.intersect1d(labeled, unlabeled)) == 0
    np.testing.assert_array_equal(
        np.sort(np.concatenate([labeled, unlabeled])), np.arange(2000)
    )
    again, _ = semisupervised.semi_supervised_split(labels, 10, seed=3)
    other, _ = semisupervised.semi_supervised_split(labels, 10, seed=4)
    np.testing.assert_array_equal(labeled, again)
    assert not np.array_equal(labeled, other)
    assert len(semisupervised.semi_supervised_split(labels, 3, seed=3)[0]) == 30


@pytest.mark.parametrize(
    "labels, per_class, match",
    [
        ([0, 0, 1], 2, "class 1 has only 1 examples"),
        ([0, 1], 0, "`labels_per_class=0`"),
        ([0.0, 1.0], 1, "expected a 1-D array of ints"),
    ],
)
def test_split_errors(labels, per_class, match):
    with pytest.raises(ValueError, match=match):
        semisupervised.semi_supervised_split(np.array(labels), per_class)


def test_pipeline_yields_labeled_and_unlabeled_from_the_split():
    n = 60
    labels = np.arange(n) % 3
    # Each image holds its own index, so batches reveal where they came from.
    images = np.arange(n, dtype=np.float32)[:, None, None, None]
    images = np.broadcast_to(images, (n, 2, 2, 1))
    ds = semisupervised.make_semi_supervised(
        images, labels, labels_per_class=2, batch_size=9, labeled_batch_size=4, seed=0
    )
    labeled, unlabeled = semisupervised.semi_supervised_split(labels, 2, seed=0)
    seen = []
    for (x_lab, y_lab), x_unl in ds:
        assert x_lab.shape == (4, 2, 2, 1) and y_lab.dtype == tf.int32
        assert x_unl.shape == (9, 2, 2, 1) and x_unl.dtype == tf.float32
        idx = x_lab.numpy()[:, 0, 0, 0].astype(int)
        assert set(idx) <= set(labeled.tolist())
        np.testing.assert_array_equal(y_lab.numpy(), labels[idx])
        seen.extend(x_unl.numpy()[:, 0, 0, 0].astype(int).tolist())
    # One epoch is one pass over the 54 unlabeled examples (6 batches of 9).
    assert sorted(seen) == unlabeled.tolist()


def test_pipeline_scales_uint8_like_load():
    images = np.array([0, 255] * 10, np.uint8).reshape(20, 1, 1, 1)
    ds = semisupervised.make_semi_supervised(
        images, np.arange(20) % 2, labels_per_class=1, batch_size=4
    )
    (x_lab, _), x_unl = next(iter(ds))
    assert set(np.unique(x_unl)) <= {-1.0, 1.0}
    assert set(np.unique(x_lab)) <= {-1.0, 1.0}


# The registry sweep trains the default (feature matching) under XLA.
@pytest.mark.parametrize(
    "objective, jit_compile", [("feature_matching", False), ("non_saturating", True)]
)
def test_sgan_trains_and_exposes_a_classifier(objective, jit_compile):
    gan = ganzoo.build("sgan", seed=0, generator_objective=objective, **TINY)
    gan.compile(jit_compile=jit_compile)
    batch = gan.synthetic_batch(8)
    history = gan.fit(tf.data.Dataset.from_tensors(batch), verbose=0).history
    assert {"d_loss", "g_loss", "accuracy", "supervised_loss"} <= set(history)
    probabilities = gan.classifier(batch[1])
    assert probabilities.shape == (8, 10)
    np.testing.assert_allclose(np.sum(probabilities, -1), 1.0, rtol=1e-5)
    d_ids = {id(v) for v in gan.discriminator.weights}
    assert {id(v) for v in gan.classifier.weights} == d_ids


def test_sgan_mlp_architecture_and_errors():
    gan = ganzoo.build("sgan", architecture="mlp", image_shape=(8, 8, 1), latent_dim=4)
    assert gan.latent_distribution == "uniform"
    assert gan.generate(2, seed=0).shape == (2, 8, 8, 1)
    with pytest.raises(ValueError, match="`architecture='resnet'`"):
        ganzoo.build("sgan", architecture="resnet", **TINY)
    with pytest.raises(ValueError, match="`generator_objective='minimax'`"):
        ganzoo.build("sgan", generator_objective="minimax", **TINY)
    gan = ganzoo.build("sgan", **TINY)
    gan.compile()
    images = gan.synthetic_batch(4)[1]
    with pytest.raises(ValueError, match=r"\(\(labeled_images, labels\)"):
        gan.fit(tf.data.Dataset.from_tensors(images), verbose=0)


def test_classifier_error_counts_mistakes():
    class Constant:
        def predict_labels(self, images):
            return np.zeros(len(images), np.int64)

    result = classifier_error(Constant(), np.zeros((4, 2)), np.array([0, 1, 0, 2]))
    assert result == {"error": 0.5, "errors": 2, "num_examples": 4}


@pytest.fixture(scope="module")
def mnist_tfds_dir():
    root = os.environ.get("GANZOO_DATA_DIR")
    if not root or not os.path.isdir(os.path.join(root, "mnist")):
        pytest.skip("$GANZOO_DATA_DIR with mnist/ raw IDX files is not set")
    # TFDS's default folder ($GANZOO_TFDS_DIR if set), as the domain
    # classifier uses, so MNIST is prepared once for both.
    ganzoo.data.prepare("mnist")
    return None


def test_sgan_learns_from_100_mnist_labels(mnist_tfds_dir):
    ds = semisupervised.load_semi_supervised(
        "mnist", batch_size=64, labels_per_class=10, seed=0, data_dir=mnist_tfds_dir
    )
    (x_lab, y_lab), x_unl = next(iter(ds))
    assert x_lab.shape == (64, 28, 28, 1) and x_unl.shape == (64, 28, 28, 1)
    keras.utils.set_random_seed(0)
    gan = ganzoo.build("sgan", base_filters=16, seed=0)
    gan.compile(*[keras.optimizers.Adam(1e-3, beta_1=0.5) for _ in range(2)])
    gan.fit(ds, steps_per_epoch=60, verbose=0)
    images, labels = semisupervised.load_arrays(
        "mnist", "test", data_dir=mnist_tfds_dir
    )
    result = classifier_error(gan.classifier, images[:2000], labels[:2000])
    # Measured about 0.22 after 50 steps; chance is 0.9.
    assert result["error"] < 0.5, result
