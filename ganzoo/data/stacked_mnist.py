"""Stacked MNIST: three MNIST digits stacked as RGB channels, 1,000 modes.

Each example stacks three independently drawn MNIST images of one split as
the channels of a `(28, 28, 3)` image; its mode (label) is
`100 * d0 + 10 * d1 + d2` for the channel digits `d0, d1, d2`. The mode
collapse benchmark of Unrolled GANs, VEEGAN and PacGAN; PacGAN's reference
code trains on 128,000 such images and evaluates 26,000 samples. PacGAN
draws from train and test images together; here each split draws from its
own images so that test digits stay unseen.
"""

import functools

import numpy as np
import tensorflow as tf

DEFAULT_NUM_EXAMPLES = 128_000
NUM_MODES = 1000
_SPLITS = ("train", "test")


@functools.lru_cache(maxsize=8)
def load_image_arrays(name="mnist", split="train", *, data_dir=None, manual_dir=None):
    """Returns a TFDS image set's `(images, labels)` as NumPy arrays, cached.

    A memoised `ganzoo.data.semisupervised.load_arrays`: decoding 60,000
    PNGs through TFDS takes seconds, and Stacked MNIST, the domain
    classifiers and the metrics' reference sets all read the same arrays.
    Treat the arrays as read-only.

    Args:
        name: `"mnist"` or `"fashion_mnist"`.
        split: `"train"` or `"test"` (or a TFDS slice).
        data_dir: where prepared TFDS data lives (see `ganzoo.data.load`).
        manual_dir: the folder of the raw files (see `ganzoo.data.load`).

    Returns:
        A tuple `(images, labels)`: uint8 `(N, 28, 28, 1)` and int32 `(N,)`.
    """
    from ganzoo.data.semisupervised import load_arrays

    images, labels = load_arrays(name, split, data_dir=data_dir, manual_dir=manual_dir)
    labels = labels.astype(np.int32)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def _check_args(split, num_examples):
    if split not in _SPLITS:
        raise ValueError(
            f"Received: `split={split!r}`; expected one of {list(_SPLITS)}."
        )
    if (
        isinstance(num_examples, bool)
        or not isinstance(num_examples, int)
        or (num_examples <= 0)
    ):
        raise ValueError(
            f"Received: `num_examples={num_examples!r}`; expected a positive int."
        )


def _draw(split, num_examples, seed, data_dir, manual_dir):
    """Returns the split's digits, their labels and `(n, 3)` drawn indices."""
    _check_args(split, num_examples)
    digits, digit_labels = load_image_arrays(
        "mnist", split, data_dir=data_dir, manual_dir=manual_dir
    )
    index = np.random.default_rng(seed).integers(0, len(digits), (num_examples, 3))
    return digits, digit_labels, index


def stacked_mnist_arrays(
    split="train",
    num_examples=DEFAULT_NUM_EXAMPLES,
    seed=0,
    *,
    data_dir=None,
    manual_dir=None,
):
    """Builds Stacked MNIST as NumPy arrays.

    Args:
        split: `"train"` or `"test"`: which MNIST digits are stacked.
        num_examples: how many stacked images to draw.
        seed: seed of the draws (an int or `np.random.Generator`).
        data_dir: where prepared TFDS data lives (see `ganzoo.data.load`).
        manual_dir: the folder of MNIST's raw files (see `ganzoo.data.load`).

    Returns:
        A tuple `(images, labels)`: uint8 `(num_examples, 28, 28, 3)` and
        int32 modes in `[0, 1000)`.

    Example:

    >>> images, modes = stacked_mnist_arrays("test", 100, seed=0)
    >>> images.shape, int(modes.max()) < 1000
    ((100, 28, 28, 3), True)
    """
    digits, digit_labels, index = _draw(split, num_examples, seed, data_dir, manual_dir)
    # digits[index] is (n, 3, 28, 28, 1); channels go last.
    images = np.moveaxis(digits[index, ..., 0], 1, -1)
    labels = digit_labels[index] @ np.array([100, 10, 1], dtype=np.int32)
    return np.ascontiguousarray(images), labels


def load_stacked_mnist(
    split="train",
    batch_size=64,
    seed=None,
    *,
    num_examples=DEFAULT_NUM_EXAMPLES,
    shuffle=True,
    with_labels=False,
    repeat=False,
    drop_remainder=True,
    data_dir=None,
    manual_dir=None,
):
    """Loads Stacked MNIST as a batched `tf.data.Dataset` in [-1, 1].

    Args:
        split: `"train"` or `"test"`.
        batch_size: examples per batch.
        seed: makes the stacking and the order reproducible (`None`: 0 for
            the stacking, unseeded order).
        num_examples: how many stacked images the set has.
        shuffle: reshuffle the examples every epoch.
        with_labels: yield `(images, modes)` with int32 modes in [0, 1000).
        repeat: repeat forever.
        drop_remainder: drop a last, smaller batch.
        data_dir: where prepared TFDS data lives (see `ganzoo.data.load`).
        manual_dir: the folder of MNIST's raw files (see `ganzoo.data.load`).

    Returns:
        A `tf.data.Dataset` of float32 `(batch, 28, 28, 3)` images in
        [-1, 1], or of `(images, modes)` pairs.

    Example:

    ```python
    ds = load_stacked_mnist("train", batch_size=64, seed=0, with_labels=True)
    images, modes = next(iter(ds))  # (64, 28, 28, 3), (64,)
    ```

    Reference: Metz et al., "Unrolled Generative Adversarial Networks",
    ICLR 2017; Lin et al., "PacGAN", NeurIPS 2018.
    """
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or (batch_size <= 0)
    ):
        raise ValueError(
            f"Received: `batch_size={batch_size!r}`; expected a positive int."
        )
    digits, digit_labels, index = _draw(
        split, num_examples, 0 if seed is None else seed, data_dir, manual_dir
    )
    # Only the (n, 3) indices go into the pipeline; the stacking is a gather
    # per batch, so 128k examples cost 1.5 MB instead of 300 MB of images.
    digits = tf.constant(digits[..., 0])
    digit_labels = tf.constant(digit_labels)
    ds = tf.data.Dataset.from_tensor_slices(index.astype(np.int32))
    if shuffle:
        ds = ds.shuffle(num_examples, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)

    def stack(idx):
        # tf.gather gives (batch, 3, 28, 28); channels go last. Scaling as in
        # ganzoo.data.load: 0 -> -1 and 255 -> 1 exactly.
        x = tf.transpose(tf.gather(digits, idx), [0, 2, 3, 1])
        x = tf.cast(x, tf.float32) / 127.5 - 1.0
        if not with_labels:
            return x
        y = tf.reduce_sum(tf.gather(digit_labels, idx) * [100, 10, 1], axis=1)
        return x, y

    return ds.map(stack, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)
