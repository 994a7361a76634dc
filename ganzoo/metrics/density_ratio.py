"""How well a discriminator estimates the density ratio, where the truth is known.

Every GAN objective trains a discriminator that estimates `r = p / q` (the
lectures' unifying view). On a 2D mixture `p` (`ganzoo.data.mixtures`) and a
fixed Gaussian `q` both densities are exact, so the estimate can be scored:
a small MLP is trained with a loss of `ganzoo.losses` (data = p, "fakes" =
q), its output turned into `r_hat` by the loss's own link, and

- `nmse = E_q[(r_hat - r*)^2] / E_q[r*^2]`, the normalised squared error,
- `kl = E_p[log r_hat]`, the KL(p || q) estimate, beside the exact KL
  (a Monte Carlo mean of `log p - log q` under p, 200,000 points).

The expectations under q are taken by importance sampling from `(p + q) / 2`
(p is concentrated where q puts little mass: plain samples of q would
seldom see the modes, where the error lives). The baseline is the classical
uLSIF closed form (Kanamori, Hido & Sugiyama, JMLR 2009) with Gaussian basis
functions on samples of p, width and ridge picked on held-out samples by
the LSIF loss (no ground truth used).
"""

import math

import keras
import numpy as np
import scipy.special
import tensorflow as tf

from ganzoo.data import mixtures
from ganzoo.objectives import fgan, losses, ratio

# The loss families of the lectures' table: class-probability estimation
# (the GAN's Bernoulli loss and two scoring rules), divergence minimisation
# (f-GAN KL and Pearson) and density-ratio matching (LSIF, KLIEP).
FAMILIES = (
    "non_saturating",
    "brier",
    "spherical",
    "fgan_kl",
    "fgan_pearson_chi2",
    "ratio_lsif",
    "ratio_kliep",
)
_FGAN_INVERSE_LINK = {  # r = (f')^-1(T), T = g_f(v)
    "kl": lambda t: np.exp(t - 1.0),
    "pearson_chi2": lambda t: np.maximum(1.0 + t / 2.0, 0.0),
    "reverse_kl": lambda t: -1.0 / t,
}


def reference_gaussian(mixture):
    """`(mean, std)` of q: isotropic, with the mixture's mean and spread."""
    mean = mixture.means.mean(axis=0)
    var = ((mixture.means - mean) ** 2).mean() + mixture.std**2
    return mean, float(np.sqrt(var))


def log_p(mixture, x):
    """Exact log-density of the equally weighted isotropic mixture at `x`."""
    sq = ((x[:, None, :] - mixture.means[None]) ** 2).sum(-1)
    log_k = -sq / (2 * mixture.std**2) - math.log(2 * math.pi * mixture.std**2)
    return scipy.special.logsumexp(log_k, axis=1) - math.log(len(mixture.means))


def log_q(mixture, x):
    mean, std = reference_gaussian(mixture)
    return -((x - mean) ** 2).sum(-1) / (2 * std**2) - math.log(2 * math.pi * std**2)


def sample_q(mixture, n, rng):
    mean, std = reference_gaussian(mixture)
    return (mean + std * rng.standard_normal((n, 2))).astype(np.float32)


def ratio_from_logits(loss, v):
    """`r_hat` from raw discriminator outputs, by the loss's own link."""
    v = np.asarray(v, np.float64)
    if loss.startswith("fgan_"):
        name = loss[len("fgan_") :]
        t = np.asarray(fgan.get_divergence(name).activation(v), np.float64)
        return _FGAN_INVERSE_LINK[name](t)
    if loss.startswith("ratio_"):
        family, _ = ratio.registered_names()[loss]
        parameterization = ratio.ROWS[family].parameterization
        return np.asarray(ratio.ratio_and_log(v, parameterization)[0], np.float64)
    return np.exp(np.minimum(v, 80.0))  # D = sigmoid(v): r = D / (1 - D).


def scores(mixture, ratio_fn, n=50_000, seed=1):
    """`{"nmse", "kl"}` of the ratio estimate `ratio_fn(points) -> r_hat`."""
    rng = np.random.default_rng(seed)
    x_p = mixtures.sample_mixture(mixture, n, seed=rng)[0].astype(np.float64)
    x = np.concatenate([x_p, sample_q(mixture, n, rng)])
    lp, lq = log_p(mixture, x), log_q(mixture, x)
    weight = np.exp(lq - np.logaddexp(lp, lq) + math.log(2.0))  # q / ((p + q) / 2)
    r_true, r_hat = np.exp(lp - lq), np.asarray(ratio_fn(x), np.float64)
    nmse = np.mean(weight * (r_hat - r_true) ** 2) / np.mean(weight * r_true**2)
    kl = np.mean(np.log(np.maximum(r_hat[:n], 1e-300)))
    return {"nmse": float(nmse), "kl": float(kl)}


def exact_kl(mixture, n=200_000, seed=2):
    x = mixtures.sample_mixture(mixture, n, seed=seed)[0].astype(np.float64)
    return float(np.mean(log_p(mixture, x) - log_q(mixture, x)))


def train_discriminator(mixture, loss, steps=2_000, batch_size=256, seed=0):
    """Trains an MLP 2-128-128-1 (ReLU, Adam 1e-3) with `loss` on p against q.

    Returns:
        `fn(points) -> r_hat`.
    """
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    net = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(128, activation="relu")]
        + [keras.layers.Dense(128, activation="relu"), keras.layers.Dense(1)]
    )
    optimizer = keras.optimizers.Adam(1e-3)
    d_loss = losses.get_loss(loss).discriminator
    mean, std = reference_gaussian(mixture)
    scale = np.float32(std)  # Inputs standardised by q's spread.

    @tf.function(jit_compile=True)
    def step(x_p, x_q):
        with tf.GradientTape() as tape:
            value = d_loss(net((x_p - mean) / scale), net((x_q - mean) / scale))
        variables = net.trainable_variables
        optimizer.apply(tape.gradient(value, variables), variables)
        return value

    for _ in range(steps):
        x_p = mixtures.sample_mixture(mixture, batch_size, seed=rng)[0]
        step(x_p, sample_q(mixture, batch_size, rng))

    def fn(x):
        v = net.predict(((x - mean) / scale).astype(np.float32), 8192, verbose=0)
        return ratio_from_logits(loss, v[:, 0])

    return fn


def ulsif(mixture, n=2_000, num_basis=200, seed=0):
    """uLSIF with Gaussian bases on p's samples; width and ridge by hold-out.

    `r_hat(x) = sum_l alpha_l exp(-||x - c_l||^2 / (2 w^2))` with
    `alpha = max(0, (H + lambda I)^-1 h)`, `H = E_q[phi phi^T]`,
    `h = E_p[phi]` (Kanamori et al. 2009); `(w, lambda)` minimise the LSIF
    loss `E_q[r_hat^2] / 2 - E_p[r_hat]` on held-out samples.

    Returns:
        `fn(points) -> r_hat`.
    """
    rng = np.random.default_rng(seed)
    x_p = mixtures.sample_mixture(mixture, 2 * n, seed=rng)[0].astype(np.float64)
    x_q = sample_q(mixture, 2 * n, rng).astype(np.float64)
    centres = x_p[rng.choice(n, num_basis, replace=False)]
    _, std = reference_gaussian(mixture)

    def phi(x, width):
        sq = ((x[:, None, :] - centres[None]) ** 2).sum(-1)
        return np.exp(-sq / (2 * width**2))

    best = None
    for width in std * np.array([0.003, 0.01, 0.03, 0.1, 0.3]):
        for ridge in (1e-3, 1e-2, 1e-1):
            phi_q, phi_p = phi(x_q[:n], width), phi(x_p[:n], width)
            h_mat = phi_q.T @ phi_q / n + ridge * np.eye(num_basis)
            alpha = np.maximum(np.linalg.solve(h_mat, phi_p.mean(0)), 0.0)
            r_q, r_p = phi(x_q[n:], width) @ alpha, phi(x_p[n:], width) @ alpha
            held_out = 0.5 * np.mean(r_q**2) - np.mean(r_p)
            if best is None or held_out < best[0]:
                best = (held_out, width, alpha)
    _, width, alpha = best
    return lambda x: phi(np.asarray(x, np.float64), width) @ alpha


def density_ratio_table(dataset, families=FAMILIES, steps=2_000, seed=0):
    """`{family or "ulsif": {"nmse", "kl"}}` plus `"kl_true"` on one mixture."""
    mixture = mixtures.get_mixture(dataset)
    table = {"kl_true": exact_kl(mixture)}
    table["ulsif"] = scores(mixture, ulsif(mixture, seed=seed))
    for loss in families:
        fn = train_discriminator(mixture, loss, steps=steps, seed=seed)
        table[loss] = scores(mixture, fn)
    return table
