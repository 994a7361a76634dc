"""Packing: a discriminator that judges m samples at once (PacGAN).

`Pack(m)` turns a batch of `B` samples into `B / m` packs by concatenating
each run of `m` consecutive samples along the last axis (features of points,
channels of images), as the PacGAN code concatenates its m inputs.
`packed_discriminator` puts it in front of any discriminator built for the
packed shape, so the engine, the losses and the gradient penalties are
unchanged: real samples are packed with real ones and generated with
generated ones because the discriminator is called on each batch apart.

A batch of `B` samples gives `B / m` logits. The PacGAN code draws
`batch_size` packs per step, i.e. `m x batch_size` samples: configs set the
data batch to `m x 100` to match its batch of 100.

Reference: Lin, Khetan, Fanti & Oh, "PacGAN: The power of two samples in
generative adversarial networks", NeurIPS 2018, section 3.
"""

import keras
from keras import layers, ops


def check_num_packed(num_packed):
    """Returns `num_packed` if it is a positive integer; raises otherwise."""
    if (
        isinstance(num_packed, bool)
        or not isinstance(num_packed, int)
        or num_packed < 1
    ):
        raise ValueError(
            f"Received: `pack={num_packed!r}`; expected a positive integer "
            "(1 = no packing; PacGAN used 2, 3 or 4)."
        )
    return num_packed


def packed_shape(sample_shape, num_packed):
    """The shape of one pack: the last axis of `sample_shape` times m."""
    sample_shape = tuple(sample_shape)
    return (*sample_shape[:-1], sample_shape[-1] * num_packed)


@keras.saving.register_keras_serializable(package="ganzoo")
class Pack(layers.Layer):
    """Concatenates each run of `num_packed` consecutive samples.

    `(B, ..., C) -> (B / m, ..., m * C)`; the i-th pack holds samples
    `i*m, ..., i*m + m - 1` in that order.

    Args:
        num_packed: m, the samples per pack.
        **kwargs: `keras.layers.Layer` arguments.
    """

    def __init__(self, num_packed, **kwargs):
        super().__init__(**kwargs)
        self.num_packed = check_num_packed(num_packed)

    def call(self, inputs):
        m = self.num_packed
        batch = inputs.shape[0]
        if batch is not None and batch % m:
            raise ValueError(
                f"Received: a batch of {batch} samples; expected a multiple of "
                f"`pack={m}` (each pack holds {m} samples)."
            )
        sample_shape = tuple(inputs.shape[1:])
        grouped = ops.reshape(inputs, (-1, m, *sample_shape))
        # Move the pack axis next to the last one, then merge the two.
        axes = (0, *range(2, len(sample_shape) + 1), 1, len(sample_shape) + 1)
        grouped = ops.transpose(grouped, axes)
        return ops.reshape(grouped, (-1, *packed_shape(sample_shape, m)))

    def compute_output_shape(self, input_shape):
        batch = input_shape[0]
        batch = None if batch is None else batch // self.num_packed
        return (batch, *packed_shape(input_shape[1:], self.num_packed))

    def get_config(self):
        config = super().get_config()
        config.update(num_packed=self.num_packed)
        return config


def packed_discriminator(build_discriminator, sample_shape, num_packed, name=None):
    """A discriminator of samples that packs them before judging.

    Args:
        build_discriminator: a function of an input shape returning a
            `keras.Model` from that shape to `(batch, 1)` logits.
        sample_shape: the shape of one sample, e.g. `(2,)` or `(28, 28, 1)`.
        num_packed: m; with 1 the discriminator is returned as built.
        name: the model's name (default: the inner model's name).

    Returns:
        A `keras.Model` mapping `(B, *sample_shape)` to `(B / m, 1)` logits.
    """
    check_num_packed(num_packed)
    if num_packed == 1:
        return build_discriminator(tuple(sample_shape))
    inner = build_discriminator(packed_shape(sample_shape, num_packed))
    samples = keras.Input(tuple(sample_shape))
    logits = inner(Pack(num_packed)(samples))
    return keras.Model(samples, logits, name=name or f"packed_{inner.name}")
