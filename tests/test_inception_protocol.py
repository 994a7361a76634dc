"""The papers' FID/IS network (the 2015 Inception graph), by its plumbing.

A stand-in GraphDef with the real graph's tensor names and topology (a JPEG
decoder feeding `ExpandDims`, the graph's own `ResizeBilinear`, `Sub`/`Mul`
to [-1, 1], `pool_3`, `softmax/logits/MatMul`) runs through the same loader
as the real one, whose features are then known exactly: the per-channel
mean of the image. The real graph needs the network once (skipped here).
"""

import os
import tarfile

import numpy as np
import pytest
import tensorflow as tf

from ganzoo import metrics
from ganzoo.metrics import inception

NUM_CLASSES = 5


def _stand_in_graph(weights):
    graph = tf.Graph()
    with graph.as_default():
        contents = tf.compat.v1.placeholder(tf.string, name="DecodeJpeg/contents")
        image = tf.io.decode_jpeg(contents, channels=3, name="DecodeJpeg")
        x = tf.cast(image, tf.float32, name="Cast")
        x = tf.expand_dims(x, 0, name="ExpandDims")
        x = tf.compat.v1.image.resize_bilinear(x, [6, 6], name="ResizeBilinear")
        x = tf.multiply(tf.subtract(x, 128.0, name="Sub"), 1 / 128.0, name="Mul")
        pool = tf.reduce_mean(x, axis=[1, 2], keepdims=True, name="pool_3")
        flat = tf.reshape(pool, [1, 3], name="pool_3/_reshape")
        w = tf.constant(weights, name="softmax/weights")
        logits = tf.matmul(flat, w, name="softmax/logits/MatMul")
        bias = tf.constant(np.full(NUM_CLASSES, 100.0, np.float32))
        tf.nn.softmax(tf.nn.bias_add(logits, bias), name="softmax")
    return graph.as_graph_def()


@pytest.fixture(scope="module")
def weights():
    return np.random.default_rng(0).normal(size=(3, NUM_CLASSES)).astype(np.float32)


@pytest.fixture(scope="module")
def network(weights):
    return inception.Inception2015Features(_stand_in_graph(weights))


def _flat_images(colours, side=10):
    return np.broadcast_to(colours[:, None, None, :], (len(colours), side, side, 3))


def test_features_are_the_graphs_pool_3_of_0_255_images(network):
    colours = np.random.default_rng(1).uniform(-1, 1, (7, 3)).astype(np.float32)
    features = network.features(_flat_images(colours), batch_size=3)
    assert features.shape == (7, 3)
    # [-1, 1] -> [0, 255], the graph's resize keeps a flat image flat, then
    # (x - 128) / 128.
    np.testing.assert_allclose(features, ((colours + 1) * 127.5 - 128) / 128, atol=1e-5)
    grey = network.features(_flat_images(colours)[..., :1])
    np.testing.assert_allclose(grey, features[:, :1].repeat(3, axis=1), atol=1e-5)


def test_known_frechet_distance(network):
    # Two sets whose features differ by a constant shift: same covariance,
    # so FID = |shift|^2 exactly.
    rng = np.random.default_rng(2)
    real = rng.uniform(-0.8, 0.6, (400, 3)).astype(np.float32)
    delta = np.array([0.1, -0.2, 0.15], np.float32)
    fid = metrics.frechet_distance(
        network.features(_flat_images(real)),
        network.features(_flat_images(real + delta)),
    )
    expected = np.sum((delta * 127.5 / 128) ** 2)
    np.testing.assert_allclose(fid, expected, rtol=1e-3)


def test_score_probabilities_leave_out_the_bias(network, weights):
    colours = np.random.default_rng(3).uniform(-1, 1, (6, 3)).astype(np.float32)
    proba = network.predict_proba(_flat_images(colours))
    logits = (((colours + 1) * 127.5 - 128) / 128) @ weights
    expected = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    np.testing.assert_allclose(proba, expected, atol=1e-5)  # Bias 100: not added.
    score, _ = metrics.inception_score(proba, splits=2)
    assert 1.0 <= score <= NUM_CLASSES


def test_graph_by_path_archive_or_env(tmp_path, weights, monkeypatch):
    graph = _stand_in_graph(weights)
    pb = tmp_path / inception.INCEPTION_2015_GRAPH
    pb.write_bytes(graph.SerializeToString())
    archive = tmp_path / "inception-2015-12-05.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(pb, arcname=inception.INCEPTION_2015_GRAPH)
    os.remove(pb)
    found = inception.resolve_inception_2015(archive)  # Extracted beside it.
    assert found.endswith(inception.INCEPTION_2015_GRAPH) and os.path.isfile(found)
    monkeypatch.setenv(inception.INCEPTION_2015_ENV, str(tmp_path))
    net = inception.get_inception("inception_2015")
    assert net.network == "inception_2015"
    assert net.features(np.zeros((2, 4, 4, 3), np.float32)).shape == (2, 3)
    with pytest.raises(FileNotFoundError, match="expected classify_image_graph_def"):
        inception.resolve_inception_2015(tmp_path / "nothing_here")
    with pytest.raises(ValueError, match="keras_imagenet"):
        inception.get_inception("inception_2016")


def test_offline_without_a_file_fails_at_once(monkeypatch, tmp_path):
    monkeypatch.delenv(inception.INCEPTION_2015_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(inception, "_reachable", lambda *a, **k: False)
    with pytest.raises(RuntimeError, match="GANZOO_INCEPTION_2015") as error:
        inception.resolve_inception_2015()
    assert inception.INCEPTION_2015_URL in str(error.value)


def test_every_network_has_a_protocol():
    assert set(inception.PROTOCOLS) == set(inception.NETWORKS)
    assert "pool_3" in inception.PROTOCOLS["inception_2015"]


@pytest.mark.skipif(
    not os.environ.get(inception.INCEPTION_2015_ENV),
    reason="needs the real 2015 graph, fetched once over the network "
    "(inception-2015-12-05.tgz from download.tensorflow.org) and given by "
    "$GANZOO_INCEPTION_2015; this machine has no network",
)
def test_real_graph_shapes():
    net = inception.get_inception("inception_2015")
    images = np.random.default_rng(0).uniform(-1, 1, (3, 32, 32, 3))
    assert net.features(images).shape == (3, 2048)
    proba = net.predict_proba(images)
    assert proba.shape == (3, 1008)
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-4)


def test_inception_evaluator_on_a_folder(tmp_path, weights):
    from PIL import Image

    import ganzoo  # noqa: F401 - registers the entries' evaluators.
    from ganzoo.models import inception_evaluation

    pb = tmp_path / inception.INCEPTION_2015_GRAPH
    pb.write_bytes(_stand_in_graph(weights).SerializeToString())
    folder = tmp_path / "images"
    folder.mkdir()
    rng = np.random.default_rng(4)
    for i in range(20):
        Image.fromarray(rng.integers(0, 256, (8, 8, 3), np.uint8)).save(
            folder / f"{i}.png"
        )
    data = {"name": "folder", "kwargs": {"path": str(folder), "image_size": 8}}
    real = inception_evaluation.reference_images(data, "train", 20)

    class Copy:  # A "generator" drawing the folder's own images.
        def generate(self, n, seed=None):
            return real[:n]

    evaluator = metrics.get_evaluator("inception")
    assert evaluator.metric_keys("folder") == ["inception_score", "fid_inception"]
    options = dict(num_samples=20, num_reference=20, weights=str(pb))
    scores = evaluator(Copy(), data, **options)
    assert set(scores) == {"inception_score", "fid_inception"}
    assert abs(scores["fid_inception"]) < 1e-6  # The same images: FID 0.
    shifted = evaluator(lambda n: np.clip(real[:n] + 0.5, -1, 1), data, **options)
    assert shifted["fid_inception"] > 0.05
    keras_keys = evaluator.metric_keys("cifar10", network="keras_imagenet")
    assert keras_keys == ["inception_score_keras", "fid_keras"]
