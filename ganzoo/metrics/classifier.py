"""Domain classifiers: small CNNs for MNIST and Fashion-MNIST trained here.

They give the feature space for FID/KID/precision-recall on 28x28 images
(InceptionV3 features of upscaled digits say little), class probabilities
for an "Inception-style" score, and digit labels for Stacked MNIST modes.
They are trained by this module, deterministically from a seed, and cached
on disk; nothing is downloaded.
"""

import contextlib
import json
import os
import tempfile
import time
import warnings
import zipfile

import keras
import numpy as np
import tensorflow as tf

CACHE_ENV = "GANZOO_CACHE_DIR"
VERSION = 1  # Bump when the architecture or training recipe changes.
_METADATA = "ganzoo_classifier.json"  # Stored inside the .keras zip.

# Epochs reach the accuracy the metrics rely on with a margin on a 2-core CPU
# (measured: MNIST 99.2% after 3, Fashion-MNIST 91.1% after 5).
TRAINING = {
    "mnist": {"epochs": 3, "min_accuracy": 0.99},
    "fashion_mnist": {"epochs": 5, "min_accuracy": 0.90},
}


def _check_dataset(dataset):
    if dataset not in TRAINING:
        raise ValueError(
            f"Received: `dataset={dataset!r}`; expected one of {sorted(TRAINING)}."
        )


@contextlib.contextmanager
def deterministic(seed):
    """Seeds Python, NumPy and TensorFlow and makes TF ops deterministic.

    Op determinism is switched back off on exit if it was off before. The
    seeded global random state is not restored.

    Args:
        seed: integer seed for `keras.utils.set_random_seed`.

    Example:

    ```python
    with deterministic(0):
        model.fit(x, y)
    ```
    """
    # The public API can only switch determinism on; the private module
    # lets the block leave the rest of the program as it found it.
    try:
        from tensorflow.python.framework import config as tf_config

        was_enabled = tf_config.is_op_determinism_enabled()
    except (ImportError, AttributeError):
        tf_config, was_enabled = None, True
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    try:
        yield
    finally:
        if not was_enabled:
            tf_config.disable_op_determinism()


def build_classifier_model(num_classes=10, name="domain_classifier"):
    """The CNN: two conv/pool stages, a 128-unit `features` layer, softmax.

    Args:
        num_classes: size of the softmax output.
        name: the model's name.

    Returns:
        An uncompiled `keras.Model` from `(None, 28, 28, 1)` images in
        [-1, 1] to class probabilities.
    """
    inputs = keras.Input((28, 28, 1), name="images")
    x = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(64, 3, activation="relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(128, activation="relu", name="features")(x)
    x = keras.layers.Dropout(0.5)(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name=name)


def _images_labels(dataset, split, data_dir=None, manual_dir=None):
    from ganzoo.data.stacked_mnist import load_image_arrays

    images, labels = load_image_arrays(
        dataset, split, data_dir=data_dir, manual_dir=manual_dir
    )
    return images.astype(np.float32) / 127.5 - 1.0, labels


class DomainClassifier:
    """A trained domain classifier and the accessors the metrics use.

    Args:
        model: `keras.Model` from `(N, 28, 28, 1)` images in [-1, 1] to
            class probabilities, with a layer named `features`.
        dataset: the dataset it was trained on.
        test_accuracy: accuracy on the dataset's test split.
        metadata: dict describing how it was trained.

    Example:

    ```python
    clf = ganzoo.metrics.load_domain_classifier("mnist")
    clf.test_accuracy  # ~0.992
    clf.features(images).shape  # (N, 128)
    ```
    """

    def __init__(self, model, dataset, test_accuracy, metadata=None):
        self.model = model
        self.dataset = dataset
        self.test_accuracy = float(test_accuracy)
        self.metadata = dict(metadata or {})
        self.feature_model = keras.Model(
            model.inputs, model.get_layer("features").output
        )

    def __repr__(self):
        return (
            f"DomainClassifier(dataset={self.dataset!r}, "
            f"test_accuracy={self.test_accuracy:.4f})"
        )

    def _images(self, images):
        if getattr(images, "dtype", None) == np.uint8:
            raise ValueError(
                "Received: uint8 `images`; expected float images in [-1, 1] "
                "(x / 127.5 - 1)."
            )
        images = np.asarray(images, dtype=np.float32)
        if images.ndim == 3:
            images = images[..., None]
        if images.shape[1:] != (28, 28, 1):
            raise ValueError(
                f"Received: `images` of shape {images.shape}; expected "
                "(N, 28, 28, 1) or (N, 28, 28) in [-1, 1]."
            )
        return images

    def predict_proba(self, images, batch_size=1000):
        """Returns `(N, num_classes)` class probabilities as a NumPy array."""
        return self.model.predict(self._images(images), batch_size, verbose=0)

    def predict_labels(self, images, batch_size=1000):
        """Returns the `(N,)` most likely classes as int64."""
        return np.argmax(self.predict_proba(images, batch_size), axis=1)

    def features(self, images, batch_size=1000):
        """Returns `(N, 128)` penultimate-layer activations (for FID, KID...)."""
        return self.feature_model.predict(self._images(images), batch_size, verbose=0)


def train_domain_classifier(
    dataset="mnist",
    *,
    seed=0,
    epochs=None,
    batch_size=128,
    take=None,
    data_dir=None,
    manual_dir=None,
    verbose=0,
):
    """Trains a domain classifier deterministically; no caching.

    Adam with a warm-up then cosine-decayed learning rate (peak 3e-3) makes
    few epochs enough. Seeds and op determinism give the same weights for
    the same seed on the same machine and TensorFlow build.

    Args:
        dataset: `"mnist"` or `"fashion_mnist"`.
        seed: the seed of initialisation, shuffling and dropout.
        epochs: defaults to 3 (MNIST) or 5 (Fashion-MNIST).
        batch_size: examples per step.
        take: train on the first `take` training examples only (tests).
        data_dir: where prepared TFDS data lives (see `ganzoo.data.load`).
        manual_dir: the folder of the raw files (see `ganzoo.data.load`).
        verbose: Keras `fit` verbosity.

    Returns:
        A `DomainClassifier` with `test_accuracy` measured on the test split.

    Example:

    ```python
    clf = train_domain_classifier("fashion_mnist", seed=1)
    ```

    Reference: the classifier of PacGAN's Stacked MNIST code follows Keras's
    `mnist_cnn` example; this is a smaller, faster variant.
    """
    _check_dataset(dataset)
    epochs = epochs or TRAINING[dataset]["epochs"]
    x, y = _images_labels(dataset, "train", data_dir, manual_dir)
    x_test, y_test = _images_labels(dataset, "test", data_dir, manual_dir)
    if take is not None:
        x, y = x[:take], y[:take]
    start = time.perf_counter()
    with deterministic(seed):
        model = build_classifier_model(name=f"{dataset}_classifier")
        steps = epochs * -(-len(x) // batch_size)
        schedule = keras.optimizers.schedules.CosineDecay(
            0.0, steps, warmup_target=3e-3, warmup_steps=max(1, steps // 10)
        )
        model.compile(
            keras.optimizers.Adam(schedule),
            "sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=verbose)
        _, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    metadata = dict(
        dataset=dataset,
        version=VERSION,
        seed=seed,
        epochs=epochs,
        train_examples=len(x),
        test_accuracy=float(accuracy),
        train_seconds=round(time.perf_counter() - start, 1),
        keras_version=keras.__version__,
        tensorflow_version=tf.__version__,
    )
    return DomainClassifier(model, dataset, accuracy, metadata)


def classifier_path(dataset="mnist", cache_dir=None):
    """Where the cached classifier lives.

    `<cache_dir>/classifiers/<dataset>_v<VERSION>.keras`, with `cache_dir`
    defaulting to `$GANZOO_CACHE_DIR`, else `~/.cache/ganzoo`.
    """
    cache_dir = cache_dir or os.environ.get(CACHE_ENV) or "~/.cache/ganzoo"
    root = os.path.abspath(os.path.expanduser(os.fspath(cache_dir)))
    return os.path.join(root, "classifiers", f"{dataset}_v{VERSION}.keras")


def save_classifier(classifier, path):
    """Writes the model and its metadata to `path` atomically.

    The file is written under a temporary name in the same folder and moved
    into place with `os.replace`, so a reader never sees half a file and two
    processes training at once both leave a valid one.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".keras", dir=os.path.dirname(path))
    os.close(fd)
    try:
        classifier.model.save(tmp)
        with zipfile.ZipFile(tmp, "a") as archive:
            archive.writestr(_METADATA, json.dumps(classifier.metadata, indent=1))
        # mkstemp makes the file private (0600); a cache is ordinary data.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _read_classifier(path, dataset):
    model = keras.saving.load_model(path, compile=False)
    with zipfile.ZipFile(path) as archive:
        metadata = json.loads(archive.read(_METADATA))
    return DomainClassifier(model, dataset, metadata["test_accuracy"], metadata)


def load_domain_classifier(dataset="mnist", cache_dir=None, retrain=False, **kwargs):
    """Loads the cached domain classifier, training and caching it first if needed.

    The first call trains for about a minute on a CPU (needs the dataset, see
    `ganzoo.data.load`); later calls read the cache. A cache file that
    cannot be read is retrained and replaced.

    Args:
        dataset: `"mnist"` or `"fashion_mnist"`.
        cache_dir: the cache root (see `classifier_path`).
        retrain: train anew and overwrite the cache.
        **kwargs: passed to `train_domain_classifier` when training.

    Returns:
        A `DomainClassifier`: `.model`, `.predict_proba(images)`,
        `.predict_labels(images)`, `.features(images)`, `.test_accuracy`.

    Example:

    ```python
    clf = ganzoo.metrics.load_domain_classifier("mnist")
    accuracy = np.mean(clf.predict_labels(test_images) == test_labels)
    ```
    """
    _check_dataset(dataset)
    path = classifier_path(dataset, cache_dir)
    if os.path.exists(path) and not retrain:
        try:
            return _read_classifier(path, dataset)
        except Exception as e:  # Any unreadable cache is retrained.
            warnings.warn(
                f"Could not read the cached classifier {path} ({e!r}); retraining it.",
                stacklevel=2,
            )
    classifier = train_domain_classifier(dataset, **kwargs)
    minimum = TRAINING[dataset]["min_accuracy"]
    if classifier.test_accuracy < minimum:
        warnings.warn(
            f"The {dataset} classifier reached {classifier.test_accuracy:.4f} "
            f"test accuracy, below the expected {minimum}; metrics that use it "
            "are less reliable.",
            stacklevel=2,
        )
    save_classifier(classifier, path)
    return classifier
