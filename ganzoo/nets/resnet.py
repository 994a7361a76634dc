"""The CIFAR-10 networks of WGAN-GP and SN-GAN: ResNets and the standard CNN.

- `resnet_generator` / `resnet_discriminator`: the 32x32 ResNets of
  Gulrajani et al. 2017 (Appendix F, `gan_cifar_resnet.py`) and Miyato et
  al. 2018 (Appendix B, Table 4): a dense layer to 4x4, three up-sampling
  residual blocks (batch norm, ReLU, nearest-neighbour x2, 3x3 convs; a 1x1
  conv on the shortcut), batch norm, ReLU, a 3x3 conv and tanh; the critic
  an optimized first block, a down-sampling block and two plain ones
  (ReLU, 3x3 convs, 2x2 average pooling), ReLU, a global sum and one logit.
- `sngan_cnn_generator` / `sngan_cnn_discriminator`: the "standard CNN" of
  Miyato et al. 2018 (Table 3): 4x4 stride-2 transposed convs with batch
  norm from 4x4x512, and a critic of 3x3 stride-1 and 4x4 stride-2 convs
  (64 to 512 filters) with LeakyReLU(0.1).

`spectral_norm=True` wraps every conv and dense layer of a critic in
`keras.layers.SpectralNormalization`. All layers are `keras.layers`.
"""

import keras
from keras import layers


def _maybe_sn(layer, spectral_norm):
    return layers.SpectralNormalization(layer) if spectral_norm else layer


def _side_check(image_shape, multiple, what):
    shape = tuple(image_shape)
    if len(shape) != 3 or shape[0] != shape[1] or shape[0] % multiple:
        raise ValueError(
            f"Received: `image_shape={shape}`; expected (side, side, channels) "
            f"with side a multiple of {multiple} for the {what} (CIFAR-10: "
            "(32, 32, 3))."
        )
    return shape


def resnet_generator(image_shape, latent_dim, filters=128, name="generator"):
    """The CIFAR ResNet generator (WGAN-GP: 128 filters; SN-GAN: 256).

    Args:
        image_shape: `(side, side, channels)`, side = 4 * 2**3 (32).
        latent_dim: noise size (both papers: 128).
        filters: channels of every residual block.
        name: model name.
    """
    shape = _side_check(image_shape, 8, "ResNet generator")
    blocks, side = 0, shape[0]
    while side > 4:
        side //= 2
        blocks += 1
    latents = keras.Input((latent_dim,))
    x = layers.Dense(4 * 4 * filters)(latents)
    x = layers.Reshape((4, 4, filters))(x)
    for _ in range(blocks):
        shortcut = layers.Conv2D(filters, 1)(layers.UpSampling2D()(x))
        h = layers.ReLU()(layers.BatchNormalization()(x))
        h = layers.Conv2D(filters, 3, padding="same")(layers.UpSampling2D()(h))
        h = layers.ReLU()(layers.BatchNormalization()(h))
        h = layers.Conv2D(filters, 3, padding="same")(h)
        x = layers.Add()([shortcut, h])
    x = layers.ReLU()(layers.BatchNormalization()(x))
    images = layers.Conv2D(shape[-1], 3, padding="same", activation="tanh")(x)
    return keras.Model(latents, images, name=name)


def resnet_discriminator(
    image_shape, filters=128, spectral_norm=False, name="discriminator"
):
    """The CIFAR ResNet critic: 32 -> 16 -> 8 -> 8 -> 8, global sum, a logit.

    No batch norm (WGAN-GP's penalty is per example); `spectral_norm=True`
    gives SN-GAN's.

    Args:
        image_shape: `(side, side, channels)`, side a multiple of 4.
        filters: channels of every block (both papers: 128).
        spectral_norm: spectrally normalize every conv and the logit.
        name: model name.
    """
    shape = _side_check(image_shape, 4, "ResNet critic")

    def conv(x, size):
        return _maybe_sn(layers.Conv2D(filters, size, padding="same"), spectral_norm)(x)

    images = keras.Input(shape)
    # The optimized first block: conv, ReLU, conv, pool; pool then 1x1.
    h = layers.AveragePooling2D(2)(conv(layers.ReLU()(conv(images, 3)), 3))
    x = layers.Add()([h, conv(layers.AveragePooling2D(2)(images), 1)])
    for down in (True, False, False):
        h = conv(layers.ReLU()(conv(layers.ReLU()(x), 3)), 3)
        shortcut = x
        if down:
            h = layers.AveragePooling2D(2)(h)
            shortcut = layers.AveragePooling2D(2)(conv(x, 1))
        x = layers.Add()([shortcut, h])
    x = layers.ReLU()(x)
    # The global sum over positions: their mean times their number.
    area = (shape[0] // 4) ** 2
    x = layers.Rescaling(float(area))(layers.GlobalAveragePooling2D()(x))
    logits = _maybe_sn(layers.Dense(1), spectral_norm)(x)
    return keras.Model(images, logits, name=name)


def sngan_cnn_generator(image_shape, latent_dim, base_filters=64, name="generator"):
    """Miyato et al.'s standard CNN generator (Table 3): 4x4x512 to 32x32.

    `base_filters` (the paper: 64) scales every width: 8x, 4x, 2x, 1x.
    """
    shape = _side_check(image_shape, 8, "standard CNN")
    latents = keras.Input((latent_dim,))
    side = shape[0] // 8
    top = 8 * base_filters
    x = layers.Dense(side * side * top)(latents)
    x = layers.ReLU()(layers.BatchNormalization()(layers.Reshape((side, side, top))(x)))
    for filters in (4 * base_filters, 2 * base_filters, base_filters):
        x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same")(x)
        x = layers.ReLU()(layers.BatchNormalization()(x))
    images = layers.Conv2D(shape[-1], 3, padding="same", activation="tanh")(x)
    return keras.Model(latents, images, name=name)


def sngan_cnn_discriminator(
    image_shape, base_filters=64, spectral_norm=True, name="discriminator"
):
    """Miyato et al.'s standard CNN critic (Table 3), LeakyReLU(0.1).

    Widths `base_filters` x (1, 2, 4) in pairs, then 8x (the paper: 64).
    """
    shape = _side_check(image_shape, 8, "standard CNN")
    images = keras.Input(shape)
    x = images
    for filters in (base_filters, 2 * base_filters, 4 * base_filters):
        for size, stride in ((3, 1), (4, 2)):
            conv = layers.Conv2D(filters, size, strides=stride, padding="same")
            x = layers.LeakyReLU(0.1)(_maybe_sn(conv, spectral_norm)(x))
    conv = layers.Conv2D(8 * base_filters, 3, padding="same")
    x = layers.LeakyReLU(0.1)(_maybe_sn(conv, spectral_norm)(x))
    logits = _maybe_sn(layers.Dense(1), spectral_norm)(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)
