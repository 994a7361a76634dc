"""Fully connected networks: the original GAN paper's and PacGAN's 2D ones."""

import math

import keras
from keras import layers, ops


def _maybe_spectral(layer, spectral_norm):
    return layers.SpectralNormalization(layer) if spectral_norm else layer


@keras.saving.register_keras_serializable(package="ganzoo")
class Maxout(layers.Layer):
    """Maxout units: the max over `pieces` linear pieces per unit.

    Keras has no maxout layer (tensorflow-addons had one, and it is
    end-of-life), so it is written here: one `Dense(units * pieces)` and a max.

    Args:
        units: number of output units.
        pieces: linear pieces per unit.
        spectral_norm: spectrally normalize the linear pieces' kernel.
        kernel_initializer: initializer of the pieces' kernel.
        bias_initializer: initializer of the pieces' biases.
        kernel_constraint: constraint of the pieces' kernel, e.g.
            `keras.constraints.MaxNorm(1.9365, axis=0)` (the 2014 GAN's
            `max_col_norm`: each piece's weight vector at most that long).
        **kwargs: `keras.layers.Layer` arguments.

    Example:

    >>> ganzoo.nets.Maxout(240, pieces=5)(keras.ops.ones((2, 784))).shape
    (2, 240)

    Reference: Goodfellow et al., "Maxout Networks", ICML 2013.
    """

    def __init__(
        self,
        units,
        pieces=5,
        spectral_norm=False,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_constraint=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = units
        self.pieces = pieces
        self.spectral_norm = spectral_norm
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        dense = layers.Dense(
            units * pieces,
            kernel_initializer=self.kernel_initializer,
            bias_initializer=self.bias_initializer,
            kernel_constraint=self.kernel_constraint,
        )
        self.dense = _maybe_spectral(dense, spectral_norm)

    def build(self, input_shape):
        self.dense.build(input_shape)

    def call(self, inputs):
        pieces = ops.reshape(self.dense(inputs), (-1, self.units, self.pieces))
        return ops.max(pieces, axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            pieces=self.pieces,
            spectral_norm=self.spectral_norm,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            bias_initializer=keras.initializers.serialize(self.bias_initializer),
        )
        if self.kernel_constraint is not None:  # Older files have none.
            config.update(
                kernel_constraint=keras.constraints.serialize(self.kernel_constraint)
            )
        return config


def mlp_generator(
    data_shape,
    latent_dim,
    hidden_units=(1200, 1200),
    output_activation="tanh",
    name="generator",
    kernel_initializer="glorot_uniform",
):
    """MLP generator: ReLU hidden layers, then a dense layer shaped as the data.

    Args:
        data_shape: shape of one sample, e.g. `(28, 28, 1)` or `(2,)`.
        latent_dim: size of the noise input.
        hidden_units: widths of the ReLU hidden layers.
        output_activation: `"tanh"` for data in [-1, 1], `"sigmoid"` for the
            paper's [0, 1] pixels (rescaled here to [-1, 1]), or `"linear"`
            for unbounded data such as the 2D mixtures.
        name: model name.
        kernel_initializer: initializer of every layer's kernel (the 2014
            code: uniform in [-0.05, 0.05]).

    Returns:
        A functional `keras.Model`.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014
    (MNIST generator: 1200-1200 ReLU units, sigmoid output).
    """
    allowed = ("tanh", "sigmoid", "linear")
    if output_activation not in allowed:
        raise ValueError(
            f"Received: `output_activation={output_activation!r}`; expected "
            f"one of {list(allowed)}."
        )
    latents = keras.Input((latent_dim,))
    x = latents
    for units in hidden_units:
        x = layers.Dense(
            units, activation="relu", kernel_initializer=kernel_initializer
        )(x)
    x = layers.Dense(
        math.prod(data_shape),
        activation=output_activation,
        kernel_initializer=kernel_initializer,
    )(x)
    if output_activation == "sigmoid":
        # The paper's sigmoid lives in [0, 1]; ganzoo data lives in [-1, 1].
        x = layers.Rescaling(2.0, offset=-1.0)(x)
    outputs = layers.Reshape(tuple(data_shape))(x)
    return keras.Model(latents, outputs, name=name)


def mlp_discriminator(
    data_shape,
    hidden_units=(240, 240),
    pieces=5,
    input_dropout=0.2,
    hidden_dropout=0.5,
    spectral_norm=False,
    name="discriminator",
    max_norm=None,
    kernel_initializer="glorot_uniform",
    input_range=(-1.0, 1.0),
):
    """Maxout MLP discriminator with dropout, returning one logit.

    Args:
        data_shape: shape of one sample.
        hidden_units: widths of the maxout layers.
        pieces: linear pieces per maxout unit.
        input_dropout: dropout rate on the input.
        hidden_dropout: dropout rate after each maxout layer.
        spectral_norm: spectrally normalize every linear layer (Miyato et
            al. 2018), e.g. for SNGAN on the 2D mixtures.
        name: model name.
        max_norm: if set, each maxout piece's weight vector is projected
            back to at most this norm after every update (the 2014 GAN's
            pylearn2 `max_col_norm`, 1.9365 on MNIST).
        kernel_initializer: initializer of every kernel (the 2014 code:
            uniform in [-0.005, 0.005]).
        input_range: the range D's first layer reads: `(-1, 1)`, ganzoo's
            data as they come, or `(0, 1)`: [-1, 1] data mapped to the 2014
            code's [0, 1] pixels first. Not a reparametrisation for SGD: at
            [0, 1] the background pixels are 0 and add nothing to the first
            layer's gradient; at [-1, 1] all 784 inputs do.

    Returns:
        A functional `keras.Model` producing `(batch, 1)` logits.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014
    (MNIST discriminator: two 240-unit, 5-piece maxout layers, dropout).
    """
    input_range = tuple(float(v) for v in input_range)
    if input_range not in ((-1.0, 1.0), (0.0, 1.0)):
        raise ValueError(
            f"Received: `input_range={input_range}`; expected (-1, 1) or (0, 1)."
        )
    inputs = keras.Input(tuple(data_shape))
    x = layers.Flatten()(inputs)
    if input_range == (0.0, 1.0):
        x = layers.Rescaling(0.5, offset=0.5)(x)  # Before dropout, as in 2014.
    x = layers.Dropout(input_dropout)(x)
    for units in hidden_units:
        constraint = None if max_norm is None else keras.constraints.MaxNorm(max_norm)
        x = Maxout(
            units,
            pieces,
            spectral_norm,
            kernel_initializer=kernel_initializer,
            kernel_constraint=constraint,
        )(x)
        x = layers.Dropout(hidden_dropout)(x)
    logits = _maybe_spectral(
        layers.Dense(1, kernel_initializer=kernel_initializer), spectral_norm
    )(x)
    return keras.Model(inputs, logits, name=name)


# PacGAN's 2D networks (its reference code, `synthetic_data_experiments/
# 2D*_GAN&PacGAN/pacgan_task.py`): weights N(0, 0.02), biases 0.
PACGAN_INIT_STD = 0.02


def _pacgan_init():
    return keras.initializers.RandomNormal(stddev=PACGAN_INIT_STD)


def pacgan_generator(
    data_shape=(2,), latent_dim=2, hidden_units=(400,) * 4, name="generator"
):
    """PacGAN's 2D generator: linear -> batch norm -> ReLU layers, linear out.

    The hidden layers have no bias (batch norm's offset replaces it), as in
    the reference code; its batch norm keeps running statistics with
    momentum 0.95 and epsilon 1e-4 (the Blocks defaults it used).

    Args:
        data_shape: shape of one sample (the mixtures: `(2,)`).
        latent_dim: size of the N(0, 1) noise (PacGAN: 2).
        hidden_units: widths of the hidden layers (PacGAN: four of 400).
        name: model name.

    Returns:
        A functional `keras.Model` from `(batch, latent_dim)` noise to
        `(batch, *data_shape)` samples (unbounded: a linear output).

    Reference: Lin et al., "PacGAN: The power of two samples in generative
    adversarial networks", NeurIPS 2018, section 5 and its reference code.
    """
    latents = keras.Input((latent_dim,))
    x = latents
    for units in hidden_units:
        x = layers.Dense(units, use_bias=False, kernel_initializer=_pacgan_init())(x)
        x = layers.BatchNormalization(momentum=0.95, epsilon=1e-4)(x)
        x = layers.ReLU()(x)
    x = layers.Dense(math.prod(data_shape), kernel_initializer=_pacgan_init())(x)
    outputs = layers.Reshape(tuple(data_shape))(x)
    return keras.Model(latents, outputs, name=name)


def pacgan_discriminator(
    input_shape, hidden_units=(200,) * 3, pieces=5, name="discriminator"
):
    """PacGAN's 2D discriminator: maxout layers and one logit, no dropout.

    Built for the shape of what it judges: for packing m samples of `(2,)`
    (see `ganzoo.nets.packing.packed_discriminator`), `(2 * m,)`.

    Args:
        input_shape: shape of its input (a pack of samples).
        hidden_units: widths of the maxout layers (PacGAN: three of 200).
        pieces: linear pieces per maxout unit (PacGAN: 5).
        name: model name.

    Returns:
        A functional `keras.Model` producing `(batch, 1)` logits.

    Reference: Lin et al., "PacGAN", NeurIPS 2018, section 5 and its
    reference code (`LinearMaxout` bricks; dropout off in training).
    """
    inputs = keras.Input(tuple(input_shape))
    x = layers.Flatten()(inputs)
    for units in hidden_units:
        x = Maxout(units, pieces, kernel_initializer=_pacgan_init())(x)
    logits = layers.Dense(1, kernel_initializer=_pacgan_init())(x)
    return keras.Model(inputs, logits, name=name)
