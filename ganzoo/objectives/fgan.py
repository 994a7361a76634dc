"""f-GAN: variational divergence minimisation (Nowozin et al. 2016).

For a convex `f` with `f(1) = 0`, the f-divergence
`D_f(P || Q) = E_Q[f(p(x) / q(x))]` is bounded below by
`F(T) = E_P[T(x)] - E_Q[f*(T(x))]` for every critic `T` (Fenchel duality),
with equality at `T(x) = f'(p(x) / q(x))`. The discriminator's raw output
`v` becomes `T = g_f(v)` through an output activation `g_f` that keeps `T` in
the domain of the conjugate `f*`. The discriminator maximises `F`; the
generator (P = data, Q = model) minimises it, here with the alternative
update of the paper's section 3.2 (the analogue of the "-log D trick"):
maximise `E_Q[g_f(v)]`.

Table 2 of the paper, with `f*(g_f(v))` written directly on `v` so that it is
numerically stable (each row's closed form is checked against
`conjugate(activation(v))` in the tests):

| name                | f(u)                          | g_f(v)                | f*(t)           | f*(g_f(v))        |
|---------------------|-------------------------------|-----------------------|-----------------|-------------------|
| `kl`                | u log u                       | v                     | exp(t - 1)      | exp(v - 1)        |
| `reverse_kl`        | -log u                        | -exp(-v)              | -1 - log(-t)    | v - 1             |
| `pearson_chi2`      | (u - 1)^2                     | v                     | t^2 / 4 + t     | v^2 / 4 + v       |
| `squared_hellinger` | (sqrt(u) - 1)^2               | 1 - exp(-v)           | t / (1 - t)     | exp(v) - 1        |
| `jensen_shannon`    | u log u - (u+1) log((u+1)/2)  | log 2 - softplus(-v)  | -log(2 - e^t)   | softplus(v) - log 2 |
| `gan`               | u log u - (u+1) log(u+1)      | -softplus(-v)         | -log(1 - e^t)   | softplus(v)       |

With this `f`, `jensen_shannon` estimates twice the Jensen-Shannon
divergence and `gan` estimates `2 JSD - log 4` (the paper's Table 1). Losses
are registered as `fgan_<name>`: `ganzoo.build("vanilla", loss="fgan_kl")`.

Reference: Nowozin, Cseke & Tomioka, "f-GAN: Training Generative Neural
Samplers using Variational Divergence Minimization", NeurIPS 2016, Tables 1-2
(reference 003 of this project).
"""  # noqa: E501

import collections
import math

import numpy as np
from keras import ops

from ganzoo.objectives.precision import float32_logits

# exp() overflows float32 near 88; past this exponent it continues as its
# tangent line, so a confidently wrong critic keeps a finite loss and slope.
_EXP_LIMIT = 30.0
_LOG2 = math.log(2.0)

Divergence = collections.namedtuple(
    "Divergence", ["f", "activation", "conjugate", "conjugate_of_activation"]
)


def _exp(x):
    clipped = ops.minimum(x, _EXP_LIMIT)
    return ops.exp(clipped) * (1.0 + ops.maximum(x - _EXP_LIMIT, 0.0))


# Each row: f (NumPy, for closed-form divergences), g_f, f*, f*(g_f(v)).
DIVERGENCES = {
    "kl": Divergence(
        f=lambda u: u * np.log(u),
        activation=lambda v: v,
        conjugate=lambda t: ops.exp(t - 1.0),
        conjugate_of_activation=lambda v: _exp(v - 1.0),
    ),
    "reverse_kl": Divergence(
        f=lambda u: -np.log(u),
        activation=lambda v: -_exp(-v),
        conjugate=lambda t: -1.0 - ops.log(-t),
        conjugate_of_activation=lambda v: v - 1.0,
    ),
    "pearson_chi2": Divergence(
        f=lambda u: (u - 1.0) ** 2,
        activation=lambda v: v,
        conjugate=lambda t: t * t / 4.0 + t,
        conjugate_of_activation=lambda v: v * v / 4.0 + v,
    ),
    "squared_hellinger": Divergence(
        f=lambda u: (np.sqrt(u) - 1.0) ** 2,
        activation=lambda v: 1.0 - _exp(-v),
        conjugate=lambda t: t / (1.0 - t),
        conjugate_of_activation=lambda v: _exp(v) - 1.0,
    ),
    "jensen_shannon": Divergence(
        f=lambda u: u * np.log(u) - (u + 1.0) * np.log((u + 1.0) / 2.0),
        activation=lambda v: _LOG2 - ops.softplus(-v),
        conjugate=lambda t: -ops.log(2.0 - ops.exp(t)),
        conjugate_of_activation=lambda v: ops.softplus(v) - _LOG2,
    ),
    "gan": Divergence(
        f=lambda u: u * np.log(u) - (u + 1.0) * np.log(u + 1.0),
        activation=lambda v: -ops.softplus(-v),
        conjugate=lambda t: -ops.log(1.0 - ops.exp(t)),
        conjugate_of_activation=lambda v: ops.softplus(v),
    ),
}


def list_divergences():
    """Returns the sorted names of the f-divergences (Table 2 of the paper)."""
    return sorted(DIVERGENCES)


def get_divergence(name):
    """Returns the `Divergence(f, activation, conjugate, conjugate_of_activation)`.

    Args:
        name: one of `list_divergences()`, e.g. `"reverse_kl"`.
    """
    if name not in DIVERGENCES:
        raise ValueError(
            f"Unknown f-divergence: Received: `divergence={name!r}`; expected one "
            f"of {list_divergences()}."
        )
    return DIVERGENCES[name]


def variational_bound(real_outputs, fake_outputs, divergence):
    """`F = E_P[g_f(v)] - E_Q[f*(g_f(v))]`, the lower bound on `D_f(P || Q)`.

    Args:
        real_outputs: raw discriminator outputs `v` on samples of P (data).
        fake_outputs: raw outputs on samples of Q (the generator).
        divergence: a name of `list_divergences()`.

    Returns:
        A scalar; it equals `D_f(P || Q)` when `g_f(v) = f'(p / q)`.
    """
    row = get_divergence(divergence)
    return ops.mean(row.activation(real_outputs)) - ops.mean(
        row.conjugate_of_activation(fake_outputs)
    )


def fgan_discriminator_loss(real_logits, fake_logits, divergence):
    """The discriminator's loss: minus the variational bound `F`.

    Args:
        real_logits: raw discriminator outputs on real data.
        fake_logits: raw outputs on generated data.
        divergence: a name of `list_divergences()`.
    """
    return -variational_bound(real_logits, fake_logits, divergence)


def fgan_generator_loss(fake_logits, divergence):
    """The generator's loss `-E_Q[g_f(v)]` (section 3.2's alternative update).

    Args:
        fake_logits: raw discriminator outputs on generated data.
        divergence: a name of `list_divergences()`.
    """
    return -ops.mean(get_divergence(divergence).activation(fake_logits))


def fgan_saddle_generator_loss(fake_logits, divergence):
    """The generator's side of the saddle point, `-E_Q[f*(g_f(v))]`.

    Minimising `F` over the generator exactly, as in the paper's eq. (6);
    the paper reports the alternative (`fgan_generator_loss`) trains faster.

    Args:
        fake_logits: raw discriminator outputs on generated data.
        divergence: a name of `list_divergences()`.
    """
    return -ops.mean(get_divergence(divergence).conjugate_of_activation(fake_logits))


def loss_pair(divergence):
    """`(discriminator_loss, generator_loss)` functions of logits for one row."""
    get_divergence(divergence)

    @float32_logits
    def discriminator_loss(real_logits, fake_logits):
        return fgan_discriminator_loss(real_logits, fake_logits, divergence)

    @float32_logits
    def generator_loss(fake_logits):
        return fgan_generator_loss(fake_logits, divergence)

    discriminator_loss.__name__ = f"fgan_{divergence}_discriminator_loss"
    generator_loss.__name__ = f"fgan_{divergence}_generator_loss"
    return discriminator_loss, generator_loss
