"""The discriminator as a feature extractor: DCGAN's linear probe.

`discriminator_features(gan, images)` max-pools every convolutional
activation of the discriminator to a `grid x grid` map and concatenates
them; `linear_probe(gan, "mnist")` trains a linear classifier on those
features with few labels and reports its test error over several label
draws. `probe_error` is the harness: any feature function goes through the
same splits, so raw pixels and a randomly initialised discriminator are
baselines of the same protocol; `supervised_error` trains the same
architecture on the same labels.

Reference: Radford et al., "Unsupervised Representation Learning with Deep
Convolutional Generative Adversarial Networks", ICLR 2016, Sec. 5.1 and the
authors' `svhn/svhn_semisup_analysis.py` (features max-pooled to 4x4,
batch-norm statistics recomputed over the training set, an L2-SVM with C
picked on a 10,000-image validation split, 100 labels per class).
"""

import keras
import numpy as np

from ganzoo.data.semisupervised import semi_supervised_split
from ganzoo.data.stacked_mnist import load_image_arrays
from ganzoo.metrics.linear_classifier import fit_linear, predict_linear

# The DCGAN script's grid, and a wider one for features of other scales.
DCGAN_C_GRID = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2)
C_GRID = tuple(m * 10.0**e for e in range(-5, 0) for m in (1, 3)) + (1.0,)
BATCH_NORM = ("inference", "recomputed")
_ACTIVATIONS = (keras.layers.LeakyReLU, keras.layers.ReLU, keras.layers.Activation)


def _discriminator(gan):
    d = getattr(gan, "discriminator", gan)
    if not isinstance(d, keras.Model) or not hasattr(d, "layers"):
        raise ValueError(
            f"Received: `gan={gan!r}`; expected a GAN with a functional "
            "`discriminator` (or that keras.Model)."
        )
    return d


def conv_activations(discriminator):
    """The layers whose 4-D outputs are probed: each conv's nonlinearity.

    The activation layers with 4-D outputs (after batch norm where there is
    one); where a network has none, its `Conv2D` layers.
    """
    layers = [
        layer
        for layer in discriminator.layers
        if isinstance(layer, _ACTIVATIONS) and len(layer.output.shape) == 4
    ]
    layers = layers or [
        layer
        for layer in discriminator.layers
        if isinstance(layer, keras.layers.Conv2D)
    ]
    if not layers:
        raise ValueError(
            f"Received: a discriminator `{discriminator.name}` without "
            "convolutional feature maps; expected a convolutional network."
        )
    return layers


def adaptive_max_pool(maps, grid):
    """`(n, h, w, c)` -> `(n, grid, grid, c)`: the max over near-equal bins.

    Bin i spans `[floor(i h / grid), ceil((i + 1) h / grid))` (bins overlap
    by a row when `grid` does not divide `h`), as adaptive max pooling.
    """
    n, h, w, c = maps.shape
    rows = [(i * h // grid, -(-(i + 1) * h // grid)) for i in range(grid)]
    cols = [(j * w // grid, -(-(j + 1) * w // grid)) for j in range(grid)]
    out = np.empty((n, grid, grid, c), maps.dtype)
    for i, (r0, r1) in enumerate(rows):
        for j, (c0, c1) in enumerate(cols):
            out[:, i, j] = maps[:, r0:r1, c0:c1].max(axis=(1, 2))
    return out


def recompute_batch_norm(discriminator, images, batch_size=500):
    """A copy of `discriminator` whose batch-norm statistics are `images`'.

    Layer by layer, in order, each `BatchNormalization`'s moving mean and
    variance become the mean and variance of its inputs over `images`
    (the earlier layers already using theirs), as the DCGAN script does with
    the training set. The original model is left unchanged.
    """
    copy = keras.models.clone_model(discriminator)
    copy.set_weights(discriminator.get_weights())
    for layer in copy.layers:
        if not isinstance(layer, keras.layers.BatchNormalization):
            continue
        inputs = keras.Model(copy.input, layer.input).predict(
            images, batch_size=batch_size, verbose=0
        )
        axes = tuple(range(inputs.ndim - 1))
        layer.moving_mean.assign(inputs.mean(axis=axes))
        layer.moving_variance.assign(inputs.var(axis=axes))
    return copy


def discriminator_features(
    gan, images, grid=4, batch_norm="inference", train_images=None, batch_size=500
):
    """Every conv activation of D max-pooled to `grid x grid`, concatenated.

    Args:
        gan: a GAN (its `discriminator` is used) or a functional D itself.
        images: `(n, h, w, c)` float images in D's input range ([-1, 1]).
        grid: the side each feature map is pooled to (DCGAN: 4).
        batch_norm: `"inference"` (D's moving statistics) or `"recomputed"`
            (statistics of `train_images`, see `recompute_batch_norm`).
        train_images: the images whose statistics `"recomputed"` uses.
        batch_size: images per forward pass.

    Returns:
        A float32 `(n, sum_l grid * grid * channels_l)` array.

    Example:

    ```python
    gan = ganzoo.build("dcgan", preset="dcgan_mnist")
    feats = discriminator_features(gan, images)  # (n, 16 * (64 + 128))
    ```
    """
    return feature_extractor(gan, grid, batch_norm, train_images, batch_size)(images)


def feature_extractor(
    gan, grid=4, batch_norm="inference", train_images=None, batch_size=500
):
    """`discriminator_features` as a function of images, D prepared once."""
    d = _discriminator(gan)
    if batch_norm not in BATCH_NORM:
        raise ValueError(
            f"Received: `batch_norm={batch_norm!r}`; expected one of {BATCH_NORM}."
        )
    if batch_norm == "recomputed":
        if train_images is None:
            raise ValueError(
                "Received: `train_images=None` with `batch_norm='recomputed'`; "
                "expected the training images whose statistics to use."
            )
        d = recompute_batch_norm(d, train_images, batch_size)
    model = keras.Model(d.input, [layer.output for layer in conv_activations(d)])

    def features(images):
        maps = model.predict(np.asarray(images, np.float32), batch_size, verbose=0)
        maps = maps if isinstance(maps, (list, tuple)) else [maps]
        pooled = [adaptive_max_pool(m, grid).reshape(len(m), -1) for m in maps]
        return np.concatenate(pooled, axis=1).astype(np.float32)

    return features


def pixels(images):
    """Raw pixels as features: the baseline of no representation."""
    images = np.asarray(images, np.float32)
    return images.reshape(len(images), -1)


def probe_splits(dataset="mnist", validation=10_000):
    """`{"pool", "valid", "test"}`: `(images in [-1, 1], labels)` pairs.

    The labels are drawn from the pool (the training set less its last
    `validation` images); C is chosen on those last images, as the DCGAN
    script's 10,000-image validation split; the test split is the test set.
    """
    out = {}
    x, y = load_image_arrays(dataset, "train")
    xt, yt = load_image_arrays(dataset, "test")
    for name, images, labels in (
        ("pool", x[:-validation], y[:-validation]),
        ("valid", x[-validation:], y[-validation:]),
        ("test", xt, yt),
    ):
        out[name] = (images.astype(np.float32) / 127.5 - 1.0, np.asarray(labels))
    return out


def label_draws(splits, labels_per_class, draws, seed=0):
    """The labeled pool indices of each draw (`semi_supervised_split`, seeds
    `seed`, `seed + 1`, ...)."""
    labels = splits["pool"][1]
    return [
        semi_supervised_split(labels, labels_per_class, seed=seed + i)[0]
        for i in range(draws)
    ]


def _summary(errors, **extra):
    errors = np.asarray(errors, np.float64)
    stderr = errors.std(ddof=1) / np.sqrt(len(errors)) if len(errors) > 1 else 0.0
    return {
        "error": float(errors.mean()),
        "stderr": float(stderr),
        "errors": errors.tolist(),
        **extra,
    }


def probe_error(
    features,
    splits,
    labels_per_class=100,
    draws=5,
    c_grid=C_GRID,
    loss="squared_hinge",
    seed=0,
):
    """Test error of a linear classifier on `features`, over label draws.

    Per draw: `labels_per_class` labeled pool images per class, features
    standardised by the labeled set's mean and standard deviation, one fit
    per C of `c_grid` (warm-started, in the labeled set's span), the C of
    least validation error, its test error.

    Args:
        features: a function from images to `(n, d)` features.
        splits: `probe_splits(...)`.
        labels_per_class: labels per class of each draw (DCGAN: 100).
        draws: number of label draws.
        c_grid: the C values tried.
        loss: `"squared_hinge"` (L2-SVM) or `"logistic"`.
        seed: seed of the first draw.

    Returns:
        `{"error", "stderr", "errors", "c"}`: mean test error, its standard
        error over draws, each draw's error and chosen C.
    """
    valid = features(splits["valid"][0])
    test = features(splits["test"][0])
    k = int(splits["pool"][1].max()) + 1
    errors, chosen = [], []
    for index in label_draws(splits, labels_per_class, draws, seed):
        x, y = features(splits["pool"][0][index]), splits["pool"][1][index]
        mean, std = x.mean(0), np.maximum(x.std(0), 1e-6)
        # With fewer examples than features the optimal W lies in the span
        # of the examples: fitting in that basis is exact and cheaper.
        basis = np.linalg.svd((x - mean) / std, full_matrices=False)[2].T
        basis = basis if basis.shape[1] < x.shape[1] else np.eye(x.shape[1])

        def scale(f, mean=mean, std=std, basis=basis):
            return ((f - mean) / std) @ basis

        params, best = None, (np.inf, None, None)
        for c in sorted(c_grid):
            params = fit_linear(scale(x), y, c, loss, k, init=params)
            err = np.mean(predict_linear(params, scale(valid), k) != splits["valid"][1])
            best = min(best, (err, c, params), key=lambda b: b[0])
        errors.append(
            np.mean(predict_linear(best[2], scale(test), k) != splits["test"][1])
        )
        chosen.append(best[1])
    return _summary(errors, c=chosen)


def linear_probe(
    gan,
    dataset="mnist",
    labels_per_class=100,
    draws=5,
    c_grid=C_GRID,
    loss="squared_hinge",
    grid=4,
    batch_norm="recomputed",
    bn_images=10_000,
    splits=None,
    seed=0,
):
    """DCGAN's probe: a linear classifier on D's pooled conv features.

    Args:
        gan: a GAN with a functional convolutional `discriminator`.
        dataset: `"mnist"` or `"fashion_mnist"` (see `probe_splits`).
        labels_per_class, draws, c_grid, loss, seed: see `probe_error`.
        grid, batch_norm: see `discriminator_features`; `"recomputed"` uses
            the first `bn_images` pool images.
        splits: `probe_splits(dataset)`, to share between calls.

    Returns:
        As `probe_error`: test error mean, standard error over draws, ...

    Example:

    ```python
    gan = ganzoo.build("dcgan", preset="dcgan_mnist")
    linear_probe(gan, labels_per_class=100, draws=5)["error"]
    ```

    Reference: Radford et al., ICLR 2016, Sec. 5.1 (SVHN: 22.48% error
    with 1,000 labels against 28.87% for the same CNN trained supervised).
    """
    splits = splits or probe_splits(dataset)
    train = splits["pool"][0][:bn_images]
    extract = feature_extractor(gan, grid, batch_norm, train)
    return probe_error(extract, splits, labels_per_class, draws, c_grid, loss, seed)
