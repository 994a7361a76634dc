"""The callback of `ganzoo.training.train`: steps, NaN guard, saves, samples."""

import math
import os
import time

import keras
import numpy as np
import tensorflow as tf
from absl import logging

from ganzoo import data as data_lib
from ganzoo.serving import images
from ganzoo.training import checkpoints, health


class TrainingDivergedError(FloatingPointError):
    """Raised when a loss or a weight becomes NaN, infinite or exploded."""


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C during training; the message says where a rerun resumes from."""


class TrainingCallback(keras.callbacks.Callback):
    """Tracks the global step; checks losses; saves checkpoints and samples.

    One callback, so that the NaN check runs before anything is saved: a
    non-finite loss raises from `on_train_batch_end`, so the chunk's
    `on_epoch_end` (which checkpoints) never runs and the last good
    checkpoint stays the latest. Losses can stay finite while the state
    explodes, so every variable a checkpoint holds (weights, moving
    statistics, optimizer slots, averages: `health.state_problem`) and
    the chunk's losses (`health.losses_problem`) are checked before each
    save: every saved checkpoint is a good one, and a run whose losses end
    far beyond their range ends as diverged, not as a success.
    """

    def __init__(self, config, workdir, step, manager, writer, dataset):
        super().__init__()
        self.translation_inputs = None
        self.is_chief = writer is not None  # Only the chief writes files.
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
        """`(images, grid kwargs)` of the sample grid at a step."""
        # An entry may lay out its own grid as `(images, rows)`: CycleGAN
        # inputs over translations and cycles, StackGAN captions over stages.
        if hasattr(self.model, "preview_grid"):
            samples, rows = self.model.preview_grid(n, seed, self.translation_inputs)
            return samples, dict(self.plot_kwargs, rows=rows)
        return self._samples(n, seed), self.plot_kwargs

    def _samples(self, n, seed):
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
        # loss shows at the batch that produced it. With several steps per
        # call `batch` is the call's last; the engine names the first bad one.
        for name, value in (logs or {}).items():
            value = float(value)
            if not math.isfinite(value):
                step = self.epoch * self.config.train.log_every + batch + 1
                index = getattr(self.model, "nonfinite_step_in_call", lambda: 0)()
                if index:
                    step += index - (self.model.steps_per_execution or 1)
                self.diverged(
                    step, f"`{name}={value}` is not finite (logs: {dict(logs)})"
                )

    def diverged(self, step, what):
        """Raises `TrainingDivergedError` saying what diverged at `step`."""
        last = self.manager.latest_checkpoint
        kept = f"the last good checkpoint {last} is kept"
        if not last:
            kept = "no checkpoint had been written yet"
        raise TrainingDivergedError(
            f"Training diverged at step {step}: {what}; nothing was saved after "
            f"it and {kept}. Lower the learning rate or change the loss, then "
            "run again."
        )

    def on_epoch_end(self, epoch, logs=None):
        train = self.config.train
        step = (epoch + 1) * train.log_every
        self.step.assign(step)
        self.last_logs = {k: float(v) for k, v in (logs or {}).items()}
        rate = train.log_every / max(time.time() - self.start_time, 1e-9)
        last = step == train.steps
        save = last or step % train.checkpoint_every == 0
        # `keep_every`'s checkpoints are written outside the manager, which
        # deletes all but its newest few: they stay for a score-against-steps
        # curve (`benchmarks.checkpoint_curve`).
        keep = train.keep_every and step % train.keep_every == 0
        if save or keep:
            problem = health.state_problem(
                self.manager.checkpoint
            ) or health.losses_problem(self.last_logs)
            if problem:
                self.diverged(step, problem)
        if save:
            # Saved before anything else: samples and logs are not needed to
            # resume, and each worker of a multi-worker run must save.
            saved = self.manager.save(checkpoint_number=step)
            logging.info("Saved checkpoint %s", saved)
        if keep:
            # Every worker writes (a collective operation); only the chief's
            # copy is in `<workdir>/kept`.
            folder = os.path.join(self.workdir, checkpoints.KEPT_DIR)
            if not self.is_chief:
                folder = f"{self.manager.directory}-{checkpoints.KEPT_DIR}"
            kept = self.manager.checkpoint.write(os.path.join(folder, f"ckpt-{step}"))
            logging.info("Kept checkpoint %s", kept)
        if not self.is_chief:
            return
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
        if last or step % train.sample_every == 0:
            samples, kwargs = self.preview(train.num_samples_in_grid, train.seed)
            path = os.path.join(self.workdir, "samples", f"step_{step:07d}.png")
            images.save_samples(samples, path, **kwargs)
        self.start_time = time.time()  # Rates leave out saving and sampling.
