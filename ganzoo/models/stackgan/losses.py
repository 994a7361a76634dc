"""StackGAN's losses as pure functions of logits and Gaussian moments.

Reference: Zhang et al., "StackGAN: Text to Photo-realistic Image Synthesis
with Stacked Generative Adversarial Networks", ICCV 2017.
"""

from keras import ops

from ganzoo.objectives.precision import float32_logits


def _bce(logits, target):
    # Numerically stable sigmoid cross-entropy: max(x, 0) - x t + log(1 + e^-|x|).
    return ops.mean(
        ops.relu(logits) - logits * target + ops.log1p(ops.exp(-ops.abs(logits)))
    )


@float32_logits
def stackgan_discriminator_loss(real_logits, wrong_logits, fake_logits):
    """Matching-aware D loss: real+matching text is real, the rest fake.

    `BCE(real, 1) + (BCE(wrong, 0) + BCE(fake, 0)) / 2`, the weighting of the
    paper's code: a real image with mismatched text and a generated image
    with its text each count half.

    Args:
        real_logits: D's logits for real images with their own text.
        wrong_logits: D's logits for real images with mismatched text.
        fake_logits: D's logits for generated images with their text.

    Example:

    >>> stackgan_discriminator_loss(ops.ones((2, 1)), -ops.ones((2, 1)),
    ...                             -ops.ones((2, 1)))  # log(1 + e^-1)
    """
    return _bce(real_logits, 1.0) + 0.5 * (
        _bce(wrong_logits, 0.0) + _bce(fake_logits, 0.0)
    )


@float32_logits
def stackgan_generator_loss(fake_logits):
    """Non-saturating G loss on D's logits for generated image + text."""
    return _bce(fake_logits, 1.0)


@float32_logits
def kl_loss(mean, log_variance):
    """`KL(N(mean, diag(exp(log_variance))) || N(0, I))`, batch mean.

    The conditioning augmentation regularizer, `0.5 * sum(var + mean^2 - 1
    - log var)` over the code dimensions.

    Args:
        mean: `(batch, dim)` means.
        log_variance: `(batch, dim)` log-variances.
    """
    terms = ops.exp(log_variance) + ops.square(mean) - 1.0 - log_variance
    return ops.mean(0.5 * ops.sum(terms, axis=-1))
