"""Conditional entries (cgan, acgan): labels in, labels respected."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

import ganzoo
from ganzoo.models.conditional import conditional_accuracy
from ganzoo.objectives import conditional as losses_conditional

TINY = ganzoo.get_entry("cgan").smoke_kwargs


@pytest.fixture(scope="module")
def cgan():
    return ganzoo.build("cgan", seed=0, **TINY)


@pytest.mark.parametrize(
    "labels, match",
    [
        (12, r"Received: `labels` containing 12; expected integers in \[0, 10\)\."),
        ([1, 2, -1], r"Received: `labels` containing -1; expected integers in \[0, 10"),
        (
            [1, 2],
            r"Received: `labels` of shape \(2,\); expected a scalar or shape \(3,\)",
        ),
        ([1.0, 2.0, 3.0], r"Received: `labels` of dtype float64; expected integers"),
    ],
)
def test_label_validation(cgan, labels, match):
    with pytest.raises(ValueError, match=match):
        cgan.generate(3, seed=0, labels=labels)


def test_generate_with_labels(cgan):
    sevens = cgan.generate(4, seed=1, labels=7)
    assert sevens.shape == (4, 8, 8, 1)
    np.testing.assert_array_equal(sevens, cgan.generate(4, seed=1, labels=[7] * 4))
    # Same noise, other classes: the label changes the images.
    assert not np.allclose(sevens, cgan.generate(4, seed=1, labels=range(4)))
    assert cgan.generate(0, seed=1, labels=[]).shape == (0, 8, 8, 1)
    # Without labels, the seed also fixes the (uniformly drawn) classes.
    np.testing.assert_array_equal(cgan.generate(6, seed=2), cgan.generate(6, seed=2))


def test_batches_without_labels_are_refused(cgan):
    cgan.compile()
    images = cgan.synthetic_batch(4)[0]
    with pytest.raises(ValueError, match=r"expected `\(images, labels\)` batches"):
        cgan.fit(tf.data.Dataset.from_tensors(images), verbose=0)


@pytest.mark.parametrize(
    "kwargs",
    [dict(projection=True, embedding_dim=3), dict(penalty="r1", loss="minimax")],
)
def test_cgan_variants_train_under_xla_and_reload(kwargs, tmp_path):
    gan = ganzoo.build("cgan", seed=0, **TINY, **kwargs)
    gan.compile(jit_compile=True)
    history = gan.fit(tf.data.Dataset.from_tensors(gan.synthetic_batch(4)), verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values())
    if "penalty" in kwargs:
        assert "gp" in history.history
    gan.save(tmp_path / "cgan.keras")
    restored = keras.saving.load_model(tmp_path / "cgan.keras")
    np.testing.assert_allclose(
        restored.generate(3, seed=0, labels=[0, 5, 9]),
        gan.generate(3, seed=0, labels=[0, 5, 9]),
        atol=1e-6,
    )


def test_acgan_classifier_shares_the_discriminator():
    gan = ganzoo.build("acgan", seed=0, **TINY)
    gan.compile()  # The registry sweep trains it under XLA.
    images, labels = gan.synthetic_batch(4)
    history = gan.fit(tf.data.Dataset.from_tensors((images, labels)), verbose=0)
    assert "class_accuracy" in history.history
    probabilities = gan.classifier(images)
    assert probabilities.shape == (4, 10)
    np.testing.assert_allclose(np.sum(probabilities, -1), 1.0, rtol=1e-5)
    expected = keras.ops.softmax(gan.discriminator(images)[1])
    np.testing.assert_allclose(probabilities, expected, rtol=1e-5)
    d_ids = {id(v) for v in gan.discriminator.weights}
    assert {id(v) for v in gan.classifier.weights} == d_ids


def test_training_grid_puts_class_k_in_column_k(cgan):
    """The training grid of a conditional entry: 6 rows of the 10 classes
    for the 64-image grid, each image the one `generate` gives for its
    label."""
    grid, rows = cgan.preview_grid(64, seed=3)
    assert rows == 6 and grid.shape == (60, *cgan.image_shape)
    labels = np.tile(np.arange(10), 6)
    np.testing.assert_array_equal(grid, cgan.generate(60, seed=3, labels=labels))
    # A grid narrower than the classes still shows every class once.
    assert cgan.preview_grid(4, seed=3)[0].shape[0] == 10


def test_class_cross_entropy():
    logits = np.array([[2.0, 0.0, -1.0], [0.0, 0.0, 0.0]])
    log_p = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    np.testing.assert_allclose(
        losses_conditional.class_cross_entropy(np.array([0, 2]), logits),
        -(log_p[0, 0] + log_p[1, 2]) / 2,
        rtol=1e-6,
    )


def test_conditional_accuracy_counts_per_class(cgan):
    class AlwaysThree:
        def predict_labels(self, images):
            return np.full(len(images), 3)

    result = conditional_accuracy(cgan, AlwaysThree(), samples_per_class=2)
    assert result["accuracy"] == pytest.approx(0.1)
    assert result["per_class"] == [0.0, 0.0, 0.0, 1.0] + [0.0] * 6


@pytest.fixture(scope="module")
def mnist_tfds_dir():
    root = os.environ.get("GANZOO_DATA_DIR")
    if not root or not os.path.isdir(os.path.join(root, "mnist")):
        pytest.skip("$GANZOO_DATA_DIR with mnist/ raw IDX files is not set")
    # TFDS's default folder ($GANZOO_TFDS_DIR if set), as the domain
    # classifier uses, so MNIST is prepared once for both.
    ganzoo.data.prepare("mnist")
    return None


@pytest.mark.parametrize("name", ["acgan", "cgan"])
def test_samples_show_the_requested_digit(name, mnist_tfds_dir):
    from ganzoo import metrics

    # Trained by ganzoo.metrics and cached (about 2 minutes the first time).
    classifier = metrics.load_domain_classifier("mnist", data_dir=mnist_tfds_dir)
    # 12,800 digits: each PNG is decoded once (the pipeline caches them) and
    # 400 steps of 64 see each twice.
    ds = ganzoo.data.load(
        "mnist",
        seed=0,
        with_labels=True,
        repeat=True,
        take=12_800,
        data_dir=mnist_tfds_dir,
    )
    keras.utils.set_random_seed(0)
    gan = ganzoo.build(name, latent_dim=16, base_filters=8, seed=0)
    gan.compile(*[keras.optimizers.Adam(2e-3, beta_1=0.5) for _ in range(2)])
    gan.fit(ds, steps_per_epoch=400, verbose=0)
    result = conditional_accuracy(gan, classifier, samples_per_class=50, seed=1)
    # Measured after 400 steps, seeds 0-2: acgan 0.80-0.87, cgan 0.46-0.66;
    # chance is 0.1.
    assert result["accuracy"] > 0.3, result


def test_one_easy_digit_per_class_scores_accuracy_but_not_recall(mnist_tfds_dir):
    from ganzoo.metrics import evaluators

    evaluator = evaluators.get_evaluator("conditional_accuracy")
    assert evaluator.metric_keys("mnist") == [
        "conditional_accuracy",
        "fid_domain",
        "kid_domain",
        "precision",
        "recall",
    ]
    real = evaluators.TrainingImages("mnist")

    class OneDigitPerClass:
        """Always the same real image of the requested class."""

        num_classes = 10

        def generate(self, n, seed=None, labels=None):
            first = real.generate(10, labels=np.arange(10))
            return first[np.asarray(labels)]

    data = {"name": "mnist"}
    floor = evaluator(real, data, samples_per_class=200)
    copies = evaluator(OneDigitPerClass(), data, samples_per_class=200)
    # Real digits: the floor of every metric.
    assert floor["conditional_accuracy"] > 0.97 and floor["recall"] > 0.6, floor
    # The same ten digits over and over: right classes, real-looking, but
    # they cover almost none of the test set and sit far in FID.
    assert copies["conditional_accuracy"] >= 0.9, copies
    assert copies["recall"] < 0.05, copies
    assert copies["fid_domain"] > 10 * floor["fid_domain"], (copies, floor)
