"""Discriminators that are K-class classifiers, and their generators (SGAN).

A semi-supervised discriminator outputs `[class_logits, features]`: K class
logits (the "fake" class is implicit, see `ganzoo.objectives.conditional`)
and the hidden features that feature matching compares.

Pixel range: every SGAN network takes and makes images in [-1, 1], the range
of `ganzoo.data.load`. Salimans et al.'s MNIST code works on [0, 1] pixels
with a sigmoid generator; `weight_norm_mlp_*` keep that inside the networks
(D's first layer maps [-1, 1] to [0, 1], G's last maps its sigmoid to
[-1, 1]), so they compute exactly the code's functions, its input noise of
std 0.3 included, while the model's interface stays the zoo's.
"""

import math

import keras
from keras import layers, ops

from ganzoo.models.sgan.weight_norm import WeightNormDense
from ganzoo.nets.conditional import check_num_classes, conv_features

# Salimans et al.'s MNIST widths (openai/improved-gan, mnist_svhn_cifar10).
PAPER_HIDDEN_UNITS = (1000, 500, 250, 250, 250)
PAPER_GENERATOR_UNITS = (500, 500)


def classifier_discriminator(
    image_shape,
    num_classes,
    base_filters=64,
    kernel_size=5,
    batch_norm=False,
    dropout=0.0,
    name="discriminator",
):
    """SGAN discriminator: `D(x)` -> `[class_logits, features]`.

    A DCGAN trunk and K class logits; the "fake" class is implicit (its logit
    is fixed at 0, see `ganzoo.losses_conditional`). The flattened trunk
    features are the second output, for feature matching.

    Args:
        image_shape: `(side, side, channels)` of the input.
        num_classes: number of real classes K.
        base_filters: filters of the first layer, doubled per layer.
        kernel_size: convolution kernel size.
        batch_norm: batch norm on every layer but the first. Off by default:
            the labeled, unlabeled and generated batches have different
            statistics, which is why Salimans et al. avoid it in D.
        dropout: dropout rate on the features before the classifier head.
        name: model name.

    Returns:
        A functional `keras.Model` with outputs `[class_logits, features]`.

    Reference: Odena, "Semi-Supervised Learning with Generative Adversarial
    Networks", 2016; Salimans et al., "Improved Techniques for Training
    GANs", NeurIPS 2016.
    """
    check_num_classes(num_classes)
    images = keras.Input(tuple(image_shape), name="images")
    features = conv_features(images, image_shape, base_filters, kernel_size, batch_norm)
    x = layers.Dropout(dropout)(features) if dropout else features
    logits = layers.Dense(num_classes, name="classes")(x)
    return keras.Model(images, [logits, features], name=name)


def mlp_classifier_discriminator(
    image_shape,
    num_classes,
    hidden_units=(1000, 500, 250, 250, 250),
    input_noise=0.3,
    hidden_noise=0.5,
    name="discriminator",
):
    """Salimans et al.'s MNIST discriminator: `D(x)` -> `[logits, features]`.

    ReLU layers with additive Gaussian noise on the input and after every
    hidden layer (training only). The paper also weight-normalises every
    layer; Keras has no weight normalisation, so it is left out here.

    Args:
        image_shape: shape of one image.
        num_classes: number of real classes K.
        hidden_units: ReLU widths (the paper: 1000, 500, 250, 250, 250).
        input_noise: stddev of the input noise (the paper: 0.3).
        hidden_noise: stddev of the noise after each hidden layer (0.5).
        name: model name.

    Returns:
        A functional `keras.Model` with outputs `[class_logits, features]`;
        the features are the last hidden layer, before its noise.

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016 (code: openai/improved-gan, mnist_svhn_cifar10).
    """
    check_num_classes(num_classes)
    images = keras.Input(tuple(image_shape), name="images")
    x = GaussianNoise(input_noise)(layers.Flatten()(images))
    for units in hidden_units:
        features = layers.Dense(units, activation="relu")(x)
        x = GaussianNoise(hidden_noise)(features)
    logits = layers.Dense(num_classes, name="classes")(x)
    return keras.Model(images, [logits, features], name=name)


def mlp_batchnorm_generator(
    image_shape, latent_dim, hidden_units=(500, 500), name="generator"
):
    """Salimans et al.'s MNIST generator: batch norm + softplus, tanh output.

    Args:
        image_shape: shape of one output image.
        latent_dim: size of the noise input (the paper: 100, uniform).
        hidden_units: softplus widths (the paper: 500, 500).
        name: model name.

    Returns:
        A functional `keras.Model` mapping noise to images in [-1, 1] (the
        paper's sigmoid output, rescaled to the data's range).

    Reference: Salimans et al., NeurIPS 2016.
    """
    latents = keras.Input((latent_dim,))
    x = latents
    for units in hidden_units:
        x = layers.Dense(units, use_bias=False)(x)
        x = layers.Activation("softplus")(layers.BatchNormalization()(x))
    x = layers.Dense(math.prod(image_shape), activation="tanh")(x)
    return keras.Model(latents, layers.Reshape(tuple(image_shape))(x), name=name)


@keras.saving.register_keras_serializable(package="ganzoo")
class GaussianNoise(layers.GaussianNoise):
    """`keras.layers.GaussianNoise`, drawn faster: `x + stddev * z`, z ~ N(0, I).

    The same layer (arguments, training-only noise, one seed generator, so
    checkpoints and weights files keep their layout); its standard normals
    come from the Box-Muller transform of uniforms drawn per example,
    `sqrt(-2 log(1 - u1)) * (cos, sin)(2 pi u2)`. On TensorFlow's CPU
    kernels (graph mode) that took 20.6 ms against Keras's 30.5 ms for the
    1.5M noise values of one SGAN step (one thread, `python -m
    benchmarks.sgan_speed_compare`, `benchmarks/SPEED.md`, issue 40). An
    input whose last axis is unknown falls back to Keras's own draw.

    Args:
        stddev: standard deviation of the noise.
        seed: seed of the noise (`None`: a random one).
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Reference: Box & Muller, "A Note on the Generation of Random Normal
    Deviates", Annals of Mathematical Statistics, 1958.
    """

    def call(self, inputs, training=False):
        width = inputs.shape[-1]
        if not (training and self.stddev > 0) or width is None:
            return super().call(inputs, training=training)
        noise = _box_muller_normal(
            (*ops.shape(inputs)[:-1], width), self.stddev, self.seed_generator
        )
        return inputs + ops.cast(noise, inputs.dtype)


def _box_muller_normal(shape, stddev, seed_generator):
    """N(0, stddev^2) float32 noise of `shape` by Box-Muller, pairs on the last axis.

    Each example (index on the leading axes) gets its own uniforms; values
    `j` and `j + ceil(width / 2)` of the last axis are one Box-Muller pair,
    independent normals. `1 - u` lies in (0, 1], so the logarithm is finite.

    Args:
        shape: output shape; its last entry a Python int.
        stddev: standard deviation.
        seed_generator: a `keras.random.SeedGenerator`; each of the two
            draws advances it (a fixed seed would give both the same numbers).
    """
    width = shape[-1]
    half_shape = (*shape[:-1], (width + 1) // 2)
    # Two draws, not one of twice the size: slicing that would copy it.
    radius = keras.random.uniform(half_shape, seed=seed_generator)
    radius = ops.sqrt(ops.log1p(-radius) * (-2.0 * float(stddev) ** 2))
    angle = (2.0 * math.pi) * keras.random.uniform(half_shape, seed=seed_generator)
    noise = ops.concatenate([radius * ops.cos(angle), radius * ops.sin(angle)], -1)
    return noise if 2 * half_shape[-1] == width else noise[..., :width]


def _direction_initializer():
    """improved-gan's N(0, 0.1) directions, a new instance per layer.

    An unseeded Keras 3 initializer instance draws the same numbers at every
    call: one instance shared by all layers started them from one stream.
    """
    return keras.initializers.RandomNormal(stddev=0.1)


def weight_norm_mlp_discriminator(
    image_shape,
    num_classes,
    hidden_units=PAPER_HIDDEN_UNITS,
    input_noise=0.3,
    hidden_noise=0.5,
    name="discriminator",
):
    """Salimans et al.'s MNIST discriminator, weight-normalised, as their code.

    [-1, 1] -> [0, 1] pixels, Gaussian noise (std `input_noise`), then per
    hidden width a `WeightNormDense` ReLU layer (direction N(0, 0.1), scale
    `g` fixed after `data_dependent_init`) followed by Gaussian noise (std
    `hidden_noise`), and `num_classes` weight-normalised logits with a
    trainable scale. The noise acts in training only (`keras.layers.
    GaussianNoise`, drawn by this module's `GaussianNoise`), as the code's
    `deterministic=True` test pass.

    Args:
        image_shape: shape of one image.
        num_classes: number of real classes K.
        hidden_units: ReLU widths (the paper: 1000, 500, 250, 250, 250).
        input_noise: stddev of the noise on the [0, 1] input (the paper: 0.3).
        hidden_noise: stddev of the noise after each hidden layer (0.5).
        name: model name.

    Returns:
        A functional `keras.Model` with outputs `[class_logits, features]`;
        the features are the last hidden layer's ReLU output before its
        noise (the code's `layers[-3]`, which feature matching reads).

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016 (code: openai/improved-gan, train_mnist_feature_matching.py).
    """
    check_num_classes(num_classes)
    images = keras.Input(tuple(image_shape), name="images")
    x = layers.Rescaling(0.5, offset=0.5, name="to_unit_range")(images)
    x = GaussianNoise(input_noise)(layers.Flatten()(x))
    for units in hidden_units:
        features = WeightNormDense(
            units,
            activation="relu",
            trainable_scale=False,
            data_init=True,
            kernel_initializer=_direction_initializer(),
        )(x)
        x = GaussianNoise(hidden_noise)(features)
    logits = WeightNormDense(
        num_classes,
        data_init=True,
        kernel_initializer=_direction_initializer(),
        name="classes",
    )(x)
    return keras.Model(images, [logits, features], name=name)


def weight_norm_mlp_generator(
    image_shape, latent_dim, hidden_units=PAPER_GENERATOR_UNITS, name="generator"
):
    """Salimans et al.'s MNIST generator: softplus + batch norm, weight norm out.

    Per width a bias-free dense layer, batch norm without scale (the code's
    `nn.batch_norm(..., g=None)`: epsilon 1e-6, running averages at 0.9) and
    softplus; then a weight-normalised sigmoid layer (trainable scale, as the
    code's `nn.l2normalize`), mapped to [-1, 1].

    Args:
        image_shape: shape of one output image.
        latent_dim: size of the noise input (the paper: 100, uniform).
        hidden_units: softplus widths (the paper: 500, 500).
        name: model name.

    Returns:
        A functional `keras.Model` mapping noise to images in [-1, 1].

    Reference: Salimans et al., NeurIPS 2016 (openai/improved-gan).
    """
    latents = keras.Input((latent_dim,))
    x = latents
    for units in hidden_units:
        x = layers.Dense(units, use_bias=False)(x)
        x = layers.BatchNormalization(scale=False, epsilon=1e-6, momentum=0.9)(x)
        x = layers.Activation("softplus")(x)
    x = WeightNormDense(math.prod(image_shape), activation="sigmoid")(x)
    x = layers.Rescaling(2.0, offset=-1.0, name="to_data_range")(x)
    return keras.Model(latents, layers.Reshape(tuple(image_shape))(x), name=name)
