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


def channel_views_exist(shape_a, shape_b):
    """Whether `as_channels` can show each domain in the other's channels."""
    same_side = shape_a[:-1] == shape_b[:-1]
    return same_side and (shape_a[-1] == shape_b[-1] or 1 in (shape_a[-1], shape_b[-1]))


def as_channels(images, channels):
    """Images with `channels` channels: the same, the channel mean, or repeated."""
    have = images.shape[-1]
    if have == channels:
        return images
    if channels == 1:
        return ops.mean(images, axis=-1, keepdims=True)
    return ops.repeat(images, channels, axis=-1)
