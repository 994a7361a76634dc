"""alpha-GAN's extra networks: the encoders E(x) -> z and the code discriminator.

The generator and the image discriminator are the zoo's (`ganzoo.nets`):
MLPs for 2-D points, DCGAN stacks for images. The encoders mirror them.
"""

import keras
from keras import layers

from ganzoo import nets


def mlp_encoder(data_shape, latent_dim, hidden_units=(400, 400, 400, 400)):
    """A deterministic (implicit) MLP encoder: ReLU layers, linear code.

    Args:
        data_shape: shape of one sample, e.g. `(2,)`.
        latent_dim: size of the code z.
        hidden_units: widths of the ReLU hidden layers.

    Returns:
        A functional `keras.Model` from samples to `(batch, latent_dim)` codes.
    """
    inputs = keras.Input(tuple(data_shape))
    x = layers.Flatten()(inputs)
    for units in hidden_units:
        x = layers.Dense(units, activation="relu")(x)
    codes = layers.Dense(latent_dim)(x)
    return keras.Model(inputs, codes, name="encoder")


def conv_encoder(image_shape, latent_dim, base_filters=64, kernel_size=5):
    """A DCGAN-like conv encoder: the discriminator's stack, then a linear code.

    Strided convolutions (filters doubling per layer, batch norm after the
    first, LeakyReLU 0.2), as `ganzoo.nets.dcgan_discriminator`, with a
    `latent_dim`-wide linear output instead of one logit.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: size of the code z.
        base_filters: filters of the first layer.
        kernel_size: convolution kernel size.

    Returns:
        A functional `keras.Model` from images to `(batch, latent_dim)` codes.
    """
    _, n = nets.dcgan_layout(image_shape)
    images = keras.Input(tuple(image_shape))
    x = images
    for i in range(n):
        x = layers.Conv2D(
            base_filters * 2**i, kernel_size, strides=2, padding="same", use_bias=i == 0
        )(x)
        if i > 0:
            x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(0.2)(x)
    codes = layers.Dense(latent_dim)(layers.Flatten()(x))
    return keras.Model(images, codes, name="encoder")


def code_discriminator(latent_dim, hidden_units=(200, 200, 200), pieces=5):
    """The code discriminator C(z): prior draws (real) against codes E(x).

    A maxout MLP without dropout or batch norm: batch norm would let C judge
    a batch's statistics rather than each code (a public reimplementation
    found keeping it out of C important).

    Args:
        latent_dim: size of the code z.
        hidden_units: maxout widths.
        pieces: linear pieces per maxout unit.

    Returns:
        A functional `keras.Model` from codes to `(batch, 1)` logits.
    """
    return nets.mlp_discriminator(
        (latent_dim,),
        hidden_units,
        pieces,
        input_dropout=0.0,
        hidden_dropout=0.0,
        name="code_discriminator",
    )


def point_networks(data_shape, latent_dim, g_hidden_units, d_hidden_units, pieces):
    """`(generator, discriminator, encoder)` MLPs for vector data (2-D points)."""
    generator = nets.mlp_generator(data_shape, latent_dim, g_hidden_units, "linear")
    discriminator = nets.mlp_discriminator(
        data_shape, d_hidden_units, pieces, input_dropout=0.0, hidden_dropout=0.0
    )
    encoder = mlp_encoder(data_shape, latent_dim, tuple(reversed(g_hidden_units)))
    return generator, discriminator, encoder


def image_networks(image_shape, latent_dim, base_filters, kernel_size):
    """`(generator, discriminator, encoder)` DCGAN-like conv nets for images."""
    generator = nets.dcgan_generator(image_shape, latent_dim, base_filters, kernel_size)
    discriminator = nets.dcgan_discriminator(image_shape, base_filters, kernel_size)
    encoder = conv_encoder(image_shape, latent_dim, base_filters, kernel_size)
    return generator, discriminator, encoder
