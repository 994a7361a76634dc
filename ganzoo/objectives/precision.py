"""Float32 losses under mixed precision, and loss scaling for float16.

Losses stay float32 (half precision loses the small differences between GAN
losses and overflows in `exp`); float16 training needs loss scaling, which
`GAN.compile` adds with `keras.optimizers.LossScaleOptimizer`. The run's
dtype policy itself is chosen in `ganzoo.training.precision`.
"""

import functools

import keras
from keras import ops


def needs_loss_scaling(network):
    """Whether `network` computes in float16 (and so needs loss scaling)."""
    return getattr(network, "compute_dtype", "float32") == "float16"


def with_loss_scaling(optimizer, network):
    """Wraps `optimizer` in a `LossScaleOptimizer` if `network` is float16.

    Keras wraps a float16 model's single optimizer itself in
    `Model.compile`; a GAN's two optimizers are wrapped here, each by the
    network it updates.

    Args:
        optimizer: a `keras.optimizers.Optimizer`.
        network: the `keras.Model` whose weights it updates.
    """
    if not needs_loss_scaling(network) or isinstance(
        optimizer, keras.optimizers.LossScaleOptimizer
    ):
        return optimizer
    return keras.optimizers.LossScaleOptimizer(optimizer)


def float32_logits(loss_fn):
    """Decorates a loss so that its half-precision inputs become float32.

    A mixed-precision discriminator returns float16 or bfloat16 logits; the
    loss (and its gradient's first step) is then computed in float32, as the
    mixed precision guide asks for a model's outputs and losses. Integer
    inputs (labels) and Python numbers pass through.

    Args:
        loss_fn: a function of logits (and labels / coding constants).

    Returns:
        The wrapped function, with the same name and docstring.
    """

    @functools.wraps(loss_fn)
    def wrapper(*args, **kwargs):
        return loss_fn(*map(upcast_half, args), **kwargs)

    return wrapper


def upcast_half(value):
    """Returns `value` cast to float32 if it is float16 or bfloat16, else as is.

    Only half precision is raised: float64 inputs (e.g. exact reference
    computations) keep their precision.

    Args:
        value: a tensor, array or Python number.
    """
    dtype = str(getattr(value, "dtype", ""))
    if "float16" not in dtype:  # Matches float16 and bfloat16.
        return value
    return ops.cast(value, "float32")
