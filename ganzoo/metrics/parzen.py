"""Parzen-window log-likelihood, the protocol of Goodfellow et al. (2014).

A Gaussian kernel density estimate is fitted to generated samples, its width
sigma is picked from a grid by the mean log-likelihood of a validation set,
and the mean log-likelihood of the test set is reported with its standard
error. The paper's reference code (`parzen_ll.py`, github.com/goodfeli/
adversarial) uses 10,000 samples, the grid `logspace(-1, 0, 10)`, MNIST
train[50000:60000] as validation set (the GAN trained on train[:50000]) and
the 10,000 test images; its MNIST number is 225 +- 2 for the GAN. ganzoo
picks sigma on all 10,000 validation images; `parzen_ll.py`'s default
`--limit_size 1000` used the first 1,000 of them (`PROTOCOL` holds these
choices; the `"parzen"` evaluator and the results table read it).

Pixel scale: the paper's numbers are on [0, 1] pixels, ganzoo's images are
on [-1, 1]. The functions here work on whatever scale they get;
`to_unit_pixels` maps ganzoo images to [0, 1], and `ganzoo.metrics.evaluate`
(hence the `"parzen"` evaluator) scores there, so that its numbers compare
with the paper. Scaling data and sigma by `c` shifts every log-density by
`-d * log(c)`: on [-1, 1] MNIST numbers are 784 * log(2) = 543.4 nats lower.
"""

import collections

import numpy as np
import scipy.stats

from ganzoo.metrics.scores import pairwise_sq_distances

# Goodfellow et al.'s grid for [0, 1] pixels: 10 values from 0.1 to 1.
DEFAULT_SIGMAS = tuple(np.logspace(-1.0, 0.0, 10))
# The 2014 protocol on MNIST, as data (see the module docstring).
PROTOCOL = dict(
    num_samples=10_000,
    sigmas="logspace(-1, 0, 10)",
    validation="train[50000:60000]",
    test="test (10,000 images)",
    pixel_range=(0.0, 1.0),
    stderr="std(ll) / sqrt(n_test), ddof=0 (parzen_ll.py)",
)
# Li et al.'s (GMMN, ICML 2015) protocol (github.com/yujiali/gmmn,
# dataio/mnist.py and eval_mmd_generative_model.py): sigma from a finer grid,
# picked on 5,000 training images drawn by `np.random.seed(0)`'s permutation
# (the GMMN trained on the other 55,000); their Table 1: GMMN 147 +- 2,
# GMMN+AE 282 +- 2. Here the permutation is of ganzoo's training array order.
GMMN_SIGMAS = tuple(np.arange(0.1, 0.3, 0.01))
GMMN_PROTOCOL = dict(
    PROTOCOL,
    sigmas="arange(0.1, 0.3, 0.01)",
    validation="5,000 train images, RandomState(0).permutation(60000)[:5000]",
)
# Protocols by name: what the `"parzen"` evaluator's `protocol` option takes.
PROTOCOLS = {"goodfellow2014": PROTOCOL, "gmmn": GMMN_PROTOCOL}


def gmmn_validation_index(num_train=60_000, size=5_000):
    """Indices of the GMMN protocol's validation images in the training set."""
    return np.random.RandomState(0).permutation(num_train)[:size]


def to_unit_pixels(images):
    """Maps ganzoo images from [-1, 1] to the paper's [0, 1] pixels (float64)."""
    return (np.asarray(images, dtype=np.float64) + 1.0) / 2.0


def protocol_note():
    """One line saying how the Parzen numbers are made (for tables)."""
    p = PROTOCOL
    return (
        f"Parzen: {p['num_samples']:,} samples, sigma from {p['sigmas']} on "
        f"{p['validation']}, test LL on {p['test']}, pixels in [0, 1], "
        "+- standard error over test images"
    )


ParzenResult = collections.namedtuple(
    "ParzenResult", ["mean", "stderr", "sigma", "validation"]
)
ParzenResult.__doc__ = """Result of `parzen_log_likelihood`.

Attributes:
    mean: mean log-likelihood of the test points (nats).
    stderr: its standard error, `std(ll) / sqrt(n)` as in the paper's code.
    sigma: the window width picked on the validation set.
    validation: dict sigma -> mean validation log-likelihood (empty when
        `sigma` was given).
"""


def _flatten(name, x):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(
            f"Received: `{name}` of shape {x.shape}; expected at least 2 "
            "dimensions (num_points, ...) and at least one point."
        )
    return x.reshape(len(x), -1)


def _log_densities(samples, points, sigmas, batch_size):
    """`(len(points), len(sigmas))` Parzen log-densities, in blocks of points."""
    sigmas = np.asarray(sigmas, dtype=np.float64)
    dim = samples.shape[1]
    norm = np.log(len(samples)) + 0.5 * dim * np.log(2 * np.pi * sigmas**2)
    out = np.empty((len(points), len(sigmas)))
    for start in range(0, len(points), batch_size):
        sq = pairwise_sq_distances(points[start : start + batch_size], samples)
        # Log-sum-exp by hand, shifted by each row's nearest sample: the
        # distances do not depend on sigma, so one shift and one float32 copy
        # serve the whole grid, and float32 exp is about twice as fast as
        # scipy.special.logsumexp's float64 passes. Terms are in (0, 1] and
        # the largest is exactly 1, so float32 costs ~1e-7 relative error.
        nearest = sq.min(axis=1)
        shifted = (sq - nearest[:, None]).astype(np.float32)
        buffer = np.empty_like(shifted)
        for j, sigma in enumerate(sigmas):
            np.multiply(shifted, np.float32(-0.5 / sigma**2), out=buffer)
            np.exp(buffer, out=buffer)
            lse = np.log(buffer.sum(axis=1, dtype=np.float64))
            lse -= nearest * (0.5 / sigma**2)
            out[start : start + batch_size, j] = lse - norm[j]
    return out


def parzen_log_density(samples, points, sigma, batch_size=500):
    """Log-density of `points` under a Gaussian Parzen window on `samples`.

    `log p(x) = logsumexp_i(-|x - s_i|^2 / (2 sigma^2)) - log N
    - d/2 log(2 pi sigma^2)`, computed exactly (log-sum-exp) in blocks of
    `batch_size` points so memory stays at `batch_size * N` floats.

    Args:
        samples: `(N, ...)` kernel centres, e.g. generated images.
        points: `(M, ...)` points to evaluate, same trailing shape.
        sigma: the kernel's standard deviation (> 0).
        batch_size: points per block.

    Returns:
        float64 array `(M,)` of log-densities in nats.

    Example:

    >>> parzen_log_density(np.zeros((1, 1)), np.zeros((1, 1)), 1.0).round(4)
    array([-0.9189])

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    """
    if not sigma > 0:
        raise ValueError(f"Received: `sigma={sigma!r}`; expected a value > 0.")
    samples, points = _flatten("samples", samples), _flatten("points", points)
    if samples.shape[1] != points.shape[1]:
        raise ValueError(
            f"Received: `samples` with {samples.shape[1]} values per point and "
            f"`points` with {points.shape[1]}; expected the same."
        )
    return _log_densities(samples, points, [sigma], batch_size)[:, 0]


def parzen_log_likelihood(
    samples, test, validation=None, sigmas=DEFAULT_SIGMAS, sigma=None, batch_size=500
):
    """Parzen-window estimate of the test log-likelihood, sigma by validation.

    Args:
        samples: `(N, ...)` generated samples (the paper: 10,000).
        test: `(M, ...)` test points (the paper: MNIST's 10,000 test images,
            pixels in [0, 1]).
        validation: `(V, ...)` points that pick sigma (the paper: MNIST
            train[50000:]). Needed unless `sigma` is given.
        sigmas: the grid searched on the validation set.
        sigma: a fixed window width; skips the search.
        batch_size: points per block of the distance matrix.

    Returns:
        A `ParzenResult(mean, stderr, sigma, validation)`.

    Example:

    ```python
    to01 = lambda x: (x + 1.0) / 2.0  # the paper's pixel scale
    result = parzen_log_likelihood(to01(fake), to01(test), to01(valid))
    print(f"{result.mean:.0f} +- {result.stderr:.0f}")
    ```

    Reference: Goodfellow et al., NeurIPS 2014 (Table 1); Breuleux et al.,
    "Quickly generating representative samples from an RBM-derived
    process", 2011.
    """
    samples, test = _flatten("samples", samples), _flatten("test", test)
    scores = {}
    if sigma is None:
        if validation is None:
            raise ValueError(
                "Received: `validation=None` and `sigma=None`; expected a "
                "validation set to pick sigma, or a fixed `sigma`."
            )
        validation = _flatten("validation", validation)
        grid = np.asarray(sigmas, dtype=np.float64)
        if grid.ndim != 1 or len(grid) == 0 or not np.all(grid > 0):
            raise ValueError(
                f"Received: `sigmas={sigmas!r}`; expected a non-empty 1D grid "
                "of values > 0."
            )
        means = _log_densities(samples, validation, grid, batch_size).mean(axis=0)
        scores = {float(s): float(m) for s, m in zip(grid, means, strict=True)}
        sigma = float(grid[np.argmax(means)])
    ll = parzen_log_density(samples, test, sigma, batch_size)
    # ddof=0 as in the paper's parzen_ll.py: ll.std() / sqrt(len(test)).
    stderr = float(scipy.stats.sem(ll, ddof=0)) if len(ll) > 1 else 0.0
    return ParzenResult(float(ll.mean()), stderr, float(sigma), scores)
