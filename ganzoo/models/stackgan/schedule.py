"""StackGAN's two-stage schedule: Stage-II starts from a finished Stage-I run.

The paper trains Stage-I to convergence, then Stage-II with Stage-I frozen
(Zhang et al., ICCV 2017, section 3.4). Here each stage is one training run
(`zoo_configs/stackgan_shapes_stage1.py`, `..._stage2.py`); the Stage-II
builder loads the networks of the Stage-I run with `restore_stage1`, which
refuses a missing, unfinished or mismatched run with one line.
"""

import json
import os

import tensorflow as tf

# The builder arguments that shape the networks: a Stage-I run must share
# them with the Stage-II run that loads it.
ARCHITECTURE = (
    "image_shape",
    "noise_dim",
    "condition_dim",
    "embedding_dim",
    "text_width",
    "g_filters",
    "d_filters",
    "compress_dim",
    "num_residual",
    "vocabulary",
    "sequence_length",
    "conditioning_augmentation",
)


def _refuse(checkpoint, why, expected="the workdir of a finished stage-1 run"):
    return ValueError(
        f"Received: `stage1_checkpoint={checkpoint!r}`, {why}; expected {expected} "
        "built with the same network arguments."
    )


def _stage1_run(checkpoint, kwargs):
    """`(checkpoint prefix, run config or None)` of a Stage-I workdir or prefix."""
    config_path = os.path.join(checkpoint, "config.json")
    run = None
    if os.path.isfile(config_path):
        with open(config_path, encoding="utf-8") as f:
            run = json.load(f)
        model = run.get("model") or {}
        stage = (model.get("kwargs") or {}).get("stage")
        if model.get("name") != "stackgan" or stage != 1:
            raise _refuse(
                checkpoint,
                f"a run of `{model.get('name')}` with `stage={stage!r}`",
                "a stackgan run with stage=1",
            )
        stored = model["kwargs"]
        for key in ARCHITECTURE:
            mine = kwargs.get(key)
            mine = list(mine) if isinstance(mine, tuple) else mine
            if key in stored and stored[key] != mine:
                raise _refuse(
                    checkpoint, f"whose `{key}` is {stored[key]!r}, not {mine!r}"
                )
    path = None
    for folder in (checkpoint, os.path.join(checkpoint, "checkpoints")):
        if os.path.isdir(folder) and tf.train.latest_checkpoint(folder):
            path = tf.train.latest_checkpoint(folder)
            break
    if path is None and tf.io.gfile.exists(f"{checkpoint}.index"):
        path = checkpoint  # A checkpoint prefix.
    if path is None:
        raise _refuse(checkpoint, "which holds no checkpoint")
    if run is not None:
        steps = (run.get("train") or {}).get("steps")
        step = int(tf.train.load_variable(path, "step/.ATTRIBUTES/VARIABLE_VALUE"))
        if steps is not None and step < steps:
            raise _refuse(
                checkpoint, f"a stage-1 run stopped at step {step} of {steps}"
            )
    return path


def restore_stage1(gan, checkpoint, kwargs=None):
    """Loads the networks of a finished Stage-I run into a Stage-II `gan`.

    Refuses, with one line naming the difference, a path without a
    checkpoint, a run of another model or stage, a run built with other
    network arguments (from its `config.json`), an unfinished run, and a
    checkpoint whose variables do not fit `gan`'s networks.

    Args:
        gan: a `StackGAN` with `stage=2`.
        checkpoint: a Stage-I workdir (of `ganzoo-train` or `benchmarks.run`,
            with `config.json` and `checkpoints/`), its `checkpoints/`
            folder, or a checkpoint prefix.
        kwargs: the builder arguments of `gan`, compared with the run's.

    Returns:
        The checkpoint prefix that was restored.
    """
    path = _stage1_run(checkpoint, kwargs or {})
    # Only the networks: the generator (Stage-I's, its text encoder; Stage-II
    # G's untrained start) and Stage-I's D. Stage-II's D starts afresh, as in
    # the official code, which restores Stage-I's variables only; Stage-I
    # never trains it, and Stage-II may build it with a text-free head.
    # The optimizers of Stage-II start afresh too.
    nets_only = tf.train.Checkpoint(
        generator=gan.generator,
        discriminator=tf.train.Checkpoint(stage1=gan.discriminator.stage1),
    )
    try:
        status = tf.train.Checkpoint(gan=nets_only).read(path)
        status.expect_partial().assert_existing_objects_matched()
    except (AssertionError, ValueError, tf.errors.OpError) as error:
        first = str(error).strip().splitlines()[0][:160]
        raise _refuse(checkpoint, f"whose variables do not fit ({first})") from None
    return path
