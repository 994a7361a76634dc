"""Mixed precision: the Keras dtype policy of a run, float32 losses.

Under `mixed_float16` / `mixed_bfloat16` layers compute in half precision
and keep float32 weights. Losses stay float32 (half precision loses the small
differences between GAN losses and overflows in `exp`), and float16 training
needs loss scaling, which `GAN.compile` adds with
`keras.optimizers.LossScaleOptimizer`.
"""

import contextlib
import functools

import keras
from keras import ops

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")


def check_policy(name):
    """Returns `name` if it is a supported dtype policy; raises otherwise.

    Args:
        name: one of `POLICIES`.
    """
    if name not in POLICIES:
        raise ValueError(
            f"Received: `mixed_precision={name!r}`; expected one of {list(POLICIES)}."
        )
    return name


@contextlib.contextmanager
def dtype_policy(name):
    """Sets the global Keras dtype policy inside a `with` block.

    Layers keep the policy they were created with, so a model built inside
    the block computes in `name` after it; the previous global policy comes
    back on exit (also on errors), leaving the rest of the process alone.

    Args:
        name: one of `POLICIES`.

    Example:

    ```python
    with ganzoo.precision.dtype_policy("mixed_bfloat16"):
        gan = ganzoo.build("dcgan")
    ```
    """
    check_policy(name)
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


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
