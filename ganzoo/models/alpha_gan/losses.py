"""alpha-GAN's losses as pure functions on logits (Rosca et al. 2017, Alg. 1).

Notation as in `ganzoo.objectives.losses`: `D = sigmoid(l)` for a logit
`l`, `-log D = softplus(-l)`, `-log(1 - D) = softplus(l)`. Each function
returns a float32 scalar, a mean over the batch.
"""

from keras import ops

from ganzoo.objectives.precision import float32_logits

ADVERSARIAL_FORMS = ("density_ratio", "non_saturating")


def reconstruction_loss(real, reconstructed):
    """`||x - G(E(x))||_1` per example, averaged over its dimensions.

    The paper's likelihood term is `lambda * ||x - x_hat||_1` (a Laplace
    likelihood); the mean over dimensions (not the sum) keeps one `lambda`
    meaningful for 2-D points and 784-pixel images alike.
    """
    error = ops.abs(ops.cast(real, "float32") - ops.cast(reconstructed, "float32"))
    return ops.mean(error)


@float32_logits
def classifier_loss(real_logits, *fake_logits):
    """Cross-entropy of a discriminator: real -> 1, every fake batch -> 0.

    `-log D(x) - sum_i log(1 - D(fake_i))`: the image discriminator gets the
    reconstructions and the samples as two fake batches, the code
    discriminator the encoder's codes against prior draws as real.
    """
    loss = ops.mean(ops.softplus(-real_logits))
    for logits in fake_logits:
        loss = loss + ops.mean(ops.softplus(logits))
    return loss


@float32_logits
def adversarial_loss(fake_logits, form="density_ratio"):
    """The generator's (or encoder's) adversarial term on its fakes' logits.

    Args:
        fake_logits: the discriminator's logits of generated data (codes).
        form: `"density_ratio"`, the paper's `-log(D / (1 - D))`, the minus
            logit: the non-saturating `-log D` plus the saturating
            `log(1 - D)`, an estimate of the log density ratio; or
            `"non_saturating"`, `-log D` alone.
    """
    if form == "density_ratio":
        return -ops.mean(fake_logits)
    if form == "non_saturating":
        return ops.mean(ops.softplus(-fake_logits))
    raise ValueError(
        f"Received: `generator_adversarial={form!r}`; expected one of "
        f"{list(ADVERSARIAL_FORMS)}."
    )
