"""InfoGAN's information term as pure functions of Q's outputs.

InfoGAN (Chen et al. 2016) adds `-lambda * L_I(G, Q)` to both players'
losses, where `L_I = H(c) + E[log Q(c | G(z, c))]` is a variational lower
bound on the mutual information `I(c; G(z, c))` (the paper's eq. 4-5). `H(c)`
is fixed by the code's prior, so minimising `-L_I` is minimising Q's
negative log-likelihood of the codes that made each generated sample:
a K-way cross-entropy for a categorical code and a factored Gaussian
negative log-likelihood for continuous codes, as the authors' code
(openai/InfoGAN, `infogan_trainer.py`) computes it.
"""

import math

from keras import ops

from ganzoo.objectives.conditional import class_cross_entropy
from ganzoo.objectives.precision import float32_logits

HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)


@float32_logits
def gaussian_code_nll(codes, means, log_stds=None):
    """Mean negative log-likelihood of codes under a factored Gaussian.

    `-E[sum_j log N(c_j; mu_j, sigma_j)]`, summed over the code's
    dimensions and averaged over the batch. `log_stds=None` fixes every
    `sigma_j` at 1, as the authors' MNIST code does (`fix_std=True`): the
    loss is then `0.5 * ||c - mu||^2 + d/2 * log(2 pi)`.

    Args:
        codes: `(batch, d)` continuous codes fed to G.
        means: `(batch, d)` Q's means.
        log_stds: `None`, or `(batch, d)` Q's log standard deviations.

    Example:

    >>> gaussian_code_nll(keras.ops.array([[1.0]]), keras.ops.array([[0.0]]))
    1.4189...  # 0.5 + 0.5 * log(2 pi)

    Reference: Chen et al., "InfoGAN", NeurIPS 2016, section 5.
    """
    codes = ops.cast(codes, means.dtype)
    if log_stds is None:
        per_dim = 0.5 * ops.square(codes - means) + HALF_LOG_TWO_PI
    else:
        scaled = (codes - means) * ops.exp(-log_stds)
        per_dim = 0.5 * ops.square(scaled) + log_stds + HALF_LOG_TWO_PI
    return ops.mean(ops.sum(per_dim, axis=-1))


def infogan_mutual_information_loss(
    categorical_codes,
    categorical_logits,
    continuous_codes=None,
    continuous_means=None,
    categorical_weight=1.0,
    continuous_weight=1.0,
    continuous_log_stds=None,
):
    """InfoGAN's `-lambda * L_I` up to the constant `lambda * H(c)`.

    `categorical_weight * CE(c, Q_cat) + continuous_weight * NLL(c', Q_cont)`:
    both players add it to their losses (D's update trains Q, which shares
    D's trunk; G's update makes its codes recoverable). Evaluate it on
    generated samples only: Q never sees real data.

    Args:
        categorical_codes: `(batch,)` int categorical codes fed to G.
        categorical_logits: `(batch, K)` Q's logits for them.
        continuous_codes: `None` or `(batch, d)` continuous codes fed to G.
        continuous_means: `None` or `(batch, d)` Q's means for them.
        categorical_weight: lambda of the categorical code (the paper: 1).
        continuous_weight: lambda of the continuous codes (the authors'
            MNIST code: 1, the same `info_reg_coeff`).
        continuous_log_stds: `None` (sigma fixed at 1, the code's) or Q's
            `(batch, d)` log standard deviations.

    Returns:
        A float32 scalar.

    Example:

    ```python
    loss = infogan_mutual_information_loss(codes, q_logits, c_cont, q_means)
    ```

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning
    by Information Maximizing Generative Adversarial Nets", NeurIPS 2016,
    eq. 6.
    """
    loss = categorical_weight * class_cross_entropy(
        categorical_codes, categorical_logits
    )
    if (continuous_codes is None) != (continuous_means is None):
        raise ValueError(
            "Received: only one of `continuous_codes` and `continuous_means`; "
            "expected both (continuous codes) or neither."
        )
    if continuous_codes is not None:
        nll = gaussian_code_nll(continuous_codes, continuous_means, continuous_log_stds)
        loss = loss + continuous_weight * nll
    return loss


def categorical_information(categorical_codes, categorical_logits, num_classes):
    """The lower bound `L_I` of `I(c; G(z, c))` for a uniform K-way code, nats.

    `log K - CE(c, Q)`: at most `log K` (Q recovers every code), 0 or less
    when Q does no better than the prior. The authors' code logs it as
    `MI_disc`.

    Args:
        categorical_codes: `(batch,)` int codes fed to G.
        categorical_logits: `(batch, K)` Q's logits for them.
        num_classes: K.
    """
    cross_entropy = class_cross_entropy(categorical_codes, categorical_logits)
    return math.log(num_classes) - cross_entropy
