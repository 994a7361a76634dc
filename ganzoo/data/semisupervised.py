"""Semi-supervised splits: exactly N labels per class, the rest unlabeled.

`semi_supervised_split` picks the labeled examples from an array of labels;
`make_semi_supervised` and `load_semi_supervised` build the `tf.data`
pipeline SGAN trains on, whose elements are
`((labeled_images, labels), unlabeled_images)`, or with `generator_batch`
`((labeled_images, labels), unlabeled_images, generator_unlabeled_images)`.
Images are float32 in [-1, 1], as `ganzoo.data.load` gives them.
"""

import numpy as np
import tensorflow as tf

from ganzoo.data import images as images_lib


def semi_supervised_split(labels, labels_per_class, num_classes=None, seed=0):
    """Chooses exactly `labels_per_class` examples of each class, by seed.

    Args:
        labels: int labels of the whole set, shape `(n,)`.
        labels_per_class: labeled examples kept per class (N).
        num_classes: number of classes K; defaults to `max(labels) + 1`.
            Every class must have at least N examples.
        seed: NumPy seed of the choice; the same seed, the same split.

    Returns:
        `(labeled, unlabeled)`: sorted int64 index arrays that partition
        `range(n)`; `labeled` holds N indices of each class.

    Example:

    >>> labeled, unlabeled = semi_supervised_split(labels, labels_per_class=10, seed=0)
    >>> len(labeled)  # 100 for MNIST's 10 classes
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(
            f"Received: `labels` of shape {labels.shape} and dtype "
            f"{labels.dtype}; expected a 1-D array of ints."
        )
    if isinstance(labels_per_class, bool) or not isinstance(
        labels_per_class, (int, np.integer)
    ):
        labels_per_class = -1
    if labels_per_class < 1:
        raise ValueError(
            f"Received: `labels_per_class={labels_per_class!r}`; expected a "
            "positive integer."
        )
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    rng = np.random.default_rng(seed)
    chosen = []
    for k in range(num_classes):
        members = np.flatnonzero(labels == k)
        if len(members) < labels_per_class:
            raise ValueError(
                f"Received: `labels_per_class={labels_per_class}`, but class {k} "
                f"has only {len(members)} examples; expected at most "
                f"{len(members)}."
            )
        chosen.append(rng.choice(members, labels_per_class, replace=False))
    labeled = np.sort(np.concatenate(chosen)).astype(np.int64)
    unlabeled = np.setdiff1d(np.arange(len(labels)), labeled).astype(np.int64)
    return labeled, unlabeled


def make_semi_supervised(
    images,
    labels,
    labels_per_class=10,
    batch_size=100,
    labeled_batch_size=None,
    *,
    split_seed=0,
    seed=None,
    repeat=False,
    labeled_in_unlabeled=False,
    generator_batch=False,
):
    """Builds SGAN's pipeline from in-memory images and labels.

    Each element is `((labeled_images, labels), unlabeled_images)`. The
    labeled set (N per class) is reshuffled and repeated without end; one
    pass over the unlabeled set is one epoch, as in Salimans et al.'s code.

    Args:
        images: images `(n, ...)`: uint8 (scaled here to [-1, 1]) or float
            (taken as already scaled).
        labels: int labels `(n,)`.
        labels_per_class: labeled examples per class (the paper: 10).
        batch_size: unlabeled examples per step (the paper: 100).
        labeled_batch_size: labeled examples per step; defaults to
            `batch_size` (the paper: 100, so its 100 labels every step).
        split_seed: seed of which examples keep their labels; None: the
            data order's `seed` (0 if that is None too), so a benchmark's
            seeds draw different label splits.
        seed: seed of the shuffling order.
        repeat: repeat the unlabeled set forever too.
        labeled_in_unlabeled: the unlabeled set is every example, the labeled
            ones included (Salimans et al.'s code: 60,000 MNIST digits, 600
            steps per epoch at batch 100); else only the rest.
        generator_batch: add a third element, another pass over the
            unlabeled set in its own order, for the generator's update (the
            code's `trainx_unl2`: feature matching compares G's features with
            a batch D was not just trained on).

    Returns:
        A `tf.data.Dataset` of `((float32 images, int32 labels), float32
        images)` (and a third float32 image batch with `generator_batch`)
        with static shapes.
    """
    if split_seed is None:
        split_seed = 0 if seed is None else seed
    labeled, unlabeled = semi_supervised_split(
        labels, labels_per_class, seed=split_seed
    )
    labeled_batch_size = labeled_batch_size or batch_size
    if labeled_in_unlabeled:
        unlabeled = np.arange(len(labels), dtype=np.int64)
    if batch_size > len(unlabeled):
        raise ValueError(
            f"Received: `batch_size={batch_size}`; expected at most the "
            f"{len(unlabeled)} unlabeled examples."
        )
    images, labels = np.asarray(images), np.asarray(labels)

    def scale(x):
        if x.dtype == tf.uint8:
            # Same mapping as `ganzoo.data.load`: 0 -> -1, 255 -> 1.
            return tf.cast(x, tf.float32) / 127.5 - 1.0
        return tf.cast(x, tf.float32)

    labeled_ds = (
        tf.data.Dataset.from_tensor_slices((images[labeled], labels[labeled]))
        .shuffle(len(labeled), seed=seed, reshuffle_each_iteration=True)
        .repeat()
        .batch(labeled_batch_size, drop_remainder=True)
        .map(lambda x, y: (scale(x), tf.cast(y, tf.int32)))
    )

    def unlabeled_stream(offset):
        # Offset seeds keep the shuffles from mirroring each other.
        shuffle_seed = None if seed is None else seed + offset
        ds = tf.data.Dataset.from_tensor_slices(images[unlabeled]).shuffle(
            len(unlabeled), seed=shuffle_seed, reshuffle_each_iteration=True
        )
        ds = ds.repeat() if repeat else ds
        return ds.batch(batch_size, drop_remainder=True).map(scale)

    streams = [labeled_ds, unlabeled_stream(1)]
    if generator_batch:
        streams.append(unlabeled_stream(2))
    return tf.data.Dataset.zip(tuple(streams)).prefetch(tf.data.AUTOTUNE)


def load_arrays(name="mnist", split="train", *, data_dir=None, manual_dir=None):
    """Returns a TFDS image set's `(uint8 images, int64 labels)` as NumPy arrays.

    Args:
        name: an image set of `ganzoo.data.list_datasets()`, e.g. `"mnist"`.
        split: `"train"` or `"test"` (or a TFDS slice).
        data_dir: where prepared TFDS data lives (see `ganzoo.data.load`).
        manual_dir: the folder of the raw files (see `ganzoo.data.load`).
    """
    if name not in images_lib.IMAGE_DATASETS:
        raise ValueError(
            f"Received: `name={name!r}`; expected an image set, one of "
            f"{sorted(images_lib.IMAGE_DATASETS)}."
        )
    import tensorflow_datasets as tfds

    builder = images_lib.prepare(name, data_dir=data_dir, manual_dir=manual_dir)
    arrays = tfds.as_numpy(builder.as_dataset(split=split, batch_size=-1))
    return arrays["image"], arrays["label"]


def load_semi_supervised(
    name="mnist",
    split="train",
    batch_size=100,
    *,
    labels_per_class=10,
    labeled_batch_size=None,
    split_seed=0,
    seed=None,
    repeat=False,
    labeled_in_unlabeled=False,
    generator_batch=False,
    take=None,
    data_dir=None,
    manual_dir=None,
):
    """Loads an image set as SGAN's semi-supervised pipeline.

    Args:
        name: `"mnist"` or `"fashion_mnist"`.
        split: the split to draw labeled and unlabeled examples from.
        batch_size: unlabeled examples per step.
        labels_per_class: labeled examples per class (N; 10 gives MNIST's
            100-label benchmark).
        labeled_batch_size: labeled examples per step (default `batch_size`).
        split_seed: seed of which examples keep their labels; None: the
            data order's `seed` (0 if that is None too), so a benchmark's
            seeds draw different label splits.
        seed: seed of the shuffling order.
        repeat: repeat forever (else one epoch is one unlabeled pass).
        labeled_in_unlabeled: the unlabeled set includes the labeled
            examples (Salimans et al.'s code), see `make_semi_supervised`.
        generator_batch: a third element for G's update, see
            `make_semi_supervised`.
        take: use only the first `take` examples of the split (smoke runs).
        data_dir: where prepared TFDS data lives.
        manual_dir: the folder of the raw IDX files.

    Returns:
        A `tf.data.Dataset` of `((labeled_images, labels), unlabeled_images)`.

    Example:

    ```python
    ds = ganzoo.data.load_semi_supervised("mnist", labels_per_class=10, seed=0)
    gan = ganzoo.build("sgan")
    gan.compile()
    gan.fit(ds, epochs=1)
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016 (MNIST with 20-200 labels; 100 is the headline number).
    """
    images, labels = load_arrays(name, split, data_dir=data_dir, manual_dir=manual_dir)
    if take is not None:
        images, labels = images[:take], labels[:take]
    return make_semi_supervised(
        images,
        labels,
        labels_per_class,
        batch_size,
        labeled_batch_size,
        split_seed=split_seed,
        seed=seed,
        repeat=repeat,
        labeled_in_unlabeled=labeled_in_unlabeled,
        generator_batch=generator_batch,
    )
