"""A synthetic unpaired translation task with a known ground-truth mapping.

Domain A: MNIST digits, padded from 28x28 to 32x32 (so a ResNet generator's
two stride-2 steps divide evenly), one channel. Domain B: the same digits
thickened (3x3 dilation), inverted and colourised: amber paper, navy ink,
three channels. The mapping is deterministic, so for every test image of A
the true B image is known, while training sees A and B from disjoint halves
of MNIST's training set (no pairs), as in CycleGAN's setting.
"""

import dataclasses

import numpy as np
import tensorflow as tf

from ganzoo.data import catalog

# Colours of domain B (RGB, uint8): background ("paper") and strokes ("ink").
PAPER = (255, 214, 80)
INK = (20, 40, 140)
MNIST_SIDE = 28


def pad_images(images, size=32):
    """Pads uint8 `(n, 28, 28[, 1])` digits with black to `(n, size, size, 1)`."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    pad = size - images.shape[1]
    if pad < 0 or pad % 2 or images.shape[1] != images.shape[2]:
        raise ValueError(
            f"Received: images of `shape={images.shape}` and `size={size!r}`; "
            "expected square images no larger than `size`, with an even "
            "difference (the padding is split evenly)."
        )
    p = pad // 2
    return np.pad(images, [(0, 0), (p, p), (p, p), (0, 0)])


def to_domain_b(images):
    """Maps uint8 domain-A digits `(n, h, w, 1)` to domain B `(n, h, w, 3)`.

    Thicken (3x3 max filter), invert, then colour: a pixel of inverted
    intensity v in [0, 1] becomes `INK + v * (PAPER - INK)`.

    Example:

    ```python
    b = to_domain_b(pad_images(mnist_uint8))  # amber paper, navy strokes
    ```
    """
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[-1] != 1:
        raise ValueError(
            f"Received: images of `shape={images.shape}`, `dtype={images.dtype}`; "
            "expected uint8 of shape (n, height, width, 1)."
        )
    padded = np.pad(images[..., 0], [(0, 0), (1, 1), (1, 1)])
    h, w = images.shape[1:3]
    thick = np.max(
        [padded[:, i : i + h, j : j + w] for i in range(3) for j in range(3)], axis=0
    )
    v = (255.0 - thick.astype(np.float32))[..., None] / 255.0
    ink, paper = np.array(INK, np.float32), np.array(PAPER, np.float32)
    return np.round(ink + v * (paper - ink)).astype(np.uint8)


def b_to_strokes(images):
    """Maps float domain-B images back to one-channel stroke images.

    Each pixel of `(n, h, w, 3)` images in [-1, 1] is projected onto the
    ink-paper line of `to_domain_b` and inverted: strokes (ink) become 1 and
    paper -1, as in domain A, so an MNIST classifier can embed B images (the
    thickening stays). The same fixed map serves real and generated images,
    which is what a Frechet distance between the two needs.
    """
    images = np.asarray(images, np.float32)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(
            f"Received: images of `shape={images.shape}`; expected "
            "(n, height, width, 3) in [-1, 1]."
        )
    ink, paper = np.array(INK, np.float32), np.array(PAPER, np.float32)
    direction = paper - ink
    v = ((images + 1.0) * 127.5 - ink) @ direction / float(direction @ direction)
    return (1.0 - 2.0 * np.clip(v, 0.0, 1.0))[..., None]


def to_float(images):
    """uint8 [0, 255] -> float32 [-1, 1], as `ganzoo.data.load` scales."""
    return np.asarray(images, np.float32) / 127.5 - 1.0


def _to_uint8(images):
    return np.round((np.asarray(images) + 1.0) * 127.5).astype(np.uint8)


@dataclasses.dataclass(frozen=True)
class TranslationPair:
    """The two domains as uint8 arrays; see `make_translation_pair`.

    Args:
        train_a: `(n, s, s, 1)` domain-A training images.
        train_b: `(m, s, s, 3)` domain-B training images, from other digits.
        test_a: `(k, s, s, 1)` domain-A test images.
        test_b: `(k, s, s, 3)`, `test_b[i] == to_domain_b(test_a[i:i+1])[0]`.
        train_a_labels: digit classes of `train_a`.
        train_b_labels: digit classes of `train_b`.
        test_labels: digit classes of `test_a` (and `test_b`).
        pad: pixels added on each side of the 28x28 digits.
    """

    train_a: np.ndarray
    train_b: np.ndarray
    test_a: np.ndarray
    test_b: np.ndarray
    train_a_labels: np.ndarray
    train_b_labels: np.ndarray
    test_labels: np.ndarray
    pad: int

    @property
    def image_shapes(self):
        """`(shape_a, shape_b)` of one image, e.g. ((32, 32, 1), (32, 32, 3))."""
        return self.train_a.shape[1:], self.train_b.shape[1:]

    def to_classifier_view(self, images):
        """Crops domain-A images back to MNIST's 28x28 for a digit classifier."""
        p = self.pad
        return np.asarray(images)[:, p : p + MNIST_SIDE, p : p + MNIST_SIDE]

    def dataset(
        self, batch_size, split="train", *, shuffle=True, seed=None, repeat=False
    ):
        """`(a_images, b_images)` float32 batches in [-1, 1].

        `"train"` shuffles the two halves independently (unpaired); `"test"`
        keeps each A image with its true B image (paired, for evaluation).
        Batches are full (`drop_remainder`) so XLA compiles one shape.

        Args:
            batch_size: examples per batch.
            split: `"train"` or `"test"`.
            shuffle: shuffle every epoch.
            seed: seed of the order.
            repeat: repeat forever.
        """
        if split not in ("train", "test"):
            raise ValueError(
                f"Received: `split={split!r}`; expected 'train' or 'test'."
            )
        a, b = (
            (self.train_a, self.train_b)
            if split == "train"
            else (self.test_a, self.test_b)
        )
        n = min(len(a), len(b))
        if batch_size > n:
            raise ValueError(
                f"Received: `batch_size={batch_size!r}`; expected at most {n}, "
                f"the examples per domain in split {split!r}."
            )

        def domain(x, offset):
            ds = tf.data.Dataset.from_tensor_slices(x[:n])
            if shuffle and split == "train":
                s = None if seed is None else seed + offset
                ds = ds.shuffle(n, seed=s, reshuffle_each_iteration=True)
            return ds

        ds = tf.data.Dataset.zip((domain(a, 0), domain(b, 1)))
        if shuffle and split == "test":
            ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
        if repeat:
            ds = ds.repeat()
        ds = ds.batch(batch_size, drop_remainder=True)

        def scale(x, y):
            return tf.cast(x, tf.float32) / 127.5 - 1.0, tf.cast(
                y, tf.float32
            ) / 127.5 - 1.0

        return ds.map(scale, num_parallel_calls=tf.data.AUTOTUNE).prefetch(
            tf.data.AUTOTUNE
        )


def make_translation_pair(
    train_images, train_labels, test_images, test_labels, size=32, seed=0
):
    """Builds the pair from uint8 digits: A and B from disjoint training halves.

    Args:
        train_images: uint8 `(n, 28, 28[, 1])` training digits.
        train_labels: their classes.
        test_images: uint8 test digits.
        test_labels: their classes.
        size: side after padding (32 suits the ResNet generator).
        seed: seed of the random split of the training set into halves.

    Returns:
        A `TranslationPair`.

    Example:

    ```python
    pair = make_translation_pair(x_train, y_train, x_test, y_test)
    ```
    """
    train = pad_images(train_images, size)
    test = pad_images(test_images, size)
    order = np.random.default_rng(seed).permutation(len(train))
    half = len(train) // 2
    a_idx, b_idx = np.sort(order[:half]), np.sort(order[half : 2 * half])
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    return TranslationPair(
        train_a=train[a_idx],
        train_b=to_domain_b(train[b_idx]),
        test_a=test,
        test_b=to_domain_b(test),
        train_a_labels=train_labels[a_idx],
        train_b_labels=train_labels[b_idx],
        test_labels=test_labels,
        pad=(size - np.asarray(train_images).shape[1]) // 2,
    )


def _mnist_arrays(split, take, data_dir, manual_dir):
    # Imported here: ganzoo.data imports this module.
    from ganzoo import data

    ds = data.load(
        "mnist",
        split,
        batch_size=10_000,
        shuffle=False,
        with_labels=True,
        drop_remainder=False,
        take=take,
        data_dir=data_dir,
        manual_dir=manual_dir,
    )
    images, labels = zip(*((x.numpy(), y.numpy()) for x, y in ds), strict=True)
    return _to_uint8(np.concatenate(images)), np.concatenate(labels)


def load_translation_pair(size=32, take=None, seed=0, data_dir=None, manual_dir=None):
    """Loads MNIST and builds the synthetic unpaired pair (A: digits, B: styled).

    Args:
        size: side of the padded images (32: divisible by 4 for CycleGAN).
        take: use only the first `take` training digits (split into the two
            halves); the test set is always complete.
        seed: seed of the split into halves.
        data_dir: prepared TFDS data, as in `ganzoo.data.load`.
        manual_dir: raw MNIST files; defaults to `$GANZOO_DATA_DIR/mnist/`.

    Returns:
        A `TranslationPair` (uint8 arrays); `.dataset(batch_size)` feeds
        `CycleGAN.fit`.

    Example:

    ```python
    pair = ganzoo.data.load_translation_pair()
    gan = ganzoo.build("cyclegan", image_shape=(32, 32, 1), b_channels=3)
    gan.compile()
    gan.fit(pair.dataset(batch_size=16, repeat=True), steps_per_epoch=500)
    print(ganzoo.data.evaluate_translation(gan, pair))
    ```

    Reference: the task follows CycleGAN's unpaired setting (Zhu et al.,
    ICCV 2017); the transform is this project's, chosen so that the ground
    truth is exact.
    """
    train = _mnist_arrays("train", take, data_dir, manual_dir)
    test = _mnist_arrays("test", None, data_dir, manual_dir)
    return make_translation_pair(*train, *test, size=size, seed=seed)


TRANSLATION_PAIRS = tuple(catalog.list_datasets("translation"))


def load_translation(
    name="mnist_pair",
    split="train",
    batch_size=16,
    *,
    seed=None,
    repeat=False,
    **kwargs,
):
    """`(a_images, b_images)` batches of a synthetic pair, like `ganzoo.data.load`.

    The signature of `ganzoo.data.load`, for training binaries that pick a
    loader by name. Loads the pair each call; keep a `load_translation_pair`
    result to reuse it.

    Args:
        name: `"mnist_pair"`.
        split: `"train"` (unpaired halves) or `"test"` (true pairs).
        batch_size: pairs per batch.
        seed: order of the batches (the split into halves is fixed).
        repeat: repeat forever.
        **kwargs: `load_translation_pair` arguments (`take`, `size`,
            `data_dir`, `manual_dir`).

    Example:

    ```python
    ds = ganzoo.data.load_translation("mnist_pair", batch_size=16, seed=0)
    ```
    """
    if name not in TRANSLATION_PAIRS:
        raise ValueError(
            f"Received: `name={name!r}`; expected one of {list(TRANSLATION_PAIRS)}."
        )
    pair = load_translation_pair(**kwargs)
    return pair.dataset(batch_size, split, seed=seed, repeat=repeat)


def _batched(fn, x, batch_size):
    return np.concatenate(
        [fn(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]
    )


def evaluate_translation(
    gan, pair, classifier=None, num_examples=None, batch_size=256, fake_b=None
):
    """Scores a trained translator on the pair's test set.

    Mean absolute errors are in [0, 1] pixel units (half the error in the
    [-1, 1] range). "Copy" baselines return the input unchanged (grey
    repeated over B's channels for A -> B, the channel mean for B -> A), a
    translator that learnt nothing of the style.

    Args:
        gan: a model with `translate(images, direction)`, e.g. a `CycleGAN`.
        pair: a `TranslationPair`.
        classifier: optional object with `predict_labels(images)` for
            28x28x1 digits in [-1, 1] (e.g.
            `ganzoo.metrics.load_domain_classifier("mnist")`).
        num_examples: score only the first test images; None takes all.
        batch_size: images per network call.
        fake_b: G(a) of the first `num_examples` test images, if the caller
            has it already; None translates them here.

    Returns:
        A dict: `num_examples`, `mae` (G(a) vs the true B), `copy_mae`,
        `mae_b2a` (F(b) vs a), `copy_mae_b2a`; with a classifier also
        `accuracy_real` (on a), `accuracy_cycle` (on F(G(a))) and
        `accuracy_b2a` (on F(b)): the share of digits whose label survives.

    Example:

    ```python
    classifier = ganzoo.metrics.load_domain_classifier("mnist")
    scores = evaluate_translation(gan, pair, classifier)
    ```
    """
    n = (
        len(pair.test_a)
        if num_examples is None
        else min(num_examples, len(pair.test_a))
    )
    a, b = to_float(pair.test_a[:n]), to_float(pair.test_b[:n])
    if fake_b is None:
        fake_b = gan.translate(a, "a2b", batch_size=batch_size)
    fake_a = gan.translate(b, "b2a", batch_size=batch_size)
    copy_b = np.broadcast_to(a, b.shape)
    copy_a = b.mean(axis=-1, keepdims=True)
    scores = dict(
        num_examples=n,
        mae=float(np.mean(np.abs(fake_b - b)) / 2),
        copy_mae=float(np.mean(np.abs(copy_b - b)) / 2),
        mae_b2a=float(np.mean(np.abs(fake_a - a)) / 2),
        copy_mae_b2a=float(np.mean(np.abs(copy_a - a)) / 2),
    )
    if classifier is not None:
        labels = pair.test_labels[:n]
        cycled = gan.translate(fake_b, "b2a", batch_size=batch_size)
        for key, images in (("real", a), ("cycle", cycled), ("b2a", fake_a)):
            view = pair.to_classifier_view(images)
            predicted = _batched(classifier.predict_labels, view, batch_size)
            scores[f"accuracy_{key}"] = float(np.mean(np.asarray(predicted) == labels))
    return scores
