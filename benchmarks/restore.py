"""A run's model, rebuilt from its workdir and restored from a checkpoint.

`benchmarks.publish` ships a finished run's last checkpoint;
`benchmarks.checkpoint_curve` scores every checkpoint a run kept.
"""

import json
import os

from absl import app


def json_kwargs(kwargs):
    """An entry's constructor arguments as `config.json` stores them."""
    kwargs = kwargs.to_dict()
    if "image_shape" in kwargs:
        kwargs["image_shape"] = tuple(kwargs["image_shape"])
    return kwargs


def build_run(run_dir, policy=None):
    """(config, GAN, checkpoint, step variable) of the run in `run_dir`.

    The model is built as the trainer built it (the same entry arguments and
    dtype policy), with fresh weights: `load` fills them.

    Args:
        run_dir: a run's folder, `<workdir>/<config>/seed_<k>` (the trainer's
            workdir is its `train/`).
        policy: a Keras dtype policy name to build with instead of the run's
            (a mixed-precision run's variables are float32, so `"float32"`
            restores it to compute in float32).
    """
    import ml_collections
    import tensorflow as tf

    import ganzoo
    from ganzoo.training import checkpoints, precision

    path = os.path.join(run_dir, "train", "config.json")
    if not os.path.isfile(path):
        raise app.UsageError(
            f"Received: `--run={run_dir}`, which has no train/config.json; "
            "expected a run folder `<workdir>/<config>/seed_<k>`."
        )
    with open(path, encoding="utf-8") as f:
        config = ml_collections.ConfigDict(json.load(f))
    # "auto" resolves as the trainer resolved it (entry flag and CPU features).
    policy = policy or precision.resolve_policy(
        config.train.get("mixed_precision", "float32"),
        config.model.name,
        quiet=True,
        model_kwargs=json_kwargs(config.model.kwargs),
    )
    with precision.dtype_policy(policy):
        gan = ganzoo.build(config.model.name, **json_kwargs(config.model.kwargs))
    step = tf.Variable(0, dtype=tf.int64)
    return config, gan, checkpoints.make_checkpoint(gan, step), step


def load(checkpoint, path):
    """Restores networks and noise state from `path` (optimizers not needed)."""
    status = checkpoint.restore(path)
    status.assert_existing_objects_matched().expect_partial()


def restore(run_dir, policy=None):
    """(config, trained GAN) of a finished run, from its last checkpoint.

    `policy`: as for `build_run`.
    """
    import tensorflow as tf

    config, gan, checkpoint, step = build_run(run_dir, policy)
    path = tf.train.latest_checkpoint(os.path.join(run_dir, "train", "checkpoints"))
    if path is None:
        raise app.UsageError(f"Received: `--run={run_dir}` without a checkpoint.")
    load(checkpoint, path)
    if int(step.numpy()) < config.train.steps:
        raise app.UsageError(
            f"Received: `--run={run_dir}` at step {int(step.numpy())}; expected a "
            f"finished run ({config.train.steps} steps)."
        )
    return config, gan
