"""InfoGAN's MNIST networks (Chen et al. 2016, appendix C.1, Table 1).

The generator takes `[latents, labels]` as every conditional generator of
the zoo does: `latents` holds the noise z and the continuous codes (in that
order), `labels` the categorical code as int ids, one-hot encoded inside.
The discriminator returns `[source logit, Q's categorical logits, Q's
continuous means]`: D and the recognition network Q share the trunk, and
Q's own layers are named `q_*`. Initialisation and batch norm follow the
authors' code (openai/InfoGAN, `custom_ops.py`): weights N(0, 0.02)
(truncated for convolutions), biases 0, batch norm with momentum 0.9,
epsilon 1e-5 and gamma ~ N(1, 0.02).
"""

import keras
from keras import layers


def _weights(truncated=False):
    # A fresh instance per layer: an unseeded Keras 3 initializer repeats
    # its numbers at every call.
    if truncated:
        return keras.initializers.TruncatedNormal(stddev=0.02)
    return keras.initializers.RandomNormal(stddev=0.02)


def _batch_norm(name=None):
    return layers.BatchNormalization(
        momentum=0.9,
        epsilon=1e-5,
        gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02),
        name=name,
    )


def check_infogan_shape(image_shape):
    """Raises unless `image_shape` is `(h, w, c)` with h and w multiples of 4."""
    shape = tuple(image_shape)
    if len(shape) != 3 or shape[0] % 4 or shape[1] % 4:
        raise ValueError(
            f"Received: `image_shape={shape!r}`; expected (height, width, "
            "channels) with height and width multiples of 4 (two stride-2 "
            "layers), e.g. (28, 28, 1)."
        )
    return shape


def infogan_generator(
    image_shape,
    latent_dim,
    num_classes,
    base_filters=64,
    dense_units=1024,
    name="generator",
):
    """InfoGAN's MNIST generator: `G([z and continuous codes, categorical])`.

    FC `dense_units` - BN - ReLU, FC `(h/4)(w/4)(2 base_filters)` - BN -
    ReLU, deconv `base_filters` 4x4 stride 2 - BN - ReLU, deconv to the
    channels 4x4 stride 2 - tanh (the paper's sigmoid on [0, 1] pixels is
    `(1 + tanh(x / 2)) / 2`: tanh gives ganzoo's [-1, 1]).

    Args:
        image_shape: `(h, w, c)` of the output, h and w multiples of 4.
        latent_dim: size of the `latents` input (noise and continuous codes).
        num_classes: K, the categorical code's values.
        base_filters: filters of the last hidden layer (the paper's 64).
        dense_units: width of the first fully connected layer (1024).
        name: model name.

    Returns:
        A functional `keras.Model` `[latents, labels] -> images`.

    Example:

    >>> g = infogan_generator((28, 28, 1), 64, 10)
    >>> g([keras.random.uniform((2, 64)), keras.ops.array([3, 7])]).shape
    (2, 28, 28, 1)

    Reference: Chen et al., "InfoGAN", NeurIPS 2016, appendix C.1.
    """
    height, width, channels = check_infogan_shape(image_shape)
    latents = keras.Input((latent_dim,), name="latents")
    labels = keras.Input((), dtype="int32", name="labels")
    code = layers.CategoryEncoding(num_classes, output_mode="one_hot")(labels)
    x = layers.Concatenate()([latents, code])
    x = layers.Dense(dense_units, kernel_initializer=_weights())(x)
    x = layers.ReLU()(_batch_norm()(x))
    side = (height // 4, width // 4)
    x = layers.Dense(
        side[0] * side[1] * 2 * base_filters, kernel_initializer=_weights()
    )(x)
    x = layers.ReLU()(_batch_norm()(x))
    x = layers.Reshape((*side, 2 * base_filters))(x)
    x = layers.Conv2DTranspose(
        base_filters, 4, strides=2, padding="same", kernel_initializer=_weights()
    )(x)
    x = layers.ReLU()(_batch_norm()(x))
    images = layers.Conv2DTranspose(
        channels,
        4,
        strides=2,
        padding="same",
        activation="tanh",
        kernel_initializer=_weights(),
    )(x)
    return keras.Model([latents, labels], images, name=name)


def infogan_discriminator(
    image_shape,
    num_classes,
    num_continuous=2,
    base_filters=64,
    dense_units=1024,
    q_units=128,
    leaky_slope=0.1,
    name="discriminator",
):
    """InfoGAN's MNIST discriminator with the recognition network Q on top.

    Shared trunk: conv `base_filters` 4x4 stride 2 - lReLU, conv
    `2 base_filters` 4x4 stride 2 - BN - lReLU, FC `dense_units` - BN -
    lReLU. D: FC 1 (a logit). Q: FC `q_units` - BN - lReLU, then FC K
    (categorical logits) and FC `num_continuous` (Gaussian means, sigma
    fixed at 1 as in the authors' code).

    Args:
        image_shape: `(h, w, c)`, h and w multiples of 4.
        num_classes: K, the categorical code's values.
        num_continuous: continuous codes; 0 leaves Q's Gaussian head out.
        base_filters: filters of the first convolution (64).
        dense_units: width of the shared fully connected layer (1024).
        q_units: width of Q's hidden layer (128).
        leaky_slope: LeakyReLU slope (the paper's 0.1; the code's 0.01).
        name: model name.

    Returns:
        A functional `keras.Model` mapping images to `[source (batch, 1),
        categorical (batch, K)]` plus `continuous (batch, num_continuous)`
        when `num_continuous > 0`.

    Reference: Chen et al., "InfoGAN", NeurIPS 2016, appendix C.1.
    """
    check_infogan_shape(image_shape)
    images = keras.Input(tuple(image_shape), name="images")
    x = layers.Conv2D(
        base_filters, 4, strides=2, padding="same", kernel_initializer=_weights(True)
    )(images)
    x = layers.LeakyReLU(leaky_slope)(x)
    x = layers.Conv2D(
        2 * base_filters,
        4,
        strides=2,
        padding="same",
        kernel_initializer=_weights(True),
    )(x)
    x = layers.LeakyReLU(leaky_slope)(_batch_norm()(x))
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, kernel_initializer=_weights())(x)
    features = layers.LeakyReLU(leaky_slope)(_batch_norm()(x))
    source = layers.Dense(1, kernel_initializer=_weights(), name="source")(features)
    q = layers.Dense(q_units, kernel_initializer=_weights(), name="q_dense")(features)
    q = layers.LeakyReLU(leaky_slope, name="q_leaky_relu")(_batch_norm("q_bn")(q))
    outputs = [
        source,
        layers.Dense(num_classes, kernel_initializer=_weights(), name="q_categorical")(
            q
        ),
    ]
    if num_continuous:
        continuous = layers.Dense(
            num_continuous, kernel_initializer=_weights(), name="q_continuous"
        )(q)
        outputs.append(continuous)
    return keras.Model(images, outputs, name=name)
