"""Label-conditioned DCGAN-style networks (cGAN, projection D, ACGAN).

Every network here is a functional `keras.Model` sized by `image_shape` like
`ganzoo.nets.dcgan`: the generator takes `[latents, labels]` (int labels of
shape `(batch,)`) and discriminators take `images` or `[images, labels]`.
Labels enter as a one-hot code (`embedding_dim=None`) or a learned embedding.
"""

import keras
from keras import layers

from ganzoo.nets.dcgan import dcgan_generator, dcgan_layout

CONDITIONINGS = ("concat", "projection")


def label_code(labels, num_classes, embedding_dim=None, name=None):
    """Encodes int labels as a one-hot vector or a learned embedding.

    Args:
        labels: int tensor of shape `(batch,)`.
        num_classes: number of classes K.
        embedding_dim: `None` for a one-hot code of size K, else the size of
            a learned `Embedding`.
        name: layer name.

    Returns:
        A float tensor of shape `(batch, K or embedding_dim)`.
    """
    if embedding_dim is None:
        return layers.CategoryEncoding(num_classes, output_mode="one_hot", name=name)(
            labels
        )
    return layers.Embedding(num_classes, embedding_dim, name=name)(labels)


def conv_features(x, image_shape, base_filters=64, kernel_size=5, batch_norm=True):
    """The DCGAN discriminator's trunk on tensor `x`, flattened.

    Strided convolutions with LeakyReLU(0.2), batch norm on every layer but
    the first, as `ganzoo.nets.dcgan_discriminator` without its last layer,
    so the heads below can read the features.

    Args:
        x: image tensor `(batch, side, side, channels)`.
        image_shape: the images' `(side, side, channels)`, for the layout.
        base_filters: filters of the first layer, doubled per layer.
        kernel_size: convolution kernel size.
        batch_norm: use batch norm after every layer but the first.

    Returns:
        The flattened feature tensor `(batch, features)`.
    """
    _, n = dcgan_layout(image_shape)
    for i in range(n):
        x = layers.Conv2D(
            base_filters * 2**i,
            kernel_size,
            strides=2,
            padding="same",
            use_bias=i == 0 or not batch_norm,
        )(x)
        if i > 0 and batch_norm:
            x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(0.2)(x)
    return layers.Flatten()(x)


def check_num_classes(num_classes):
    """Raises unless `num_classes` is an integer >= 2."""
    if not isinstance(num_classes, int) or isinstance(num_classes, bool):
        num_classes = -1
    if num_classes < 2:
        raise ValueError(
            f"Received: `num_classes={num_classes!r}`; expected an integer >= 2."
        )


def conditional_generator(
    image_shape,
    latent_dim,
    num_classes,
    base_filters=64,
    kernel_size=5,
    embedding_dim=None,
    name="generator",
):
    """DCGAN generator conditioned on a label: `G([z, y])`.

    The label code is concatenated to the noise before the DCGAN stack, as
    Mirza & Osindero feed `y` next to `z` into the first hidden layer.

    Args:
        image_shape: `(side, side, channels)` of the output.
        latent_dim: size of the noise input.
        num_classes: number of classes K.
        base_filters: filters of the last hidden layer (see `dcgan_generator`).
        kernel_size: transposed-convolution kernel size.
        embedding_dim: `None` for one-hot labels, else a learned embedding.
        name: model name.

    Returns:
        A functional `keras.Model` mapping `[latents, labels]` to images in
        [-1, 1].

    Example:

    >>> g = conditional_generator((28, 28, 1), 100, 10)
    >>> g([keras.random.normal((2, 100)), keras.ops.array([3, 7])]).shape
    (2, 28, 28, 1)

    Reference: Mirza & Osindero, "Conditional Generative Adversarial Nets",
    arXiv:1411.1784, 2014.
    """
    check_num_classes(num_classes)
    latents = keras.Input((latent_dim,), name="latents")
    labels = keras.Input((), dtype="int32", name="labels")
    code = label_code(labels, num_classes, embedding_dim)
    inputs = layers.Concatenate()([latents, code])
    body = dcgan_generator(
        image_shape, int(inputs.shape[-1]), base_filters, kernel_size, name="dcgan"
    )
    return keras.Model([latents, labels], body(inputs), name=name)


def conditional_discriminator(
    image_shape,
    num_classes,
    base_filters=64,
    kernel_size=5,
    conditioning="concat",
    embedding_dim=None,
    batch_norm=True,
    name="discriminator",
):
    """DCGAN discriminator conditioned on a label: `D([x, y])` -> logit.

    `"concat"` tiles the label code over the image as extra channels, so every
    first-layer filter sees it (the convolutional form of feeding `y` next to
    `x`). `"projection"` adds the inner product of a class embedding with the
    features to an unconditional logit, `psi(phi(x)) + embed(y) . phi(x)`,
    which Miyato & Koyama derive from the form of the optimal D for
    log-linear class posteriors.

    Args:
        image_shape: `(side, side, channels)` of the input.
        num_classes: number of classes K.
        base_filters: filters of the first layer, doubled per layer.
        kernel_size: convolution kernel size.
        conditioning: `"concat"` or `"projection"`.
        embedding_dim: `"concat"` only: `None` for one-hot labels, else a
            learned embedding of this size.
        batch_norm: batch norm on every layer but the first.
        name: model name.

    Returns:
        A functional `keras.Model` mapping `[images, labels]` to `(batch, 1)`
        logits.

    Reference: Mirza & Osindero 2014; Miyato & Koyama, "cGANs with
    Projection Discriminator", ICLR 2018.
    """
    check_num_classes(num_classes)
    if conditioning not in CONDITIONINGS:
        raise ValueError(
            f"Received: `conditioning={conditioning!r}`; expected one of "
            f"{list(CONDITIONINGS)}."
        )
    images = keras.Input(tuple(image_shape), name="images")
    labels = keras.Input((), dtype="int32", name="labels")
    if conditioning == "projection":
        features = conv_features(
            images, image_shape, base_filters, kernel_size, batch_norm
        )
        embedded = layers.Embedding(num_classes, int(features.shape[-1]))(labels)
        logits = layers.Add()(
            [layers.Dense(1)(features), layers.Dot(axes=1)([embedded, features])]
        )
    else:
        code = label_code(labels, num_classes, embedding_dim)
        side = image_shape[0]
        maps = layers.Reshape((1, 1, int(code.shape[-1])))(code)
        # Nearest upsampling of a 1x1 map is a tiling, with a serializable layer.
        maps = layers.UpSampling2D(size=(side, side))(maps)
        x = layers.Concatenate()([images, maps])
        shape = (side, side, int(x.shape[-1]))
        features = conv_features(x, shape, base_filters, kernel_size, batch_norm)
        logits = layers.Dense(1)(features)
    return keras.Model([images, labels], logits, name=name)


def auxiliary_classifier_discriminator(
    image_shape,
    num_classes,
    base_filters=64,
    kernel_size=5,
    batch_norm=True,
    name="discriminator",
):
    """ACGAN discriminator: `D(x)` -> `[source_logit, class_logits]`.

    One DCGAN trunk with two linear heads: the real/fake logit `(batch, 1)`
    and K class logits `(batch, K)`.

    Args:
        image_shape: `(side, side, channels)` of the input.
        num_classes: number of classes K.
        base_filters: filters of the first layer, doubled per layer.
        kernel_size: convolution kernel size.
        batch_norm: batch norm on every layer but the first.
        name: model name.

    Returns:
        A functional `keras.Model` with outputs `[source_logits,
        class_logits]`.

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with
    Auxiliary Classifier GANs", ICML 2017.
    """
    check_num_classes(num_classes)
    images = keras.Input(tuple(image_shape), name="images")
    features = conv_features(images, image_shape, base_filters, kernel_size, batch_norm)
    source = layers.Dense(1, name="source")(features)
    classes = layers.Dense(num_classes, name="classes")(features)
    return keras.Model(images, [source, classes], name=name)
