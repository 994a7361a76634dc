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
def stackgan_discriminator_loss(
    real_logits,
    wrong_logits,
    fake_logits,
    real_unconditional=None,
    fake_unconditional=None,
):
    """Matching-aware D loss: real+matching text is real, the rest fake.

    `BCE(real, 1) + (BCE(wrong, 0) + BCE(fake, 0)) / 2`, the weighting of the
    paper's code: a real image with mismatched text and a generated image
    with its text each count half.

    With a D that also scores images without text (the authors' PyTorch
    Stage-II D), the weighting of that code: `(BCE(real, 1) +
    BCE(real_unconditional, 1)) / 2 + (BCE(fake, 0) + BCE(wrong, 0) +
    BCE(fake_unconditional, 0)) / 3`.

    Args:
        real_logits: D's logits for real images with their own text.
        wrong_logits: D's logits for real images with mismatched text.
        fake_logits: D's logits for generated images with their text.
        real_unconditional: optional text-free logits of the real images.
        fake_unconditional: optional text-free logits of the generated ones.

    Example:

    >>> stackgan_discriminator_loss(ops.ones((2, 1)), -ops.ones((2, 1)),
    ...                             -ops.ones((2, 1)))  # log(1 + e^-1)
    """
    if real_unconditional is not None:
        real = _bce(real_logits, 1.0) + _bce(real_unconditional, 1.0)
        fake = _bce(fake_logits, 0.0) + _bce(fake_unconditional, 0.0)
        return real / 2.0 + (fake + _bce(wrong_logits, 0.0)) / 3.0
    return _bce(real_logits, 1.0) + 0.5 * (
        _bce(wrong_logits, 0.0) + _bce(fake_logits, 0.0)
    )


@float32_logits
def stackgan_generator_loss(fake_logits, fake_unconditional=None):
    """Non-saturating G loss on D's logits for generated image + text.

    With text-free logits (the authors' PyTorch Stage-II), their
    non-saturating loss is added: `BCE(fake, 1) + BCE(fake_unconditional, 1)`.
    """
    if fake_unconditional is not None:
        return _bce(fake_logits, 1.0) + _bce(fake_unconditional, 1.0)
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
