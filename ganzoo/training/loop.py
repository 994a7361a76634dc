"""The training loop: `train(config, workdir)`, resumable, with checkpoints.

`train` runs Keras `fit` in chunks of `train.log_every` steps (one Keras
epoch per chunk), so a restored step maps to `initial_epoch` and resuming is
exact at chunk boundaries: weights, both optimizers' slots and iteration
counts, every noise seed state and the position in the data stream come back.

Workdir layout: `config.json`, `checkpoints/` (`tf.train.CheckpointManager`,
last 3 kept), `samples/step_XXXXXXX.png`, `tensorboard/`; in a multi-worker
run the other workers save into `workers/<task>/` (saving is collective).

Reliability options in `config.train` (the schema: `ganzoo.training.config`):
`deterministic`, `distribute`, `mixed_precision`, `on_divergence`
(`"stop"` or `"rollback"` to the last good checkpoint with the learning rates
times `rollback_lr_factor`, at most `max_rollbacks` times).
"""

import dataclasses
import math
import os

import keras
import ml_collections
import tensorflow as tf
from absl import logging

from ganzoo import data as data_lib
from ganzoo import registry
from ganzoo.engine import execution
from ganzoo.objectives import replicas
from ganzoo.training import checkpoints, distribute, health, precision
from ganzoo.training import checks as train_checks
from ganzoo.training import config as config_lib
from ganzoo.training import workdir as workdir_lib
from ganzoo.training.callbacks import (
    TrainingCallback,
    TrainingDivergedError,
    TrainingInterrupted,
)
from ganzoo.training.checkpoints import make_checkpoint

__all__ = ["TrainResult", "TrainingDivergedError", "make_checkpoint", "train"]

MAX_STEPS_PER_EXECUTION = 100
MAX_CHECKPOINTS_TO_KEEP = checkpoints.MAX_TO_KEEP


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


def _plain(value):
    return value.to_dict() if isinstance(value, ml_collections.ConfigDict) else value


def train(config, workdir):
    """Trains `config.model` on `config.data`, resuming from `workdir`.

    Running the same command again after an interruption restores the latest
    checkpoint in `workdir/checkpoints` and continues from its step; a run
    that already reached `train.steps` returns at once. Raising
    `--config.train.steps` extends a finished run.

    Args:
        config: an `ml_collections.ConfigDict` with fields `model`, `data`,
            `train` and `optimizer` (and `eval`); `ganzoo.training.config.SCHEMA`
            lists every field, and missing ones get its defaults.
        workdir: the run's folder; created if missing.

    Returns:
        A `TrainResult` with the trained GAN, the final step and last losses.

    Raises:
        ValueError: invalid `train.*` or `data.batch_size` values, a first
            batch of the wrong dtype or range (or labels out of range), a
            workdir of another run, or checkpoints none of which can be read
            (a damaged latest one is skipped with a warning).
        ganzoo.training.workdir.WorkdirInUseError: another process is
            training in `workdir` (its id is in the message).
        TrainingDivergedError: a loss became NaN/inf; its message names the
            step and the loss (with `train.on_divergence="rollback"`, once
            `train.max_rollbacks` rollbacks did not help).

    Example:

    ```python
    config = ganzoo.training.config.load_config("zoo_configs/vanilla_ring8.py:smoke")
    result = ganzoo.training.train(config, "/tmp/vanilla_ring8_smoke")
    points = result.gan.generate(512, seed=0)
    ```
    """
    config = config_lib.with_defaults(config)  # Every field of the schema.
    train_cfg = config.train
    jit_compile = train_checks.check_train_config(train_cfg)
    steps_per_execution(train_cfg)  # Fails now, not after a build.
    # First: a multi-worker strategy must configure TF before anything runs.
    strategy = distribute.get_strategy(train_cfg.distribute, train_cfg.tpu)
    is_chief = distribute.worker_id(strategy)[0]
    data_kwargs = _plain(config.data.kwargs)
    train_checks.check_batch_size(
        config.data.batch_size,
        strategy.num_replicas_in_sync,
        data_kwargs.get("take") or data_kwargs.get("num_examples"),
    )
    train_checks.check_optimizers(config.optimizer)
    if train_cfg.deterministic:
        tf.config.experimental.enable_op_determinism()
    workdir = os.fspath(workdir)
    # Held until training ends: a second run on this workdir stops at once.
    with workdir_lib.locked(workdir, hold=is_chief):
        try:
            return _train(config, workdir, strategy, jit_compile)
        except KeyboardInterrupt:
            raise TrainingInterrupted(_resume_point(workdir)) from None


def _resume_point(workdir):
    """Where a rerun of an interrupted run starts, in a sentence."""
    paths = checkpoints.list_checkpoints(os.path.join(workdir, "checkpoints"))
    if not paths:
        return (
            f"Interrupted before the first checkpoint; running the same command "
            f"again starts the run in {workdir} from step 0."
        )
    name = os.path.basename(paths[-1])
    return (
        f"Interrupted; running the same command again resumes from {name} "
        f"(step {name.rpartition('-')[2]}) in {workdir}."
    )


def _train(config, workdir, strategy, jit_compile):
    """`train` from the workdir on, with the workdir held by this process."""
    train_cfg, data_kwargs = config.train, _plain(config.data.kwargs)
    is_chief, task = distribute.worker_id(strategy)
    checkpoint_dir = workdir_lib.prepare(config, workdir, is_chief)

    keras.utils.set_random_seed(train_cfg.seed)
    with strategy.scope():
        gan = _build_and_compile(config, jit_compile)
        step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
        checkpoint = make_checkpoint(gan, step)
    # Other workers save (a collective operation) into a folder of their own
    # and restore what the chief saved.
    save_dir = checkpoint_dir if is_chief else os.path.join(workdir, "workers", task)
    manager = tf.train.CheckpointManager(
        checkpoint, save_dir, max_to_keep=MAX_CHECKPOINTS_TO_KEEP, step_counter=step
    )
    restored = checkpoints.restore_latest(
        checkpoint,
        checkpoints.list_checkpoints(checkpoint_dir),
        check=lambda: health.state_problem(checkpoint),
    )
    if restored:
        logging.info("Restored %s at step %d", restored, int(step.numpy()))
    initial_step = int(step.numpy())
    if initial_step % train_cfg.log_every:
        raise ValueError(
            f"Received: `train.log_every={train_cfg.log_every}`; expected a "
            f"divisor of the restored step {initial_step}."
        )
    if initial_step >= train_cfg.steps:
        logging.info("Already at step %d >= train.steps; done.", initial_step)
        return TrainResult(gan, initial_step, initial_step)

    loader = data_lib.get_loader(config.data.loader)
    dataset = loader(
        config.data.name,
        split=config.data.split,
        batch_size=config.data.batch_size,
        seed=config.data.seed,
        repeat=True,
        **data_kwargs,
    )
    train_checks.check_first_batch(gan, next(iter(dataset)))
    rollback = train_cfg.on_divergence == "rollback"
    if rollback and not manager.latest_checkpoint:
        manager.save(checkpoint_number=initial_step)  # Something to roll back to.
    writer = None
    tensorboard_dir = os.path.join(workdir, "tensorboard")
    if is_chief:
        writer = tf.summary.create_file_writer(os.path.join(tensorboard_dir, "scalars"))
    callback = TrainingCallback(config, workdir, step, manager, writer, dataset)
    # The model's own first (SGAN's test error), so the loop's logs them.
    callbacks = [*gan.training_callbacks(config), callback]
    if is_chief:
        tensorboard = keras.callbacks.TensorBoard(tensorboard_dir, write_graph=False)
        callbacks.append(tensorboard)
    try:
        _fit_with_rollbacks(
            gan, dataset, step, train_cfg, callbacks, checkpoint, save_dir
        )
    finally:
        if writer is not None:
            writer.close()
    return TrainResult(
        gan,
        int(step.numpy()),
        initial_step,
        callback.last_logs.get("d_loss"),
        callback.last_logs.get("g_loss"),
    )


def _fit_with_rollbacks(gan, dataset, step, train_cfg, callbacks, checkpoint, save_dir):
    """`_fit` to `train.steps`; on divergence, rolls back if the config says so."""
    rollback = train_cfg.on_divergence == "rollback"
    rollbacks = 0
    while True:
        try:
            _fit(gan, dataset, int(step.numpy()), train_cfg, callbacks)
            return
        except TrainingDivergedError as error:
            if not rollback or rollbacks >= train_cfg.max_rollbacks:
                raise
            rollbacks += 1
            factor = train_cfg.rollback_lr_factor
            # The newest checkpoint with good weights; the rates are the
            # diverged run's times `factor` (factor**k at rollback k).
            restored, rates = checkpoints.roll_back(
                checkpoint,
                checkpoints.list_checkpoints(save_dir),
                gan,
                factor,
                check=lambda: health.state_problem(checkpoint),
            )
            logging.warning(
                "%s Rollback %d/%d: restored %s (step %d) and multiplied the "
                "learning rates by %g, to %s (D, G).",
                error,
                rollbacks,
                train_cfg.max_rollbacks,
                restored,
                int(step.numpy()),
                factor,
                rates,
            )


def steps_per_execution(train_cfg):
    """The training steps per call of the compiled function; raises if bad.

    `"auto"`: the greatest common divisor of `log_every`, `checkpoint_every`
    and `sample_every` (so logs, checkpoints and sample grids land on their
    steps; each is a multiple of `log_every`) and of `MAX_STEPS_PER_EXECUTION`.
    One call per step costs the host a Python round trip per step (vanilla
    on ring8 under XLA: 98 steps/s at 1, 204 at 100); past 100 steps per call
    nothing measurable is left to gain, while the NaN check sees losses once
    per call. An int must divide `log_every`.
    """
    value = train_cfg.steps_per_execution
    if str(value).lower() == "auto":
        every = (
            train_cfg.log_every,
            train_cfg.checkpoint_every,
            train_cfg.sample_every,
        )
        return math.gcd(MAX_STEPS_PER_EXECUTION, *every)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f'Received: `train.steps_per_execution={value!r}`; expected "auto" '
            f"or a positive int dividing `train.log_every={train_cfg.log_every}`."
        )
    if train_cfg.log_every % value:
        raise ValueError(
            f"Received: `train.steps_per_execution={value}`; expected a divisor "
            f"of `train.log_every={train_cfg.log_every}`, so that every chunk "
            "ends on a call's last step."
        )
    return value


def _build_and_compile(config, jit_compile):
    # Layers keep the dtype policy they are created with, so the global
    # policy is only set while the networks are built.
    policy = precision.resolve_policy(
        config.train.mixed_precision,
        config.model.name,
        device=execution.device_kind(),
        model_kwargs=_plain(config.model.kwargs),
    )
    with precision.dtype_policy(policy):
        gan = registry.build(config.model.name, **_plain(config.model.kwargs))
        gan.prepare_training()  # E.g. StackGAN pretrains its text encoder.
    gan.compile(
        d_optimizer=_plain(config.optimizer.d),
        g_optimizer=_plain(config.optimizer.g),
        jit_compile=jit_compile,
        # Several replicas: one step per call (the combined input checks'
        # variables do not yet work under a strategy).
        steps_per_execution=(
            steps_per_execution(config.train) if replicas.num_replicas() == 1 else 1
        ),
    )
    gan.build_optimizers()  # Slots must exist before a restore fills them.
    return gan


def _fit(gan, dataset, initial_step, train_cfg, callbacks):
    # Fast-forward the (seeded) stream so a resumed run sees the batches an
    # uninterrupted run would have seen. This costs one pass over the skipped
    # batches of the input pipeline (no model computation).
    gan.fit(
        dataset.skip(initial_step),
        epochs=train_cfg.steps // train_cfg.log_every,
        steps_per_epoch=train_cfg.log_every,
        initial_epoch=initial_step // train_cfg.log_every,
        callbacks=callbacks,
        verbose=train_cfg.verbose,
        shuffle=False,  # The dataset shuffles itself; silences a warning.
    )
