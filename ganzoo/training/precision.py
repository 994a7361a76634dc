"""Mixed precision: the Keras dtype policy of a run, float32 losses.

Under `mixed_float16` / `mixed_bfloat16` layers compute in half precision
and keep float32 weights. Losses stay float32 (half precision loses the small
differences between GAN losses and overflows in `exp`), and float16 training
needs loss scaling, which `GAN.compile` adds with
`keras.optimizers.LossScaleOptimizer`.
"""

import contextlib
import inspect

import keras
from absl import logging

from ganzoo import registry
from ganzoo.engine import execution

# Re-exported: they moved to the layer below, callers here still use them.
from ganzoo.objectives.precision import (  # noqa: F401, E402
    float32_logits,
    needs_loss_scaling,
    upcast_half,
    with_loss_scaling,
)

POLICIES = ("float32", "mixed_float16", "mixed_bfloat16")
# `train.mixed_precision` may also be "auto": see `resolve_policy`.
AUTO = "auto"
# CPU flags (Linux /proc/cpuinfo) of bfloat16 matrix units: AVX512_BF16
# (dot products) and AMX (tiles). oneDNN runs bfloat16 matmuls and
# convolutions on them; elsewhere it emulates them, slower than float32.
BFLOAT16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


def check_policy(name, allow_auto=True):
    """Returns `name` if it is a supported dtype policy; raises otherwise.

    Args:
        name: one of `POLICIES`, or "auto" (`resolve_policy`).
        allow_auto: whether "auto" is accepted.
    """
    allowed = (AUTO, *POLICIES) if allow_auto else POLICIES
    if name not in allowed:
        raise ValueError(
            f"Received: `mixed_precision={name!r}`; expected one of {list(allowed)}."
        )
    return name


def cpu_flags(path="/proc/cpuinfo"):
    """The CPU's feature flags, from Linux's `/proc/cpuinfo` (none if unreadable)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return frozenset()
    flags = set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):  # x86, ARM.
            flags.update(value.split())
    return frozenset(flags)


def sample_kind(entry, model_kwargs=None):
    """`"images"` or `"points"`: what `entry` built with `model_kwargs` makes."""
    shape = (model_kwargs or {}).get("image_shape")
    if shape is None:  # The builder's default.
        builder = inspect.unwrap(registry.get_entry(entry).builder)
        parameter = inspect.signature(builder).parameters.get("image_shape")
        shape = None if parameter is None else parameter.default
    return execution.sample_kind(shape)


def resolve_policy(
    name, entry, flags=None, device="cpu", quiet=False, model_kwargs=None
):
    """The dtype policy a run uses for `train.mixed_precision=name`; logged.

    "auto" gives `mixed_bfloat16` where bfloat16 is fast and known to keep
    the entry's quality: the entry is registered with `bfloat16` for the
    kind of samples it makes (its results were measured not to change,
    `benchmarks/PRECISION.md`; dcgan: images, not the 2D points) and the
    device is a TPU or a CPU with a bfloat16 matrix unit
    (`BFLOAT16_CPU_FLAGS`); float32 everywhere else (also on GPUs, Keras's
    default). Any other name is returned as it is.

    Args:
        name: "auto" or one of `POLICIES`.
        entry: the zoo entry's name.
        flags: the CPU's feature flags (tests pass a fake list); default
            `cpu_flags()`.
        device: "cpu", "gpu" or "tpu" (`ganzoo.engine.execution.device_kind()`).
        quiet: whether to skip the log line.
        model_kwargs: the builder's arguments (their `image_shape` gives the
            sample kind; default: the builder's own default).
    """
    check_policy(name)
    if name != AUTO:
        return name
    kind = sample_kind(entry, model_kwargs)
    if kind not in registry.get_entry(entry).bfloat16:
        policy, why = (
            "float32",
            f"{entry!r} is not registered with bfloat16 for {kind}",
        )
    elif device == "tpu":
        policy, why = "mixed_bfloat16", "a TPU"
    elif device != "cpu":
        policy, why = "float32", f"a {device.upper()}, Keras's default"
    else:
        flags = cpu_flags() if flags is None else flags
        found = sorted(set(BFLOAT16_CPU_FLAGS) & set(flags))
        policy = "mixed_bfloat16" if found else "float32"
        why = (
            f"the CPU has {', '.join(found)}"
            if found
            else f"the CPU lacks {' and '.join(BFLOAT16_CPU_FLAGS)}"
        )
    if not quiet:
        logging.info("train.mixed_precision='auto': %s (%s).", policy, why)
    return policy


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
    check_policy(name, allow_auto=False)
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)
