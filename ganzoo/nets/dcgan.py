"""Deep convolutional generator and discriminator (DCGAN)."""

import keras
from keras import layers

# The smallest feature map the generator projects the noise to; DCGAN starts
# its 64x64 generator from 4x4.
_MIN_BASE_SIDE = 4


def dcgan_layout(image_shape):
    """Returns `(base_side, num_upsamplings)` so `side = base_side * 2**n`.

    Halves the side while it stays even and at least `_MIN_BASE_SIDE`:
    28 -> (7, 2), 32 -> (4, 3), 64 -> (4, 4).

    Args:
        image_shape: `(height, width, channels)` with height == width.

    Raises:
        ValueError: for shapes the strided stack cannot produce.
    """
    shape = tuple(image_shape)
    if (
        len(shape) != 3
        or shape[0] != shape[1]
        or min(shape) < 1
        or shape[0] % 2
        or shape[0] // 2 < 3
    ):
        raise ValueError(
            f"Received: `image_shape={shape}`; expected (side, side, channels) "
            "with an even side of at least 6 (side = base * 2**n with n >= 1), "
            "e.g. (28, 28, 1), (32, 32, 3) or (64, 64, 3)."
        )
    side, n = shape[0], 0
    while side % 2 == 0 and side // 2 >= _MIN_BASE_SIDE:
        side //= 2
        n += 1
    if n == 0:  # e.g. 6 -> 3: one upsampling from a side below the minimum.
        side, n = side // 2, 1
    return side, n


def dcgan_generator(
    image_shape,
    latent_dim,
    base_filters=64,
    kernel_size=5,
    stride_one_layers=0,
    name="generator",
):
    """DCGAN generator: project, then strided transposed convolutions.

    Batch norm and ReLU after every layer but the last, tanh output.

    Args:
        image_shape: `(side, side, channels)` of the output.
        latent_dim: size of the noise input.
        base_filters: filters of the last hidden layer; doubled per layer
            towards the noise (the paper's 64x64 net: 128 -> 1024).
        kernel_size: convolution kernel size (the paper's code uses 5).
        stride_one_layers: stride-1 transposed convolutions at the base
            side before the strided ones, each halving the filters, so the
            projection is `2**stride_one_layers` times wider. 1 at 28x28
            with `base_filters=64` is the TensorFlow DCGAN tutorial's
            generator (7x7x256, 128 at stride 1, 64, 1), in DCGAN's ReLU
            where the tutorial has LeakyReLU.
        name: model name.

    Returns:
        A functional `keras.Model` mapping noise to images in [-1, 1].

    Reference: Radford et al., "Unsupervised Representation Learning with
    Deep Convolutional Generative Adversarial Networks", ICLR 2016.
    """
    if isinstance(stride_one_layers, bool) or not (
        isinstance(stride_one_layers, int) and stride_one_layers >= 0
    ):
        raise ValueError(
            f"Received: `stride_one_layers={stride_one_layers!r}`; expected an "
            "int >= 0."
        )
    base_side, n = dcgan_layout(image_shape)
    filters = base_filters * 2 ** (n - 1 + stride_one_layers)
    latents = keras.Input((latent_dim,))
    x = layers.Dense(base_side * base_side * filters, use_bias=False)(latents)
    x = layers.Reshape((base_side, base_side, filters))(x)
    x = layers.ReLU()(layers.BatchNormalization()(x))
    for stride in [1] * stride_one_layers + [2] * (n - 1):
        filters //= 2
        x = layers.Conv2DTranspose(
            filters, kernel_size, strides=stride, padding="same", use_bias=False
        )(x)
        x = layers.ReLU()(layers.BatchNormalization()(x))
    images = layers.Conv2DTranspose(
        image_shape[-1], kernel_size, strides=2, padding="same", activation="tanh"
    )(x)
    return keras.Model(latents, images, name=name)


def dcgan_discriminator(
    image_shape,
    base_filters=64,
    kernel_size=5,
    batch_norm=True,
    spectral_norm=False,
    name="discriminator",
):
    """DCGAN discriminator: strided convolutions with LeakyReLU(0.2).

    Batch norm on every layer but the first; one linear logit at the end.

    Args:
        image_shape: `(side, side, channels)` of the input.
        base_filters: filters of the first layer, doubled per layer.
        kernel_size: convolution kernel size.
        batch_norm: set False for critics whose penalty is per example
            (WGAN-GP), where batch norm would couple the examples.
        spectral_norm: wrap every convolution and the output layer in
            `keras.layers.SpectralNormalization` (one power iteration per
            training call), bounding each layer's Lipschitz constant by 1.
        name: model name.

    Returns:
        A functional `keras.Model` producing `(batch, 1)` logits.

    Example:

    ```python
    critic = ganzoo.nets.dcgan_discriminator(
        (32, 32, 3), batch_norm=False, spectral_norm=True
    )
    ```

    Reference: Radford et al., ICLR 2016; spectral normalization: Miyato et
    al., "Spectral Normalization for Generative Adversarial Networks", ICLR
    2018. Keras's wrapper writes the normalized kernel back into the layer,
    so gradients do not flow through the estimate of sigma (the paper's
    Algorithm 1 differentiates through `W / sigma(W)`).
    """
    _, n = dcgan_layout(image_shape)

    def maybe_normalized(layer):
        return layers.SpectralNormalization(layer) if spectral_norm else layer

    images = keras.Input(tuple(image_shape))
    x = images
    for i in range(n):
        conv = layers.Conv2D(
            base_filters * 2**i,
            kernel_size,
            strides=2,
            padding="same",
            use_bias=i == 0 or not batch_norm,
        )
        x = maybe_normalized(conv)(x)
        if i > 0 and batch_norm:
            x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(0.2)(x)
    logits = maybe_normalized(layers.Dense(1))(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)
