"""Proper scoring rules for class-probability discriminators.

The discriminator is a classifier `D(x) = p(real | x) = sigmoid(l)` and can
be trained with any proper scoring rule `S(D, y)`; each one recovers the
density ratio `p*(x) / q(x) = D / (1 - D)` at its optimum. This module holds
Table 1 of Mohamed & Lakshminarayanan ("Learning in Implicit Generative
Models", arXiv:1610.03483, 2016; reference 003 of this project), written on
the logit `l` for numerical stability:

| name          | real term `S(D, 1)`          | fake term `S(D, 0)`              |
|---------------|------------------------------|----------------------------------|
| `bernoulli`   | `-log D`                     | `-log(1 - D)`                    |
| `brier`       | `(1 - D)^2`                  | `D^2`                            |
| `exponential` | `((1 - D) / D)^(1/2)`        | `(D / (1 - D))^(1/2)`            |
| `logit_hinge` | `max(0, 1 - log(D/(1-D)))`   | `max(0, 1 + log(D/(1-D)))`       |
| `spherical`   | `-alpha D`                   | `-alpha (1 - D)`                 |

with `alpha = (1 - 2D + 2D^2)^(-1/2)`. The table weights the two terms by
`pi` and `1 - pi`; ganzoo uses equal classes and sums them, as the minimax
loss does (i.e. twice the `pi = 1/2` value). The misclassification row is left
out: its gradient is zero almost everywhere.

The table defines the discriminator's side only; the paper notes that the
generator's loss can be chosen separately. Each generator loss here scores
the generated samples as if they were real, `E_q[S(D(G(z)), 1)]`: the
non-saturating choice (for `bernoulli` it is exactly the "-log D trick").
"""

import math

from keras import ops

from ganzoo.objectives.precision import float32_logits

SCORING_RULES = ("bernoulli", "brier", "exponential", "logit_hinge", "spherical")

# exp() of a confidently wrong logit overflows float32 near 88; past this
# exponent the exponential loss continues as its tangent line, keeping a
# finite value and a positive slope.
_EXP_LIMIT = 30.0


def _tangent_exp(z):
    capped = ops.minimum(z, _EXP_LIMIT)
    tangent = math.exp(_EXP_LIMIT) * (1.0 + z - _EXP_LIMIT)
    return ops.where(z > _EXP_LIMIT, tangent, ops.exp(capped))


def _spherical_terms(logits):
    # alpha^-1 = sqrt(D^2 + (1 - D)^2), which lies in [1/sqrt(2), 1].
    p_real, p_fake = ops.sigmoid(logits), ops.sigmoid(-logits)
    norm = ops.sqrt(ops.square(p_real) + ops.square(p_fake))
    return -p_real / norm, -p_fake / norm


@float32_logits
def bernoulli_discriminator_loss(real_logits, fake_logits):
    """Bernoulli (log) score: `E_p[-log D(x)] + E_q[-log(1 - D(G(z)))]`.

    The binary cross-entropy of the original GAN; equal to
    `minimax_discriminator_loss`.

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.softplus(-real_logits)) + ops.mean(ops.softplus(fake_logits))


@float32_logits
def bernoulli_generator_loss(fake_logits):
    """Bernoulli score of fakes labelled real: `E_q[-log D(G(z))]`.

    Equal to `non_saturating_generator_loss`.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.softplus(-fake_logits))


@float32_logits
def brier_discriminator_loss(real_logits, fake_logits):
    """Brier (quadratic) score: `E_p[(1 - D(x))^2] + E_q[D(G(z))^2]`.

    Least squares on the probability `D = sigmoid(l)`; LSGAN is the same idea
    on the raw output. Bounded, so its gradient vanishes where D is certain,
    whether right or wrong.

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.square(ops.sigmoid(-real_logits))) + ops.mean(
        ops.square(ops.sigmoid(fake_logits))
    )


@float32_logits
def brier_generator_loss(fake_logits):
    """Brier score of fakes labelled real: `E_q[(1 - D(G(z)))^2]`.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.square(ops.sigmoid(-fake_logits)))


@float32_logits
def exponential_discriminator_loss(real_logits, fake_logits):
    """Exponential score: `E_p[((1-D)/D)^(1/2)] + E_q[(D/(1-D))^(1/2)]`.

    On logits, `E_p[exp(-l/2)] + E_q[exp(l/2)]` (the boosting loss). Past
    `|l| = 60` each term continues linearly rather than overflowing.

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(_tangent_exp(-0.5 * real_logits)) + ops.mean(
        _tangent_exp(0.5 * fake_logits)
    )


@float32_logits
def exponential_generator_loss(fake_logits):
    """Exponential score of fakes labelled real: `E_q[exp(-l/2)]`.

    Grows exponentially where D rejects the samples, so its gradient is
    largest exactly where the minimax loss saturates.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(_tangent_exp(-0.5 * fake_logits))


@float32_logits
def logit_hinge_discriminator_loss(real_logits, fake_logits):
    """Hinge on the log-odds: `E_p[max(0, 1 - l)] + E_q[max(0, 1 + l)]`.

    `log(D / (1 - D))` is the logit `l`, so this equals the hinge GAN's
    discriminator loss (`hinge_discriminator_loss`).

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.relu(1.0 - real_logits)) + ops.mean(ops.relu(1.0 + fake_logits))


@float32_logits
def logit_hinge_generator_loss(fake_logits):
    """Hinge score of fakes labelled real: `E_q[max(0, 1 - l)]`.

    Unlike the hinge GAN's `-E[l]`, the generator stops being pushed once
    its samples pass the margin.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(ops.relu(1.0 - fake_logits))


@float32_logits
def spherical_discriminator_loss(real_logits, fake_logits):
    """Spherical score: `E_p[-alpha D] + E_q[-alpha (1 - D)]`.

    `alpha = (1 - 2D + 2D^2)^(-1/2)`; each term lies in [-1, 0], so the loss
    is bounded and saturates like Brier's.

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    real_score, _ = _spherical_terms(real_logits)
    _, fake_score = _spherical_terms(fake_logits)
    return ops.mean(real_score) + ops.mean(fake_score)


@float32_logits
def spherical_generator_loss(fake_logits):
    """Spherical score of fakes labelled real: `E_q[-alpha D(G(z))]`.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Mohamed & Lakshminarayanan, arXiv:1610.03483, Table 1.
    """
    return ops.mean(_spherical_terms(fake_logits)[0])
