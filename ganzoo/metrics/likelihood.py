"""Exact likelihoods of flows: bits/dim, latent statistics, the Gaussian baseline.

A model with `log_prob(images)` (a density on [-1, 1]^D of continuous
images, e.g. `ganzoo.nets.flows.RealNVPFlow` and the `realnvp` entry) is
scored on the MNIST test set as `PROTOCOL` says. The full-covariance
Gaussian in logit space (`gaussian_baseline`, NumPy) checks the
convention against the MAF paper's number.
"""

import math

import numpy as np

from ganzoo.nets.batching import call_in_batches
from ganzoo.nets.flows import LOGIT_LAMBDA

PROTOCOL = (
    "the 10,000 test images, uniformly dequantised ((k + u) / 256, u ~ U[0, 1)) "
    "with {draws} noise draws per image; bits/dim = -log2 p(x) / D + 8 of the "
    "density on [0, 1]^D, i.e. the 8-bit code length upper bound (MAF / Real NVP "
    "convention; logit transform lambda = 1e-6 inside the model, its log-det "
    "included); stderr over images"
)
# Papamakarios et al. 2017 (MAF), Table 2: test log-likelihood in logit
# space (lambda = 1e-6) of a full-covariance Gaussian fitted to MNIST.
MAF_GAUSSIAN_LOGIT_NATS = -1366.9
BITS_KEYS = ("bits_per_dim", "bits_per_dim_stderr")
LATENT_KEYS = (
    "latent_mean_rms",
    "latent_var_mean",
    "latent_var_rms_deviation",
    "latent_sq_norm_per_dim",
    "latent_log_normal_per_dim",
)


def levels_to_unit(levels, rng):
    """8-bit levels (any shape) -> dequantised values `(k + u) / 256` in [0, 1)."""
    return (np.asarray(levels, np.float64) + rng.random(np.shape(levels))) / 256.0


def logit_with_log_det(unit, logit_lambda=LOGIT_LAMBDA):
    """`(y, log|dy/du|)` of `y = logit(lambda + (1 - 2 lambda) u)`, per example."""
    s = logit_lambda + (1.0 - 2.0 * logit_lambda) * unit
    y = np.log(s) - np.log1p(-s)
    log_det = np.log1p(-2.0 * logit_lambda) - np.log(s) - np.log1p(-s)
    return y, log_det.reshape(len(unit), -1).sum(axis=1)


def gaussian_baseline(train_levels, test_levels, seed=0, logit_lambda=LOGIT_LAMBDA):
    """A full-covariance Gaussian in logit space, fitted by maximum likelihood.

    Args:
        train_levels: uint8 images `(n, ...)` to fit on.
        test_levels: uint8 images to score.
        seed: NumPy seed of the dequantisation noise.
        logit_lambda: lambda of the logit transform.

    Returns:
        `{"logit_nats": mean test log N(y), "bits_per_dim": ...}`; MAF's Table
        2 gives -1366.9 nats on MNIST (about 2.01 bits/dim).
    """
    rng = np.random.default_rng(seed)
    n, d = len(train_levels), int(np.prod(np.shape(train_levels)[1:]))
    total, outer = np.zeros(d), np.zeros((d, d))
    for start in range(0, n, 10_000):
        chunk = levels_to_unit(train_levels[start : start + 10_000], rng)
        y, _ = logit_with_log_det(chunk.reshape(len(chunk), d), logit_lambda)
        total += y.sum(axis=0)
        outer += y.T @ y
    mean = total / n
    chol = np.linalg.cholesky(outer / n - np.outer(mean, mean))
    unit = levels_to_unit(test_levels, rng).reshape(len(test_levels), d)
    y, log_det = logit_with_log_det(unit, logit_lambda)
    from scipy.linalg import solve_triangular

    white = solve_triangular(chol, (y - mean).T, lower=True)
    log_normal = (
        -0.5 * np.sum(white**2, axis=0)
        - np.sum(np.log(np.diag(chol)))
        - 0.5 * d * math.log(2 * math.pi)
    )
    log_unit = log_normal + log_det  # Density of u on [0, 1]^D.
    return {
        "logit_nats": float(log_normal.mean()),
        "bits_per_dim": float(np.mean(-log_unit / (d * math.log(2)) + 8.0)),
    }


def _test_levels(dataset, num_examples):
    from ganzoo.data import stacked_mnist

    levels, _ = stacked_mnist.load_image_arrays(dataset, "test")
    return levels if num_examples is None else levels[:num_examples]


def _dequantised(levels, rng):
    # The model's input convention: (k + u) / 128 - 1 on [-1, 1).
    return (levels_to_unit(levels, rng) * 2.0 - 1.0).astype(np.float32)


def model_bits_per_dim(model, levels, num_draws=2, seed=0, batch_size=500):
    """Mean bits/dim of `model.log_prob` on 8-bit images and its standard error.

    Each image's bits/dim is averaged over `num_draws` dequantisation draws;
    the standard error is over images.
    """
    rng = np.random.default_rng(seed)
    d = int(np.prod(levels.shape[1:]))
    per_image = np.zeros(len(levels))
    for _ in range(num_draws):
        log_p = call_in_batches(
            lambda x: model.log_prob(x), _dequantised(levels, rng), batch_size, ()
        )
        per_image += (-log_p / (d * math.log(2.0)) + 7.0) / num_draws
    stderr = per_image.std() / math.sqrt(len(per_image))
    return float(per_image.mean()), float(stderr)


def bits_per_dim(gan, data, seed=0, *, num_draws=2, num_examples=None):
    """The `bits_per_dim` evaluator: exact bits/dim of the test set (`PROTOCOL`)."""
    _check_flow(gan, "bits_per_dim")
    levels = _test_levels(data["name"], num_examples)
    mean, stderr = model_bits_per_dim(gan, levels, num_draws, seed)
    return {"bits_per_dim": mean, "bits_per_dim_stderr": stderr}


def latent_statistics(latents):
    """Statistics of flat latents `(n, D)` against N(0, I); see `LATENT_KEYS`.

    Under N(0, I): per-dimension means 0 (rms over dimensions), variances 1
    (mean and rms deviation from 1), `||z||^2 / D` = 1 and `log N(z) / D` =
    -1.4189 nats.
    """
    z = np.asarray(latents, np.float64)
    d = z.shape[1]
    var = z.var(axis=0)
    sq_norm = np.sum(z**2, axis=1)
    return {
        "latent_mean_rms": float(np.sqrt(np.mean(z.mean(axis=0) ** 2))),
        "latent_var_mean": float(var.mean()),
        "latent_var_rms_deviation": float(np.sqrt(np.mean((var - 1.0) ** 2))),
        "latent_sq_norm_per_dim": float(sq_norm.mean() / d),
        "latent_log_normal_per_dim": float(
            np.mean(-0.5 * sq_norm / d - 0.5 * math.log(2 * math.pi))
        ),
    }


def latent_gaussianity(gan, data, seed=0, *, num_examples=None):
    """The `latent_gaussianity` evaluator: `z = f^-1(x_test)` against N(0, I)."""
    _check_flow(gan, "latent_gaussianity")
    levels = _test_levels(data["name"], num_examples)
    images = _dequantised(levels, np.random.default_rng(seed))
    latents = call_in_batches(
        lambda x: gan.inverse(x)[0], images, 500, (int(np.prod(levels.shape[1:])),)
    )
    return latent_statistics(latents)


def _check_flow(gan, evaluator):
    if not (hasattr(gan, "log_prob") and hasattr(gan, "inverse")):
        raise ValueError(
            f"Received: a {type(gan).__name__} for evaluator `{evaluator}`; "
            "expected a model with an exact `log_prob` and `inverse` (a flow, "
            "e.g. the `realnvp` entry)."
        )
