"""The training loop: `train(config, workdir)`, resumable, with checkpoints.

`train` runs Keras `fit` in chunks of `train.log_every` steps (one Keras
epoch per chunk), so a restored step maps to `initial_epoch` and resuming is
exact at chunk boundaries: weights, both optimizers' slots and iteration
counts, every noise seed state and the position in the data stream come back.

Workdir layout: `config.json`, `checkpoints/` (`tf.train.CheckpointManager`,
last 3 kept), `samples/step_XXXXXXX.png`, `tensorboard/`.
"""

import dataclasses
import json
import math
import os
import time

import keras
import ml_collections
import numpy as np
import tensorflow as tf
from absl import logging

from ganzoo import data as data_lib
from ganzoo import images, registry

CONFIG_FILE = "config.json"
MAX_CHECKPOINTS_TO_KEEP = 3
# Config fields that define the run stored in a workdir: resuming with other
# values would restore variables into a different model (or silently keep the
# stored learning rate), so it is refused. `train.*` may change.
RUN_IDENTITY = ("model", "data.name", "optimizer")


class TrainingDivergedError(FloatingPointError):
    """Raised when a loss becomes NaN or infinite during `train`."""


@dataclasses.dataclass
class TrainResult:
    """What `train` returns.

    Args:
        gan: the trained `ganzoo.GAN`.
        step: the step reached (equal to `config.train.steps`).
        initial_step: the step restored from the workdir (0 for a new run).
        d_loss: mean discriminator loss over the last chunk (None if no
            step was run).
        g_loss: mean generator loss over the last chunk (None likewise).
    """

    gan: keras.Model
    step: int
    initial_step: int
    d_loss: float | None = None
    g_loss: float | None = None


def _validate(train_cfg):
    """Checks `config.train`; returns the parsed `jit_compile`."""
    log_every = train_cfg.log_every
    if not isinstance(log_every, int) or log_every <= 0:
        raise ValueError(
            f"Received: `train.log_every={log_every!r}`; expected a positive int."
        )
    for name in ("steps", "checkpoint_every", "sample_every"):
        value = train_cfg[name]
        if not isinstance(value, int) or value <= 0 or value % log_every:
            raise ValueError(
                f"Received: `train.{name}={value!r}`; expected a multiple of "
                f"`train.log_every={log_every}`."
            )
    # Strings ("True") pass too, for configs that typed the field `str`.
    text = str(train_cfg.jit_compile).lower()
    if text not in ("auto", "true", "false"):
        raise ValueError(
            f"Received: `train.jit_compile={train_cfg.jit_compile!r}`; "
            'expected "auto", True or False.'
        )
    return "auto" if text == "auto" else text == "true"


def _plain(value):
    return value.to_dict() if isinstance(value, ml_collections.ConfigDict) else value


def _identity(config_json):
    def get(value, path):
        for key in path.split("."):
            value = (value or {}).get(key)
        return value

    return {path: get(config_json, path) for path in RUN_IDENTITY}


def _check_and_write_config(config, workdir, checkpoint_dir):
    path = os.path.join(workdir, CONFIG_FILE)
    new = json.loads(config.to_json_best_effort(sort_keys=True))
    # Until a checkpoint exists nothing would be restored, so a run that
    # failed early (e.g. diverged) may be restarted with another config.
    if os.path.exists(path) and tf.train.latest_checkpoint(checkpoint_dir):
        with open(path, encoding="utf-8") as f:
            old = json.load(f)
        old_id, new_id = _identity(old), _identity(new)
        diff = [key for key in RUN_IDENTITY if old_id[key] != new_id[key]]
        if diff:
            details = "; ".join(
                f"`{k}` is {old_id[k]!r} there, {new_id[k]!r} here" for k in diff
            )
            raise ValueError(
                f"Received: `workdir={workdir!r}`, which belongs to a different "
                f"run ({details}); expected a new workdir, or the config that "
                "run was started with (only `train.*` fields, e.g. "
                "`train.steps` to extend it, may change)."
            )
    with open(f"{path}.tmp", "w", encoding="utf-8") as f:
        json.dump(new, f, indent=2, sort_keys=True)
    os.replace(f"{path}.tmp", path)  # Atomic: a kill leaves old or new.


def make_checkpoint(gan, step):
    """Returns a `tf.train.Checkpoint` of everything a resume needs.

    Verified with Keras 3.15 / TF 2.21 (tests/test_training.py compares a
    resumed run with an unbroken one, bit for bit): Keras 3 models and
    optimizers are TF trackables, so the checkpoint holds every weight, each
    optimizer's `iterations`, learning rate and slots. A
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


class _TrainingCallback(keras.callbacks.Callback):
    """Tracks the global step; checks losses; saves checkpoints and samples.

    One callback, so that the NaN check runs before anything is saved: a
    non-finite loss raises from `on_train_batch_end`, so the chunk's
    `on_epoch_end` (which checkpoints) never runs and the last good
    checkpoint stays the latest.
    """

    def __init__(self, config, workdir, step, manager, writer, dataset):
        super().__init__()
        self.translation_inputs = None
        if config.data.get("loader") == "translation":
            self.translation_inputs = next(iter(dataset))[0].numpy()
        self.config, self.workdir = config, workdir
        self.step, self.manager, self.writer = step, manager, writer
        self.epoch, self.last_logs, self.start_time = 0, {}, time.time()
        self.plot_kwargs = {}
        if config.data.name in data_lib.list_mixtures():
            # Draw the true modes and a fixed frame, to see mode collapse.
            means = data_lib.get_mixture(config.data.name).means
            self.plot_kwargs = dict(reference=means, limit=1.5 * abs(means).max())

    def preview(self, n, seed):
        if self.translation_inputs is None:
            return self.model.generate(n, seed=seed)
        # A translator has no prior: show fixed inputs above their G(a).
        inputs = self.translation_inputs[:n]
        outputs = self.model.translate(inputs, direction="a2b")
        inputs = np.broadcast_to(inputs, inputs.shape[:3] + outputs.shape[3:])
        return np.concatenate([inputs, outputs])

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        # The logs are running means over the chunk, so the first non-finite
        # loss shows at the batch that produced it.
        for name, value in (logs or {}).items():
            value = float(value)
            if not math.isfinite(value):
                step = self.epoch * self.config.train.log_every + batch + 1
                last = self.manager.latest_checkpoint
                kept = f"the last good checkpoint {last} is kept"
                if not last:
                    kept = "no checkpoint had been written yet"
                raise TrainingDivergedError(
                    f"Training diverged at step {step}: `{name}={value}` is not "
                    f"finite (logs: {dict(logs)}); nothing was saved after it "
                    f"and {kept}. Lower the learning rate or change the loss, "
                    "then run again."
                )

    def on_epoch_end(self, epoch, logs=None):
        train = self.config.train
        step = (epoch + 1) * train.log_every
        self.step.assign(step)
        self.last_logs = {k: float(v) for k, v in (logs or {}).items()}
        rate = train.log_every / max(time.time() - self.start_time, 1e-9)
        with self.writer.as_default(step=step):
            for name, value in self.last_logs.items():
                tf.summary.scalar(name, value)
            tf.summary.scalar("steps_per_second", rate)
        logging.info(
            "step %d/%d: %s (%.1f steps/s)",
            step,
            train.steps,
            ", ".join(f"{k}={v:.4f}" for k, v in self.last_logs.items()),
            rate,
        )
        last = step == train.steps
        if last or step % train.sample_every == 0:
            samples = self.preview(train.num_samples_in_grid, train.seed)
            path = os.path.join(self.workdir, "samples", f"step_{step:07d}.png")
            images.save_samples(samples, path, **self.plot_kwargs)
        if last or step % train.checkpoint_every == 0:
            saved = self.manager.save(checkpoint_number=step)
            logging.info("Saved checkpoint %s", saved)
        self.start_time = time.time()  # Rates leave out saving and sampling.


def train(config, workdir):
    """Trains `config.model` on `config.data`, resuming from `workdir`.

    Running the same command again after an interruption restores the latest
    checkpoint in `workdir/checkpoints` and continues from its step; a run
    that already reached `train.steps` returns at once. Raising
    `--config.train.steps` extends a finished run.

    Args:
        config: an `ml_collections.ConfigDict` with fields `model`, `data`,
            `train` and `optimizer`, as made by `zoo_configs/common.py`'s
            `base_config` (which documents each field).
        workdir: the run's folder; created if missing.

    Returns:
        A `TrainResult` with the trained GAN, the final step and last losses.

    Raises:
        ValueError: invalid `train.*` values, or a workdir of another run.
        TrainingDivergedError: a loss became NaN/inf; its message names the
            step.

    Example:

    ```python
    from zoo_configs import vanilla_ring8

    config = vanilla_ring8.get_config("smoke")
    result = ganzoo.training.train(config, "/tmp/vanilla_ring8_smoke")
    points = result.gan.generate(512, seed=0)
    ```
    """
    train_cfg = config.train
    jit_compile = _validate(train_cfg)
    workdir = os.fspath(workdir)
    checkpoint_dir = os.path.join(workdir, "checkpoints")
    os.makedirs(workdir, exist_ok=True)
    _check_and_write_config(config, workdir, checkpoint_dir)

    keras.utils.set_random_seed(train_cfg.seed)
    gan = registry.build(config.model.name, **_plain(config.model.kwargs))
    optimizer = config.get("optimizer") or {}
    gan.compile(
        d_optimizer=_plain(optimizer.get("d")),
        g_optimizer=_plain(optimizer.get("g")),
        jit_compile=jit_compile,
    )
    gan.build_optimizers()  # Slots must exist before a restore fills them.
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    checkpoint = make_checkpoint(gan, step)
    manager = tf.train.CheckpointManager(
        checkpoint,
        checkpoint_dir,
        max_to_keep=MAX_CHECKPOINTS_TO_KEEP,
        step_counter=step,
    )
    if manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint).assert_consumed()
        logging.info("Restored %s at step %d", manager.latest_checkpoint, int(step))
    initial_step = int(step)
    if initial_step % train_cfg.log_every:
        raise ValueError(
            f"Received: `train.log_every={train_cfg.log_every}`; expected a "
            f"divisor of the restored step {initial_step}."
        )
    if initial_step >= train_cfg.steps:
        logging.info("Already at step %d >= train.steps; done.", initial_step)
        return TrainResult(gan, initial_step, initial_step)

    loader = data_lib.get_loader(config.data.get("loader", "load"))
    dataset = loader(
        config.data.name,
        split=config.data.get("split", "train"),
        batch_size=config.data.batch_size,
        seed=config.data.seed,
        repeat=True,
        **_plain(config.data.get("kwargs") or {}),
    )
    # Fast-forward the (seeded) stream so a resumed run sees the batches an
    # uninterrupted run would have seen. This costs one pass over the skipped
    # batches of the input pipeline (no model computation).
    dataset = dataset.skip(initial_step)
    tensorboard_dir = os.path.join(workdir, "tensorboard")
    writer = tf.summary.create_file_writer(os.path.join(tensorboard_dir, "scalars"))
    callback = _TrainingCallback(config, workdir, step, manager, writer, dataset)
    try:
        gan.fit(
            dataset,
            epochs=train_cfg.steps // train_cfg.log_every,
            steps_per_epoch=train_cfg.log_every,
            initial_epoch=initial_step // train_cfg.log_every,
            callbacks=[
                callback,
                keras.callbacks.TensorBoard(tensorboard_dir, write_graph=False),
            ],
            verbose=train_cfg.get("verbose", 1),
            shuffle=False,  # The dataset shuffles itself; silences a warning.
        )
    finally:
        writer.close()
    return TrainResult(
        gan,
        int(step),
        initial_step,
        callback.last_logs.get("d_loss"),
        callback.last_logs.get("g_loss"),
    )
