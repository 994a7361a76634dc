"""GAN objectives as pure functions on discriminator outputs.

Every function takes logits (the discriminator's raw, pre-sigmoid output) and
returns a scalar mean over the batch, in float32 whatever the logits' dtype
(`ganzoo.objectives.precision.float32_logits`: mixed-precision discriminators give
float16/bfloat16 logits). A loss pair is chosen by name with
`get_loss(name)`; `GAN.train_step` only combines the two halves.

Notation: `D(x) = sigmoid(l)` with `l` the logit, so
`log D(x) = -softplus(-l)` and `log(1 - D(x)) = -softplus(l)`; softplus keeps
both numerically stable where D saturates.

The class-probability scoring rules of Mohamed & Lakshminarayanan (bernoulli,
brier, exponential, logit_hinge, spherical) live in `ganzoo.objectives.scoring_rules`
and are registered here under those names, so every loss pair is chosen the
same way: `ganzoo.build("dcgan", loss="brier")`. The f-GAN divergences of
Nowozin et al. (`ganzoo.objectives.fgan`) are registered as `fgan_<name>`
(`fgan_kl`, `fgan_reverse_kl`, ...), the density-ratio (Bregman) losses
(`ganzoo.objectives.ratio`) as `ratio_<row>[_<generator loss>]` (`ratio_lsif`,
`ratio_kliep`, `ratio_kliep_reverse_kl`, ...).
"""

import collections

from keras import ops

from ganzoo.objectives import fgan, ratio, scoring_rules
from ganzoo.objectives.precision import float32_logits
from ganzoo.objectives.scoring_rules import (  # noqa: F401  (re-exported)
    bernoulli_discriminator_loss,
    bernoulli_generator_loss,
    brier_discriminator_loss,
    brier_generator_loss,
    exponential_discriminator_loss,
    exponential_generator_loss,
    logit_hinge_discriminator_loss,
    logit_hinge_generator_loss,
    spherical_discriminator_loss,
    spherical_generator_loss,
)

LossPair = collections.namedtuple("LossPair", ["discriminator", "generator"])

_LOSSES: dict[str, LossPair] = {}


def _register_loss(name, discriminator_loss, generator_loss):
    if name in _LOSSES:
        raise ValueError(f"Received: `name={name!r}`; loss already registered.")
    _LOSSES[name] = LossPair(discriminator_loss, generator_loss)


def list_losses():
    """Returns the sorted names accepted by `get_loss` and `build(..., loss=)`."""
    return sorted(_LOSSES)


def get_loss(name):
    """Returns the `LossPair(discriminator, generator)` registered as `name`.

    Args:
        name: one of `list_losses()`, e.g. `"non_saturating"`.

    Example:

    >>> d_loss_fn, g_loss_fn = ganzoo.losses.get_loss("least_squares")
    """
    if name not in _LOSSES:
        raise ValueError(
            f"Unknown loss: Received: `loss={name!r}`; expected one of {list_losses()}."
        )
    return _LOSSES[name]


@float32_logits
def minimax_discriminator_loss(real_logits, fake_logits):
    """Discriminator loss of the original minimax game.

    `-E[log D(x)] - E[log(1 - D(G(z)))]`, i.e. binary cross-entropy with real
    labelled 1 and fake labelled 0. Shared by the minimax and non-saturating
    games: they differ only in the generator's objective.

    Args:
        real_logits: discriminator logits on real data.
        fake_logits: discriminator logits on generated data.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    """
    return ops.mean(ops.softplus(-real_logits)) + ops.mean(ops.softplus(fake_logits))


@float32_logits
def minimax_generator_loss(fake_logits):
    """Saturating generator loss of the minimax game: `E[log(1 - D(G(z)))]`.

    Its gradient vanishes when D confidently rejects the samples
    (`D(G(z)) -> 0`), which is the case early in training; kept for
    reproducing the paper's analysis.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    """
    return -ops.mean(ops.softplus(fake_logits))


non_saturating_discriminator_loss = minimax_discriminator_loss


@float32_logits
def non_saturating_generator_loss(fake_logits):
    """Non-saturating ("-log D trick") generator loss: `-E[log D(G(z))]`.

    Same fixed point as the minimax game but strong gradients where D rejects
    the samples.

    Args:
        fake_logits: discriminator logits on generated data.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014,
    section 3.
    """
    return ops.mean(ops.softplus(-fake_logits))


@float32_logits
def least_squares_discriminator_loss(real_logits, fake_logits, a=0.0, b=1.0):
    """LSGAN discriminator loss with the a-b coding.

    `1/2 E[(D(x) - b)^2] + 1/2 E[(D(G(z)) - a)^2]` where `D` is the raw
    (linear) output: fake is coded `a`, real is coded `b`.

    Args:
        real_logits: discriminator outputs on real data.
        fake_logits: discriminator outputs on generated data.
        a: target for fake data.
        b: target for real data.

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017, eq. (2); `a=0, b=1, c=1` is the paper's choice used here.
    """
    return 0.5 * ops.mean(ops.square(real_logits - b)) + 0.5 * ops.mean(
        ops.square(fake_logits - a)
    )


@float32_logits
def least_squares_generator_loss(fake_logits, c=1.0):
    """LSGAN generator loss: `1/2 E[(D(G(z)) - c)^2]`.

    Args:
        fake_logits: discriminator outputs on generated data.
        c: the value G wants D to believe for fake data.

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017, eq. (2).
    """
    return 0.5 * ops.mean(ops.square(fake_logits - c))


@float32_logits
def wasserstein_discriminator_loss(real_logits, fake_logits):
    """Wasserstein critic loss: `E[f(G(z))] - E[f(x)]`.

    Minimising it maximises `E[f(x)] - E[f(G(z))]`, the Kantorovich-Rubinstein
    estimate of the Earth-Mover distance, which is only meaningful when the
    critic `f` is kept (roughly) 1-Lipschitz: weight clipping (`clip_value`)
    or a gradient penalty (`penalty="wgan_gp"`). Unconstrained, the loss is
    unbounded below.

    Args:
        real_logits: critic outputs on real data.
        fake_logits: critic outputs on generated data.

    Reference: Arjovsky et al., "Wasserstein Generative Adversarial
    Networks", ICML 2017, eq. (3) and Algorithm 1.
    """
    return ops.mean(fake_logits) - ops.mean(real_logits)


@float32_logits
def wasserstein_generator_loss(fake_logits):
    """Wasserstein generator loss: `-E[f(G(z))]`.

    Its gradient with respect to the critic output is -1 wherever the samples
    are, so it never saturates.

    Args:
        fake_logits: critic outputs on generated data.

    Reference: Arjovsky et al., ICML 2017, Algorithm 1.
    """
    return -ops.mean(fake_logits)


@float32_logits
def hinge_discriminator_loss(real_logits, fake_logits):
    """Hinge discriminator loss: `E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]`.

    `D` is the raw output (the log-odds); examples beyond the margin stop
    contributing. Same as the `logit_hinge` scoring rule.

    Args:
        real_logits: discriminator outputs on real data.
        fake_logits: discriminator outputs on generated data.

    Reference: Lim & Ye, "Geometric GAN", arXiv:1705.02894, 2017; used with
    spectral normalization by Miyato et al., ICLR 2018, eq. (17).
    """
    return ops.mean(ops.relu(1.0 - real_logits)) + ops.mean(ops.relu(1.0 + fake_logits))


@float32_logits
def hinge_generator_loss(fake_logits):
    """Hinge-GAN generator loss: `-E[D(G(z))]` (no margin for the generator).

    Args:
        fake_logits: discriminator outputs on generated data.

    Reference: Lim & Ye, 2017; Miyato et al., ICLR 2018, eq. (17).
    """
    return -ops.mean(fake_logits)


_register_loss("minimax", minimax_discriminator_loss, minimax_generator_loss)
_register_loss(
    "non_saturating", non_saturating_discriminator_loss, non_saturating_generator_loss
)
_register_loss(
    "least_squares", least_squares_discriminator_loss, least_squares_generator_loss
)
_register_loss(
    "wasserstein", wasserstein_discriminator_loss, wasserstein_generator_loss
)
_register_loss("hinge", hinge_discriminator_loss, hinge_generator_loss)
for _name in scoring_rules.SCORING_RULES:
    _register_loss(
        _name,
        getattr(scoring_rules, f"{_name}_discriminator_loss"),
        getattr(scoring_rules, f"{_name}_generator_loss"),
    )
for _name in fgan.list_divergences():
    _register_loss(f"fgan_{_name}", *fgan.loss_pair(_name))
for _name, (_family, _generator) in ratio.registered_names().items():
    _register_loss(_name, *ratio.loss_pair(_family, _generator))
