"""Mixed precision: the Keras dtype policy of a run, float32 losses.

Under `mixed_float16` / `mixed_bfloat16` layers compute in half precision
and keep float32 weights. Losses stay float32 (half precision loses the small
differences between GAN losses and overflows in `exp`), and float16 training
needs loss scaling, which `GAN.compile` adds with
`keras.optimizers.LossScaleOptimizer`.
"""

import contextlib

import keras

# Re-exported: they moved to the layer below, callers here still use them.
from ganzoo.objectives.precision import (  # noqa: F401, E402
    float32_logits,
    needs_loss_scaling,
    upcast_half,
    with_loss_scaling,
)

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
    with ganzoo.training.precision.dtype_policy("mixed_bfloat16"):
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
