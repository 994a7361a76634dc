"""Density-ratio matching: Bregman losses on a positive ratio estimate.

The discriminator's output `v` gives a ratio estimate `r = p / q > 0`
(p the data, q the model) through `exp(v)` or `softplus(v)`. For a convex
`f`, the Bregman divergence between the true ratio `r*` and `r`, averaged
under q, is

    B_f(r* || r) = E_q[r f'(r) - f(r)] - E_p[f'(r)] + D_f(p || q),

so the discriminator minimises the first two terms, `L_B(r)`, which need
samples only; at its minimum `r = r*` and `L_B = -D_f(p || q)`. The rows:

| name        | f(r)                           | L_B(r)                                   |
|-------------|--------------------------------|------------------------------------------|
| `lsif`      | (r - 1)^2 / 2                  | E_q[(r^2 - 1) / 2] - E_p[r - 1]          |
| `kliep`     | r log r - r                    | E_q[r] - E_p[log r]                      |
| `bernoulli` | r log r - (1 + r) log(1 + r)   | E_q[log(1 + r)] - E_p[log(r / (1 + r))]  |

LSIF is least-squares importance fitting (Kanamori et al. 2009): `L_B` is
half the squared error `E_q[(r - r*)^2]` up to a constant. KLIEP's
(Sugiyama et al. 2008) is the KL form. The Bernoulli row is the GAN's
logistic loss with `D = r / (1 + r)`. The talk's "ratio loss ends up being
identical to that of f-divergence": LSIF with the f-GAN critic
`T = 2 (r - 1)` is half of the f-GAN Pearson chi^2 loss (tests check it).

The generator's loss is chosen separately ("can decouple generator loss
from discriminator loss"): `non_saturating`, `-E_q[log D]` with
`D = r / (1 + r)` (the default: it does not vanish when `r << 1`, as it is
early in training), `reverse_kl`, `-E_q[log r]` (KL(q || p) at `r = r*`),
or `minimax`, `-E_q[r f'(r) - f(r)]` (the saddle point of `L_B`).

Registered as losses (`ganzoo.losses.list_losses()`): `ratio_<row>` with the
non-saturating generator, `ratio_<row>_<generator>` with another one; e.g.
`ganzoo.build("vanilla", loss="ratio_kliep_reverse_kl")`.

Reference: Mohamed & Lakshminarayanan, "Learning in Implicit Generative
Models", arXiv:1610.03483, section 2.3 (and the talk, reference 003 here);
Sugiyama, Suzuki & Kanamori, "Density Ratio Estimation in Machine
Learning", 2012.
"""  # noqa: E501

import collections

import numpy as np
from keras import ops

from ganzoo.objectives.precision import float32_logits

# Past this exponent exp() continues as its tangent line (finite loss and slope).
_EXP_LIMIT = 30.0
PARAMETERIZATIONS = ("exp", "softplus")
GENERATOR_LOSSES = ("non_saturating", "reverse_kl", "minimax")

Row = collections.namedtuple("Row", ["f", "f_prime", "fake_term", "parameterization"])


def _exp(v):
    clipped = ops.minimum(v, _EXP_LIMIT)
    return ops.exp(clipped) * (1.0 + ops.maximum(v - _EXP_LIMIT, 0.0))


def _log1p_exp_of_log(log_r):
    return ops.softplus(log_r)  # log(1 + r) from log r.


# f (NumPy, for closed-form divergences), f' and the fake term
# r f'(r) - f(r) (keras.ops on r and log r), the default parameterization.
ROWS = {
    "lsif": Row(
        f=lambda r: 0.5 * (r - 1.0) ** 2,
        f_prime=lambda r, log_r: r - 1.0,
        fake_term=lambda r, log_r: 0.5 * (r * r - 1.0),
        parameterization="softplus",
    ),
    "kliep": Row(
        f=lambda r: r * np.log(r) - r,
        f_prime=lambda r, log_r: log_r,
        fake_term=lambda r, log_r: r,
        parameterization="exp",
    ),
    "bernoulli": Row(
        f=lambda r: r * np.log(r) - (1.0 + r) * np.log1p(r),
        f_prime=lambda r, log_r: log_r - _log1p_exp_of_log(log_r),
        fake_term=lambda r, log_r: _log1p_exp_of_log(log_r),
        parameterization="exp",
    ),
}


def list_ratio_losses():
    """Returns the sorted names of the Bregman rows (`lsif`, `kliep`, ...)."""
    return sorted(ROWS)


def _row(name):
    if name not in ROWS:
        raise ValueError(
            f"Unknown ratio loss: Received: `family={name!r}`; expected one of "
            f"{list_ratio_losses()}."
        )
    return ROWS[name]


def ratio_and_log(logits, parameterization="exp"):
    """`(r, log r)` of the ratio estimate from raw discriminator outputs.

    Args:
        logits: raw discriminator outputs `v`.
        parameterization: `"exp"` (`r = exp(v)`, so `log r = v`) or
            `"softplus"` (`r = softplus(v)`, which grows linearly).
    """
    if parameterization == "exp":
        return _exp(logits), logits
    if parameterization == "softplus":
        r = ops.softplus(logits)
        # log(softplus(v)) = v - softplus(-v) + log(1 + ...) is unstable far
        # below zero; softplus(v) ~ exp(v) there, so use v itself.
        return r, ops.where(logits < -20.0, logits, ops.log(ops.maximum(r, 1e-30)))
    raise ValueError(
        f"Received: `parameterization={parameterization!r}`; expected one of "
        f"{list(PARAMETERIZATIONS)}."
    )


@float32_logits
def bregman_discriminator_loss(
    real_logits, fake_logits, family="lsif", parameterization=None
):
    """`L_B(r) = E_q[r f'(r) - f(r)] - E_p[f'(r)]`, the ratio-matching loss.

    Args:
        real_logits: raw discriminator outputs on data (samples of p).
        fake_logits: raw outputs on generated samples (of q).
        family: a row of `list_ratio_losses()`.
        parameterization: `"exp"` or `"softplus"`; `None` takes the row's
            (softplus for `lsif`, whose `r^2` would grow as `exp(2 v)`).

    Returns:
        A float32 scalar; `B_f(r* || r) - D_f(p || q)`, so `-D_f(p || q)`
        at the true ratio.
    """
    row = _row(family)
    parameterization = parameterization or row.parameterization
    r_real, log_real = ratio_and_log(real_logits, parameterization)
    r_fake, log_fake = ratio_and_log(fake_logits, parameterization)
    return ops.mean(row.fake_term(r_fake, log_fake)) - ops.mean(
        row.f_prime(r_real, log_real)
    )


@float32_logits
def ratio_generator_loss(
    fake_logits, family="lsif", generator="non_saturating", parameterization=None
):
    """The generator's loss on the ratio estimate at its samples.

    Args:
        fake_logits: raw discriminator outputs on generated samples.
        family: the row the discriminator is trained with (used by
            `generator="minimax"` and for the default parameterization).
        generator: `"non_saturating"` (`-E_q[log(r / (1 + r))]`),
            `"reverse_kl"` (`-E_q[log r]`) or `"minimax"`
            (`-E_q[r f'(r) - f(r)]`).
        parameterization: as for `bregman_discriminator_loss`.
    """
    row = _row(family)
    r, log_r = ratio_and_log(fake_logits, parameterization or row.parameterization)
    if generator == "non_saturating":
        return ops.mean(ops.softplus(-log_r))
    if generator == "reverse_kl":
        return -ops.mean(log_r)
    if generator == "minimax":
        return -ops.mean(row.fake_term(r, log_r))
    raise ValueError(
        f"Received: `generator={generator!r}`; expected one of "
        f"{list(GENERATOR_LOSSES)}."
    )


def loss_pair(family, generator="non_saturating", parameterization=None):
    """`(discriminator_loss, generator_loss)` functions of logits for one row.

    Example:

    >>> d_fn, g_fn = loss_pair("kliep", generator="reverse_kl")
    """
    _row(family)
    if generator not in GENERATOR_LOSSES:
        raise ValueError(
            f"Received: `generator={generator!r}`; expected one of "
            f"{list(GENERATOR_LOSSES)}."
        )

    def discriminator_loss(real_logits, fake_logits):
        return bregman_discriminator_loss(
            real_logits, fake_logits, family, parameterization
        )

    def generator_loss(fake_logits):
        return ratio_generator_loss(fake_logits, family, generator, parameterization)

    suffix = "" if generator == "non_saturating" else f"_{generator}"
    discriminator_loss.__name__ = f"ratio_{family}_discriminator_loss"
    generator_loss.__name__ = f"ratio_{family}{suffix}_generator_loss"
    return discriminator_loss, generator_loss


def registered_names():
    """`{loss name: (family, generator)}` as `ganzoo.losses` registers them."""
    names = {}
    for family in list_ratio_losses():
        for generator in GENERATOR_LOSSES:
            suffix = "" if generator == "non_saturating" else f"_{generator}"
            names[f"ratio_{family}{suffix}"] = (family, generator)
    return names
