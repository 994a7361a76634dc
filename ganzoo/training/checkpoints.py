"""Checkpoints of a GAN run: what they hold, finding and restoring a good one.

TensorFlow writes a checkpoint's data and index files first and then points
the `checkpoint` state file at it with an atomic rename, so a process killed
while saving leaves the previous checkpoint as the latest (and a
`ckpt-N_temp/` folder or `checkpoint.tmp*` file, removed by
`prepare_directory` on the next start). A checkpoint can still be damaged
afterwards (a full disk, a truncated copy, a flaky network file system), and
so can the state file: the checkpoints are found from their own files
(`list_checkpoints`), the state file is rewritten from them, and
`restore_latest` falls back to the newest one that reads and whose state is
finite and not exploded (`health.state_problem`: every saved variable, the weights
and also the moving statistics, optimizer slots and weight averages).
"""

import contextlib
import glob
import os
import re
import shutil

import keras
import tensorflow as tf
from absl import logging

STATE_FILE = "checkpoint"
# Checkpoints a training run keeps (`tf.train.CheckpointManager`'s
# `max_to_keep`): the newest, and two to fall back to.
MAX_TO_KEEP = 3
# `train.keep_every`'s checkpoints, in the workdir beside `checkpoints/`.
KEPT_DIR = "kept"
_INDEX = re.compile(r"^ckpt-(\d+)\.index$")


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


def list_checkpoints(directory):
    """Returns the checkpoint prefixes in `directory`, oldest first.

    Found from the files themselves (`ckpt-<step>.index`), not from the
    `checkpoint` state file, which may be missing or damaged. A checkpoint
    whose index is gone (TensorFlow deletes an old one index first) is left
    out.

    Args:
        directory: a checkpoint folder, e.g. `<workdir>/checkpoints`.
    """
    steps = []
    for path in glob.glob(os.path.join(glob.escape(directory), "ckpt-*.index")):
        match = _INDEX.match(os.path.basename(path))
        if match:
            steps.append(int(match.group(1)))
    return [os.path.join(directory, f"ckpt-{step}") for step in sorted(steps)]


def _remove_checkpoint(prefix):
    # The index first: without it the checkpoint is no longer listed.
    for path in [f"{prefix}.index", *glob.glob(glob.escape(prefix) + ".data-*")]:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _write_state(directory, paths):
    # With each file's time: `tf.train.CheckpointManager` only deletes the
    # checkpoints whose time is after `last_preserved_timestamp`, and keeps
    # forever those listed without one.
    times = [os.path.getmtime(f"{p}.index") for p in paths]
    names = [os.path.basename(p) for p in paths]
    lines = [f'model_checkpoint_path: "{names[-1]}"']
    lines += [f'all_model_checkpoint_paths: "{name}"' for name in names]
    lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in times]
    lines.append(f"last_preserved_timestamp: {min(times) - 1.0!r}")
    state_path = os.path.join(directory, STATE_FILE)
    with open(f"{state_path}.tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(f"{state_path}.tmp", state_path)  # Atomic.


def prepare_directory(directory, max_to_keep=None):
    """Cleans up after killed saves and rewrites a damaged state file.

    Removes `ckpt-N_temp/` folders and `checkpoint.tmp*` files (what a save
    killed half-way leaves) and the oldest checkpoints beyond `max_to_keep`
    (a kill after a checkpoint's files were written and before the old ones
    were deleted leaves them), then makes the `checkpoint` state file list
    the checkpoints that exist (`list_checkpoints`), with their times, when
    it is missing, unreadable or lists others, so that
    `tf.train.CheckpointManager` knows them and deletes them in turn. The
    folder is then what an uninterrupted run would have left. Call it on the
    chief, before creating the manager.

    Args:
        directory: a checkpoint folder, e.g. `<workdir>/checkpoints`.
        max_to_keep: the manager's `max_to_keep`, or None to keep all.

    Returns:
        The checkpoint prefixes kept, oldest first.
    """
    pattern = os.path.join(glob.escape(directory), "")
    for leftover in glob.glob(pattern + "ckpt-*_temp") + glob.glob(
        pattern + STATE_FILE + ".tmp*"
    ):
        logging.warning("Removing %s, left by an interrupted save.", leftover)
        if os.path.isdir(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            os.remove(leftover)
    paths = list_checkpoints(directory)
    if max_to_keep and len(paths) > max_to_keep:
        logging.info(
            "Removing %s, older than the %d checkpoints kept (left by an "
            "interrupted save).",
            [os.path.basename(p) for p in paths[:-max_to_keep]],
            max_to_keep,
        )
        for prefix in paths[:-max_to_keep]:
            _remove_checkpoint(prefix)
        paths = paths[-max_to_keep:]
    try:
        state = tf.train.get_checkpoint_state(directory)
        listed = list(state.all_model_checkpoint_paths) if state else []
    except (ValueError, tf.errors.OpError):  # An empty file raises.
        listed = None
    listed = listed and [os.path.join(directory, os.path.basename(p)) for p in listed]
    state_path = os.path.join(directory, STATE_FILE)
    if paths and listed != paths:
        # A state file that reads but lags the files is what a kill during a
        # save leaves: expected, and repaired without a warning.
        log = logging.info if listed else logging.warning
        log(
            "The checkpoint state file %s is %s; rewriting it from the "
            "checkpoints found: %s.",
            state_path,
            "out of date" if listed else "missing or damaged",
            [os.path.basename(p) for p in paths],
        )
        _write_state(directory, paths)
    elif not paths and os.path.exists(state_path):
        os.remove(state_path)  # Points at nothing: a fresh start.
    return paths


def restore_latest(checkpoint, paths, check=None):
    """Restores the newest good checkpoint of `paths` into `checkpoint`.

    A checkpoint that fails to read (truncated or corrupt files), or after
    whose restore `check()` names a problem (see `health.state_problem`), is
    skipped with a logged warning, and the one before it is tried.

    Args:
        checkpoint: a `tf.train.Checkpoint` (see `make_checkpoint`).
        paths: checkpoint prefixes, oldest first (`list_checkpoints`).
        check: None, or a function of no arguments returning None when the
            restored state is good, else a sentence saying why not.

    Returns:
        The restored prefix, or None when `paths` is empty.

    Raises:
        ValueError: no checkpoint of `paths` could be restored.

    Example:

    ```python
    restored = restore_latest(checkpoint, list_checkpoints(directory))
    ```
    """
    failures = []
    for path in reversed(list(paths)):
        try:
            checkpoint.restore(path).assert_consumed()
            problem = check() if check else None
        # Damaged files surface as many types (OpError, IndexError from the
        # reader, ValueError/AssertionError from matching): any is a skip.
        except Exception as error:  # noqa: BLE001
            first_line = str(error).strip().splitlines()[0] if str(error) else ""
            problem = f"{type(error).__name__}: {first_line}"
        if problem is None:
            return path
        failures.append(f"{path}: {problem}")
        logging.warning(
            "Checkpoint %s cannot be restored (%s); trying the previous one.",
            path,
            problem,
        )
    if failures:
        raise ValueError(
            f"Received: checkpoints {list(paths)}, none of which can be restored "
            f"({'; '.join(failures)}); expected at least one readable checkpoint "
            "whose state is finite and bounded. Remove the damaged files or use a "
            "new workdir."
        )
    return None


def _optimizers(gan):
    for name in ("d_optimizer", "g_optimizer"):
        optimizer = getattr(gan, name)
        if optimizer is None:  # A game without a discriminator (GMMN).
            continue
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
        yield optimizer


def roll_back(checkpoint, paths, gan, factor, check=None):
    """Restores the newest good checkpoint and lowers the learning rates.

    The new rates are the rates in use when training diverged times
    `factor`, not the restored ones: the checkpoint holds the rates of its
    own time, so the k-th rollback in a row runs at `factor**k`.

    Args:
        checkpoint: a `tf.train.Checkpoint` of `gan` (`make_checkpoint`).
        paths: checkpoint prefixes, oldest first.
        gan: the compiled `ganzoo.GAN`, with constant learning rates.
        factor: the multiplier, e.g. 0.5.
        check: see `restore_latest`.

    Returns:
        `(restored prefix, (d_learning_rate, g_learning_rate))`; only G's
        rate for a model without a discriminator.
    """
    optimizers = list(_optimizers(gan))
    rates = [float(optimizer.learning_rate) for optimizer in optimizers]
    restored = restore_latest(checkpoint, paths, check)
    for optimizer, rate in zip(optimizers, rates, strict=True):
        optimizer.learning_rate.assign(rate * factor)
    return restored, tuple(float(o.learning_rate) for o in optimizers)
