"""CycleGAN's loss terms as pure functions (Zhu et al., ICCV 2017)."""

from keras import ops

from ganzoo.objectives import losses


def l1_loss(x, y):
    """Mean absolute difference: the cycle and identity terms."""
    return ops.mean(ops.abs(x - y))


def adversarial_loss(logits):
    """A generator's least-squares term on its discriminator's logits.

    The reference code's generator terms are plain MSEs against 1;
    `least_squares_generator_loss` carries LSGAN's 1/2, hence the 2.
    """
    return 2.0 * losses.least_squares_generator_loss(logits)
