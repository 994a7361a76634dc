"""Trains a zoo entry from an ml_collections config file.

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --workdir=/tmp/dcgan_mnist

Run it again with the same flags after an interruption and it resumes from
the latest checkpoint in `--workdir`; raise `--config.train.steps` to extend
a finished run. `--config=...:smoke` gives a tiny run, and any field can be
overridden, e.g. `--config.train.steps=2000`. Installed, the same binary is
`ganzoo-train`.

Reliability and scale, all config values:

    --config.train.distribute=mirrored       # every local GPU; or multi_worker (TF_CONFIG), tpu
    --config.train.mixed_precision=mixed_float16   # or mixed_bfloat16
    --config.train.deterministic=True        # tf.config.experimental.enable_op_determinism()
    --config.train.on_divergence=rollback    # NaN: last good checkpoint, learning rates x0.5

With `multi_worker`, start the same command on every machine, each with its
`TF_CONFIG`, and the same `--workdir` on a shared file system.
"""  # noqa: E501

import os
import sys

from absl import app, flags
from ml_collections import config_flags

_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "Training config file, e.g. zoo_configs/dcgan_mnist.py[:smoke]."
)
_WORKDIR = flags.DEFINE_string(
    "workdir", None, "Folder for checkpoints, samples and TensorBoard logs."
)
flags.mark_flags_as_required(["config", "workdir"])


def _make_configs_importable(argv):
    # Zoo configs import `zoo_configs.common`. `python -m` from the repository
    # root finds it through the working directory, but a console script (or a
    # run from elsewhere) does not: add the folder holding the config's folder.
    for i, arg in enumerate(argv):
        if arg.startswith("--config="):
            path = arg.split("=", 1)[1]
        elif arg == "--config" and i + 1 < len(argv):
            path = argv[i + 1]
        else:
            continue
        config_file = os.path.abspath(path.split(":", 1)[0])
        root = os.path.dirname(os.path.dirname(config_file))
        if root not in sys.path:
            sys.path.insert(0, root)


def main(argv):
    """Trains `--config` into `--workdir`; see `ganzoo.training.train`."""
    if len(argv) > 1:
        raise app.UsageError(f"Too many command-line arguments: {argv[1:]}.")
    from ganzoo.training import (
        loop as training,  # Imported late: TF loads after flag parsing.
    )

    training.train(_CONFIG.value, _WORKDIR.value)


def run():
    """Runs the binary (also the `ganzoo-train` console script)."""
    _make_configs_importable(sys.argv)
    app.run(main)


if __name__ == "__main__":
    run()
