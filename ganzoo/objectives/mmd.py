"""Maximum mean discrepancy (MMD) with a sum of Gaussian kernels.

Moment matching, the fourth way of the lectures to compare a model with
data: `MMD^2(P, Q) = E[k(x, x')] + E[k(y, y')] - 2 E[k(x, y)]` with x, x'
from P and y, y' from Q. The kernel is a sum of Gaussians,
`k(x, y) = sum_s exp(-||x - y||^2 / (2 s))`, each `s` acting as a variance
(the GMMN paper's `sigma`); on [0, 1] MNIST pixels Li et al. used
s in {2, 5, 10, 20, 40, 80}.

Two estimators from minibatches of `m` and `n` points:

- biased (a V-statistic, Gretton et al. 2012, eq. 5): every pair, the
  diagonals `k(x_i, x_i)` included; always >= 0. Generative moment matching
  networks minimise its square root (`mmd`, with an epsilon so that its
  gradient stays finite at 0).
- unbiased (a U-statistic, eq. 3): the diagonals left out; it can be
  negative on a minibatch. MMD nets minimise it as is.

Pure functions in `keras.ops` on samples (any shape after the batch axis),
computed in float32 whatever the inputs' dtype.

References: Gretton et al., "A Kernel Two-Sample Test", JMLR 2012; Li,
Swersky & Zemel, "Generative Moment Matching Networks", ICML 2015;
Dziugaite, Roy & Ghahramani, "Training generative neural networks via
Maximum Mean Discrepancy optimization", UAI 2015.
"""

from keras import ops

# The GMMN paper's kernel variances on [0, 1] MNIST pixels.
GMMN_SCALES = (2.0, 5.0, 10.0, 20.0, 40.0, 80.0)
ESTIMATORS = ("biased", "unbiased")
DEFAULT_EPSILON = 1e-8


def _flat32(x):
    x = ops.cast(x, "float32")
    return ops.reshape(x, (ops.shape(x)[0], -1))


def _check_scales(scales):
    scales = tuple(float(s) for s in scales)
    if not scales or min(scales) <= 0:
        raise ValueError(
            f"Received: `scales={scales!r}`; expected one or more kernel "
            "variances > 0, e.g. (2, 5, 10, 20, 40, 80)."
        )
    return scales


def gaussian_kernel(x, y, scales=GMMN_SCALES):
    """`(m, n)` matrix of `sum_s exp(-||x_i - y_j||^2 / (2 s))`.

    Args:
        x: `(m, ...)` points.
        y: `(n, ...)` points of the same trailing shape.
        scales: the kernels' variances `s` (> 0).

    Returns:
        A float32 tensor `(m, n)`.
    """
    scales = _check_scales(scales)
    x, y = _flat32(x), _flat32(y)
    sq = (
        ops.sum(ops.square(x), axis=1)[:, None]
        + ops.sum(ops.square(y), axis=1)[None, :]
        - 2.0 * ops.matmul(x, ops.transpose(y))
    )
    sq = ops.maximum(sq, 0.0)  # Rounding can make a distance slightly negative.
    return sum(ops.exp(-sq / (2.0 * s)) for s in scales)


def mmd2(x, y, scales=GMMN_SCALES, estimator="biased"):
    """The squared MMD between the samples `x` and `y`.

    Args:
        x: `(m, ...)` samples of P (e.g. data).
        y: `(n, ...)` samples of Q (e.g. the generator's).
        scales: variances `s` of the Gaussian kernels that are summed.
        estimator: `"biased"` (all pairs; >= 0) or `"unbiased"` (without
            the diagonal terms; needs m, n >= 2 and can be negative).

    Returns:
        A float32 scalar.

    Example:

    >>> x = keras.random.uniform((100, 784))
    >>> float(mmd2(x, x))   # 0 up to rounding
    0.0

    Reference: Gretton et al., JMLR 2012, eqs. (3) and (5).
    """
    if estimator not in ESTIMATORS:
        raise ValueError(
            f"Received: `estimator={estimator!r}`; expected one of {list(ESTIMATORS)}."
        )
    k_xx, k_yy = gaussian_kernel(x, x, scales), gaussian_kernel(y, y, scales)
    k_xy = gaussian_kernel(x, y, scales)
    if estimator == "biased":
        return ops.mean(k_xx) + ops.mean(k_yy) - 2.0 * ops.mean(k_xy)
    m = ops.cast(ops.shape(k_xx)[0], "float32")
    n = ops.cast(ops.shape(k_yy)[0], "float32")
    # Each kernel is 1 at distance 0, so each diagonal term is len(scales).
    diagonal = float(len(_check_scales(scales)))
    xx = (ops.sum(k_xx) - m * diagonal) / (m * (m - 1.0))
    yy = (ops.sum(k_yy) - n * diagonal) / (n * (n - 1.0))
    return xx + yy - 2.0 * ops.mean(k_xy)


def mmd(x, y, scales=GMMN_SCALES, epsilon=DEFAULT_EPSILON):
    """`sqrt(max(biased MMD^2, 0) + epsilon)`: the GMMN paper's loss.

    The epsilon keeps the gradient finite where the two samples coincide
    (the square root's slope is infinite at 0).

    Args:
        x: `(m, ...)` samples of P.
        y: `(n, ...)` samples of Q.
        scales: variances `s` of the Gaussian kernels.
        epsilon: added under the square root (>= 0).

    Returns:
        A float32 scalar.

    Reference: Li, Swersky & Zemel, "Generative Moment Matching Networks",
    ICML 2015, section 3 (and the authors' code, github.com/yujiali/gmmn).
    """
    if not epsilon >= 0:
        raise ValueError(f"Received: `epsilon={epsilon!r}`; expected a number >= 0.")
    return ops.sqrt(ops.maximum(mmd2(x, y, scales, "biased"), 0.0) + epsilon)
