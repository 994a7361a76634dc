"""Checkpoints of a GAN run: what they hold, and restoring a readable one.

TensorFlow writes a checkpoint's data and index files first and then points
the `checkpoint` state file at it with an atomic rename, so a process killed
while saving leaves the previous checkpoint as the latest. A checkpoint can
still be damaged afterwards (a full disk, a truncated copy, a flaky network
file system): `restore_latest` then falls back to the newest one that reads.
"""

import keras
import tensorflow as tf
from absl import logging


def make_checkpoint(gan, step):
    """Returns a `tf.train.Checkpoint` of everything a resume needs.

    Verified with Keras 3.15 / TF 2.21 (tests/test_training.py and
    tests/test_reliability.py compare resumed runs with unbroken ones, bit for
    bit): Keras 3 models and optimizers are TF trackables, so the checkpoint
    holds every weight, each optimizer's `iterations`, learning rate and
    slots (and a `LossScaleOptimizer`'s loss scale). A
    `keras.random.SeedGenerator` is not trackable (`tf.train.Checkpoint`
    rejects it), but its `state` variable is, and
    `gan.non_trainable_variables` lists the state of every seed generator in
    the model (the noise's and each Dropout layer's), so they are saved as a
    list. Call `gan.build_optimizers()` first so slots exist to restore into.

    Args:
        gan: a compiled `ganzoo.GAN`.
        step: an int64 `tf.Variable` counting training steps.

    Returns:
        A `tf.train.Checkpoint`.

    Example:

    ```python
    checkpoint = make_checkpoint(gan, tf.Variable(0, dtype=tf.int64))
    checkpoint.restore(tf.train.latest_checkpoint(path)).assert_consumed()
    ```
    """
    return tf.train.Checkpoint(
        # Tracks every network and optimizer the model holds as an attribute
        # (generator, discriminator, d_/g_optimizer; CycleGAN's second pair).
        gan=gan,
        # Seed generator states (untracked above), BatchNorm statistics and
        # any other non-trainable state, e.g. CycleGAN's image pools.
        non_trainable=list(gan.non_trainable_variables),
        step=step,
    )


def restore_latest(checkpoint, paths):
    """Restores the newest readable checkpoint of `paths` into `checkpoint`.

    A checkpoint that fails to read (truncated or corrupt files) is skipped
    with a logged warning, and the one before it is tried.

    Args:
        checkpoint: a `tf.train.Checkpoint` (see `make_checkpoint`).
        paths: checkpoint prefixes, oldest first (as
            `tf.train.CheckpointManager.checkpoints` lists them).

    Returns:
        The restored prefix, or None when `paths` is empty.

    Raises:
        ValueError: no checkpoint of `paths` could be read.

    Example:

    ```python
    restored = restore_latest(checkpoint, manager.checkpoints)
    ```
    """
    failures = []
    for path in reversed(list(paths)):
        try:
            checkpoint.restore(path).assert_consumed()
        # Damaged files surface as many types (OpError, IndexError from the
        # reader, ValueError/AssertionError from matching): any is a skip.
        except Exception as error:  # noqa: BLE001
            first_line = str(error).strip().splitlines()[0] if str(error) else ""
            failures.append(f"{path}: {type(error).__name__}: {first_line}")
            logging.warning(
                "Checkpoint %s cannot be restored (%s); trying the previous one.",
                path,
                failures[-1],
            )
            continue
        return path
    if failures:
        raise ValueError(
            f"Received: checkpoints {list(paths)}, none of which can be restored "
            f"({'; '.join(failures)}); expected at least one readable checkpoint. "
            "Remove the damaged files or use a new workdir."
        )
    return None


def scale_learning_rates(gan, factor):
    """Multiplies the learning rates of `gan`'s two optimizers by `factor`.

    Args:
        gan: a compiled `ganzoo.GAN`.
        factor: the multiplier, e.g. 0.5.

    Returns:
        The new `(d_learning_rate, g_learning_rate)`.
    """
    rates = []
    for name in ("d_optimizer", "g_optimizer"):
        optimizer = getattr(gan, name)
        # A LossScaleOptimizer forwards to the optimizer it wraps.
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if isinstance(
            optimizer._learning_rate,  # No public way to ask.
            keras.optimizers.schedules.LearningRateSchedule,
        ):
            raise ValueError(
                f"Received: `train.on_divergence='rollback'` with a learning "
                f"rate schedule in `{name}`; expected a constant learning rate "
                "(a schedule cannot be lowered), or `on_divergence='stop'`."
            )
        optimizer.learning_rate.assign(optimizer.learning_rate * factor)
        rates.append(float(optimizer.learning_rate))
    return tuple(rates)
