"""Inception networks for FID and IS: the papers' 2015 graph and Keras's.

Two networks, by name (`get_inception(network)`; `PROTOCOLS` says how
each one is used, for the rows of the results table):

- `"inception_2015"` (the default on RGB sets): the 2015-12-05 Inception
  graph (`classify_image_graph_def.pb` in `inception-2015-12-05.tgz`) that
  the TTUR FID code (Heusel et al. 2017) and Salimans et al.'s Inception
  score code run, and that `pytorch-fid` ports: images in [0, 255] enter at
  `ExpandDims`, the graph resizes them itself (its `ResizeBilinear` to
  299x299) and `pool_3` gives 2048-d features; the score's probabilities are
  `softmax(pool_3 @ W)` over its 1008 outputs without the bias, as in
  Salimans et al.'s code. Papers' CIFAR-10 FIDs and ISs are in this network.
- `"keras_imagenet"`: `keras.applications.InceptionV3` with its ImageNet
  weights (a different training run; its FIDs and ISs differ from the
  papers'), resized here bilinearly to 299x299.

Weights come from a local file by path or environment variable, Keras's
cache, or one download (`keras.utils.get_file`); offline and without a
file, construction fails at once with instructions instead of hanging on
the network.
"""

import os
import socket
import threading

import keras
import numpy as np
from absl import logging

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


# The 2015 graph of the TTUR FID code (`fid.py`'s `check_or_download_inception`)
# and of Salimans et al.'s Inception score code.
INCEPTION_2015_URL = (
    "http://download.tensorflow.org/models/image/imagenet/inception-2015-12-05.tgz"
)
# No sha256 of this archive could be confirmed from a published source (TTUR
# and Salimans et al.'s code do not pin one; pytorch-fid's `6726825d` is its
# own .pth port's). None: a download is not verified, and its sha256 is
# logged so it can be pinned here.
INCEPTION_2015_SHA256 = None
INCEPTION_2015_ENV = "GANZOO_INCEPTION_2015"
INCEPTION_2015_GRAPH = "classify_image_graph_def.pb"
NETWORKS = ("inception_2015", "keras_imagenet")
PROTOCOLS = {
    "inception_2015": (
        "the 2015-12-05 Inception graph of the TTUR FID and Salimans et al. "
        "IS code (inception-2015-12-05.tgz, as ported by pytorch-fid): images "
        "in [0, 255] fed at ExpandDims, the graph's own bilinear resize to "
        "299x299, pool_3 features (2048-d); IS from softmax(pool_3 @ W), "
        "1008 classes, no bias, 10 splits"
    ),
    "keras_imagenet": (
        "InceptionV3 with Keras's ImageNet weights (not the papers' network), "
        "images resized bilinearly to 299x299, avg_pool features (2048-d); IS "
        "from its 1000-class softmax, 10 splits"
    ),
}


def _find_graph(path):
    # A .pb file, a folder holding one (an extracted archive), or a .tgz.
    if os.path.isfile(path) and path.endswith((".tgz", ".tar.gz")):
        import tarfile

        folder = path[: -len(".tgz")] if path.endswith(".tgz") else path[:-7]
        if not os.path.isfile(os.path.join(folder, INCEPTION_2015_GRAPH)):
            with tarfile.open(path) as archive:
                member = archive.getmember(INCEPTION_2015_GRAPH)
                archive.extractall(folder, members=[member], filter="data")
        path = folder
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            if INCEPTION_2015_GRAPH in files:
                return os.path.join(root, INCEPTION_2015_GRAPH)
        return None
    return path if os.path.isfile(path) else None


def resolve_inception_2015(path=None, sha256=INCEPTION_2015_SHA256):
    """The path of the 2015 graph (`classify_image_graph_def.pb`).

    Args:
        path: the `.pb` file, the `.tgz` archive or a folder holding the
            graph; defaults to `$GANZOO_INCEPTION_2015`, else Keras's cache
            (`~/.keras/models/`), else one download of `INCEPTION_2015_URL`.
        sha256: the archive's sha256, checked on download (None: unchecked).

    Raises:
        FileNotFoundError: a given path holds no graph.
        RuntimeError: no local graph and the host cannot be reached.
    """
    path = path or os.environ.get(INCEPTION_2015_ENV)
    if path:
        found = _find_graph(os.path.abspath(os.path.expanduser(os.fspath(path))))
        if found is None:
            raise FileNotFoundError(
                f"Received: Inception graph path {path!r}; expected "
                f"{INCEPTION_2015_GRAPH}, the .tgz holding it, or its folder."
            )
        return found
    cached = _find_graph(_keras_cache_file(False).rsplit(os.sep, 1)[0])
    if cached:
        return cached
    host = INCEPTION_2015_URL.split("/")[2]
    if not _reachable(host, port=80):
        raise RuntimeError(
            f"The 2015 Inception graph of the FID/IS protocol is not available: "
            f"{host} cannot be reached and no local copy was given. Download "
            f"{INCEPTION_2015_URL} on a machine with a network and pass the "
            f".tgz (or its {INCEPTION_2015_GRAPH}) by path or set "
            f"${INCEPTION_2015_ENV}; or use `network='keras_imagenet'` "
            "(not the papers' network)."
        )
    archive = keras.utils.get_file(
        "inception-2015-12-05.tgz",
        INCEPTION_2015_URL,
        file_hash=sha256,
        hash_algorithm="sha256",
        cache_subdir="models",
    )
    if sha256 is None:
        import hashlib

        with open(archive, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        logging.warning("Unpinned %s: sha256 %s.", INCEPTION_2015_URL, digest)
    return _find_graph(archive)


class Inception2015Features:
    """Pool-3 features and class probabilities of the papers' 2015 graph.

    Images in [-1, 1] (or [0, 1]-scaled generators mapped there) become
    [0, 255] floats `(x + 1) * 127.5` and enter the graph where the TTUR
    code feeds them (`ExpandDims:0`); the graph resizes them itself.
    Grayscale images are repeated to three channels.

    Args:
        graph: a path (see `resolve_inception_2015`) or a `tf.compat.v1.
            GraphDef` with the same tensor names (tests use a small one).

    Example:

    ```python
    inception = Inception2015Features()
    fid = ganzoo.metrics.frechet_distance(
        inception.features(real), inception.features(fake)
    )
    ```

    Reference: Heusel et al. 2017 (FID, the TTUR code); Salimans et al.
    2016 (IS); Szegedy et al. 2016.
    """

    network = "inception_2015"

    def __init__(self, graph=None):
        import tensorflow as tf

        if not isinstance(graph, tf.compat.v1.GraphDef):
            with open(resolve_inception_2015(graph), "rb") as f:
                graph_def = tf.compat.v1.GraphDef.FromString(f.read())
        else:
            graph_def = graph

        def run(images):
            # Mapping ExpandDims (TTUR's feed) to a batch: the JPEG decoder
            # before it is never run and every later shape follows the batch.
            (pool,) = tf.compat.v1.import_graph_def(
                graph_def,
                input_map={"ExpandDims:0": images},
                return_elements=["pool_3:0"],
                name="",
            )
            graph = tf.compat.v1.get_default_graph()
            weights = graph.get_operation_by_name("softmax/logits/MatMul").inputs[1]
            pool = tf.reshape(pool, [-1, pool.shape[-1]])
            return pool, tf.nn.softmax(tf.matmul(pool, weights))

        spec = tf.TensorSpec([None, None, None, 3], tf.float32)
        self._fn = tf.compat.v1.wrap_function(run, [spec])

    def _run(self, images, batch_size, index):
        images = np.asarray(images, dtype=np.float32)
        if images.ndim != 4 or images.shape[-1] not in (1, 3):
            raise ValueError(
                f"Received: `images` of shape {images.shape}; expected "
                "(N, height, width, 1 or 3) in [-1, 1]."
            )
        outputs = []
        for i in range(0, len(images), batch_size):
            batch = (images[i : i + batch_size] + 1.0) * 127.5
            if batch.shape[-1] == 1:
                batch = np.repeat(batch, 3, axis=-1)
            outputs.append(self._fn(batch)[index].numpy())
        return np.concatenate(outputs)

    def features(self, images, batch_size=50):
        """Returns `(N, 2048)` pool_3 features."""
        return self._run(images, batch_size, 0)

    def predict_proba(self, images, batch_size=50):
        """Returns `(N, 1008)` probabilities, `softmax(pool_3 @ W)`."""
        return self._run(images, batch_size, 1)


def get_inception(network="inception_2015", include_top=True, weights=None):
    """The Inception network named `network` (one of `NETWORKS`).

    Args:
        network: `"inception_2015"` (the papers') or `"keras_imagenet"`.
        include_top: Keras's network only: also build the class head (IS).
        weights: the network's file (see `resolve_inception_2015` and
            `resolve_inception_weights`); None: its default lookup.
    """
    if network == "inception_2015":
        return Inception2015Features(weights)
    if network == "keras_imagenet":
        features = InceptionV3Features(weights or "imagenet", include_top)
        features.network = network
        return features
    raise ValueError(
        f"Received: `network={network!r}`; expected one of {list(NETWORKS)}."
    )
