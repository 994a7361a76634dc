"""Weight normalisation (Salimans & Kingma 2016) for SGAN's MNIST networks.

`WeightNormDense` is a dense layer whose kernel is `W = g * v / ||v||`
(one norm per output unit) and `data_dependent_init` sets each layer's `g`
and `b` from a batch so that its pre-activations start with zero mean and
unit variance, as `openai/improved-gan`'s `nn.DenseLayer(init=True)` does.

Hand-written: Keras 3 has no weight-normalisation wrapper (TensorFlow
Addons' `WeightNormalization` is deprecated and Keras 2 only), and the
improved-gan networks need its two variants: a fixed `g` set once from data
(hidden layers) and a trainable `g` (the logits, the generator's output).
"""

import keras
import numpy as np
from keras import layers, ops


@keras.saving.register_keras_serializable(package="ganzoo")
class WeightNormDense(layers.Layer):
    """Dense layer with a weight-normalised kernel: `act(x @ (g v/||v||) + b)`.

    Args:
        units: output size.
        activation: activation name or callable (`None`: linear).
        trainable_scale: train `g`; `False` keeps it at its (data-dependent)
            initial value, as improved-gan's MNIST discriminator does for its
            hidden layers (`train_scale=False`).
        data_init: `data_dependent_init` sets `g` and `b` of this layer
            (once; an `initialized` flag, saved with the weights, records it).
        kernel_initializer: initializer of the direction `v` (improved-gan:
            N(0, 0.1) in D; Lasagne's Glorot uniform in G).
        epsilon: added under the square root of `||v||^2` (improved-gan:
            1e-6 in `l2normalize`).
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Example:

    ```python
    layer = WeightNormDense(10, activation="relu")
    y = layer(keras.ops.ones((2, 3)))  # == relu(x @ (g * v / ||v||) + b)
    ```

    Reference: Salimans & Kingma, "Weight Normalization: A Simple
    Reparameterization to Accelerate Training of Deep Neural Networks",
    NeurIPS 2016.
    """

    def __init__(
        self,
        units,
        activation=None,
        trainable_scale=True,
        data_init=False,
        kernel_initializer="glorot_uniform",
        epsilon=1e-6,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(
                f"Received: `units={units!r}`; expected a positive integer."
            )
        self.units = int(units)
        self.activation = keras.activations.get(activation)
        self.trainable_scale = bool(trainable_scale)
        self.data_init = bool(data_init)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        self.v = self.add_weight(
            shape=(fan_in, self.units), initializer=self.kernel_initializer, name="v"
        )
        self.g = self.add_weight(
            shape=(self.units,),
            initializer="ones",
            trainable=self.trainable_scale,
            name="g",
        )
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        if self.data_init:
            self.initialized = self.add_weight(
                shape=(), initializer="zeros", trainable=False, name="initialized"
            )

    def scale(self):
        """`g / ||v||` per output unit: `W = v * scale()`."""
        norm = ops.sqrt(ops.sum(ops.square(self.v), axis=0) + self.epsilon)
        return ops.cast(self.g, self.v.dtype) / norm

    def kernel(self):
        """`W = g * v / ||v||`, each column (output unit) of norm `g`."""
        return self.v * self.scale()

    def pre_activation_without_bias(self, inputs):
        """`x @ W`, computed as improved-gan's `(x @ v) * g / ||v||`.

        Scaling the `(batch, units)` product instead of the `(fan_in,
        units)` kernel is the same function with fewer operations where
        the batch is smaller than the fan-in (SGAN's first layers).
        """
        outputs = ops.matmul(inputs, ops.cast(self.v, inputs.dtype))
        return outputs * ops.cast(self.scale(), outputs.dtype)

    def call(self, inputs):
        outputs = self.pre_activation_without_bias(inputs)
        outputs = outputs + ops.cast(self.b, outputs.dtype)
        return outputs if self.activation is None else self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        config = super().get_config()
        config.update(
            units=self.units,
            activation=keras.activations.serialize(self.activation)
            if self.activation is not None
            else None,
            trainable_scale=self.trainable_scale,
            data_init=self.data_init,
            kernel_initializer=keras.initializers.serialize(self.kernel_initializer),
            epsilon=self.epsilon,
        )
        return config


def needs_data_init(model):
    """Whether `model` has a `data_init` layer that was not initialised yet."""
    return any(
        isinstance(layer, WeightNormDense)
        and layer.data_init
        and float(layer.initialized.numpy()) == 0.0
        for layer in model.layers
    )


def data_dependent_init(model, inputs):
    """Sets `g` and `b` of each `data_init` layer of `model` from `inputs`.

    Layer by layer, in order, on the outputs of the layers already set (the
    single "init pass" of improved-gan, with its Gaussian noise on): a
    layer's pre-activation `t = x @ (v/||v||)` gets `g = 1 / std(t)` and
    `b = -mean(t) / std(t)`, so it starts at zero mean and unit variance per
    unit. Layers already initialised (`initialized` flag set, e.g. restored
    from a checkpoint) are left as they are.

    Args:
        model: a functional `keras.Model` (e.g. SGAN's discriminator).
        inputs: a batch of its inputs (improved-gan: 500 training images).

    Returns:
        The names of the layers initialised here.
    """
    done = []
    for layer in model.layers:
        if not (isinstance(layer, WeightNormDense) and layer.data_init):
            continue
        if float(layer.initialized.numpy()) != 0.0:
            continue
        # What the layer sees now: the model up to its input, noise on.
        prefix = keras.Model(model.input, layer.input)
        x = prefix(inputs, training=True)
        layer.g.assign(ops.ones_like(layer.g))
        t = layer.pre_activation_without_bias(x)
        mean = ops.mean(t, axis=0)
        std = ops.sqrt(ops.mean(ops.square(t - mean), axis=0))
        layer.g.assign(1.0 / std)
        layer.b.assign(-mean / std)
        layer.initialized.assign(1.0)
        done.append(layer.name)
    return done
