"""InceptionV3 features and probabilities for the published FID/IS protocol.

Weights are ImageNet weights from `keras.applications`: from Keras's cache
or its usual download when online, or from a local `.h5` file given by path
or `$GANZOO_INCEPTION_WEIGHTS`. Offline and without a file, construction
fails at once with instructions instead of hanging on the network.
"""

import os
import socket
import threading

import keras
import numpy as np

WEIGHTS_ENV = "GANZOO_INCEPTION_WEIGHTS"
_HOST = "storage.googleapis.com"  # Where Keras downloads application weights.
_FILES = {
    False: "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
    True: "inception_v3_weights_tf_dim_ordering_tf_kernels.h5",
}
IMAGE_SIZE = 299


def _reachable(host, port=443, timeout=3.0):
    # In a daemon thread: name resolution has no timeout of its own and can
    # block for minutes offline.
    result = []

    def connect():
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            pass

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result)


def _keras_cache_file(include_top):
    home = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    return os.path.join(home, "models", _FILES[include_top])


def resolve_inception_weights(weights="imagenet", include_top=False):
    """Turns a `weights` argument into what `keras.applications` accepts.

    Args:
        weights: `"imagenet"` (use `$GANZOO_INCEPTION_WEIGHTS` if set, else
            Keras's cache or download), a path to an `.h5` file, or `None`
            (random weights, for tests only).
        include_top: whether the file must hold the classification head.

    Returns:
        `None`, `"imagenet"` or a file path.

    Raises:
        FileNotFoundError: a given file does not exist.
        RuntimeError: ImageNet weights are neither local nor downloadable.
    """
    if weights is None:
        return None
    if weights == "imagenet":
        weights = os.environ.get(WEIGHTS_ENV) or "imagenet"
    if weights != "imagenet":
        path = os.path.abspath(os.path.expanduser(os.fspath(weights)))
        if not os.path.isfile(path):
            raise FileNotFoundError(
                f"Received: `weights={weights!r}`; expected an existing .h5 "
                f"file of InceptionV3 weights ({_FILES[include_top]})."
            )
        return path
    if os.path.isfile(_keras_cache_file(include_top)) or _reachable(_HOST):
        return "imagenet"
    raise RuntimeError(
        f"InceptionV3 ImageNet weights are not available: {_HOST} cannot be "
        f"reached and {_keras_cache_file(include_top)} does not exist. Copy "
        f"{_FILES[include_top]} (from https://{_HOST}/tensorflow/"
        "keras-applications/inception_v3/) to this machine and pass its path "
        f"as `weights=` or set ${WEIGHTS_ENV}, or put it in Keras's cache "
        "folder above. `weights=None` gives random weights (tests only: "
        "their scores mean nothing)."
    )


class InceptionV3Features:
    """InceptionV3 pool features (2048-d) and, with the top, class probabilities.

    Images in [-1, 1] (InceptionV3's own input range) of any size are resized
    to 299x299 bilinearly without antialiasing (as the TTUR FID code does
    with `tf.image.resize_bilinear`); grayscale images are repeated to three
    channels.

    Args:
        weights: see `resolve_inception_weights`.
        include_top: also build the 1000-class ImageNet head, needed for
            `predict_proba` (the Inception score). The weights file differs.

    Example:

    ```python
    inception = InceptionV3Features()  # ImageNet weights
    fid = ganzoo.metrics.frechet_distance(
        inception.features(real), inception.features(fake)
    )
    ```

    Reference: Szegedy et al., "Rethinking the Inception Architecture for
    Computer Vision", CVPR 2016; Heusel et al. 2017 (FID); Salimans et al.
    2016 (IS).
    """

    def __init__(self, weights="imagenet", include_top=False):
        self.weights = resolve_inception_weights(weights, include_top)
        self.include_top = include_top
        shape = (IMAGE_SIZE, IMAGE_SIZE, 3)
        if include_top:
            self.model = keras.applications.InceptionV3(
                include_top=True, weights=self.weights, input_shape=shape
            )
            pooled = self.model.get_layer("avg_pool").output
            self.feature_model = keras.Model(self.model.inputs, pooled)
        else:
            self.model = keras.applications.InceptionV3(
                include_top=False,
                weights=self.weights,
                input_shape=shape,
                pooling="avg",
            )
            self.feature_model = self.model

    def preprocess(self, images):
        """Resizes `(N, H, W, 1 or 3)` images in [-1, 1] to `(N, 299, 299, 3)`."""
        images = np.asarray(images, dtype=np.float32)
        if images.ndim != 4 or images.shape[-1] not in (1, 3):
            raise ValueError(
                f"Received: `images` of shape {images.shape}; expected "
                "(N, height, width, 1 or 3) in [-1, 1]."
            )
        x = keras.ops.image.resize(
            images, (IMAGE_SIZE, IMAGE_SIZE), interpolation="bilinear"
        )
        if images.shape[-1] == 1:
            x = keras.ops.repeat(x, 3, axis=-1)
        return x

    def _run(self, model, images, batch_size):
        # predict_on_batch runs the compiled predict function; resizing per
        # batch bounds memory (10,000 images at 299x299x3 would be 10 GB).
        outputs = [
            np.asarray(
                model.predict_on_batch(self.preprocess(images[i : i + batch_size]))
            )
            for i in range(0, len(images), batch_size)
        ]
        return np.concatenate(outputs) if outputs else np.zeros((0, 0), np.float32)

    def features(self, images, batch_size=50):
        """Returns `(N, 2048)` pool-3 features."""
        return self._run(self.feature_model, images, batch_size)

    def predict_proba(self, images, batch_size=50):
        """Returns `(N, 1000)` ImageNet class probabilities (needs the top)."""
        if not self.include_top:
            raise ValueError(
                "Received: `include_top=False`; expected `include_top=True` "
                "for class probabilities (the Inception score)."
            )
        return self._run(self.model, images, batch_size)
