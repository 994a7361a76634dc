"""Shared pytest setup: quiet TensorFlow, tiny random batches, a tiny run's config."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402


def random_images(shape, n=8, seed=0):
    """`n` float32 samples of `shape` uniformly in [-1, 1]."""
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.0, 1.0, (n, *shape)).astype("float32")


def ring_config(steps=10, **train):
    """The vanilla GAN's ring8 smoke config as the file-state tests run it.

    A checkpoint and a sample every 5 steps, quiet, graph mode: these tests
    are about files on disk and resumed state, and XLA's compile would more
    than double each run (~3.4 s against ~1.4 s, measured on a 2-core CPU).
    A test about the compiled path passes `jit_compile="auto"`.
    """
    from zoo_configs import vanilla_ring8

    config = vanilla_ring8.get_config("smoke")
    config.train.update(
        steps=steps, verbose=0, checkpoint_every=5, sample_every=5, jit_compile=False
    )
    config.train.update(train)
    return config


def batches(x, batch_size=4):
    """A tf.data pipeline of `x` in batches, as `fit` gets from ganzoo.data."""
    return tf.data.Dataset.from_tensor_slices(x).batch(batch_size, drop_remainder=True)


@pytest.fixture
def data_dir():
    """`$GANZOO_DATA_DIR` (the raw IDX files), or skip when unset."""
    path = os.environ.get("GANZOO_DATA_DIR")
    if not path or not os.path.isdir(os.path.join(path, "mnist")):
        pytest.skip("GANZOO_DATA_DIR with mnist/ raw files is not set")
    return os.path.abspath(path)
