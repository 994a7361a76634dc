"""Trains a zoo entry from an ml_collections config file.

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --workdir=/tmp/dcgan_mnist

Run it again with the same flags after an interruption and it resumes from
the latest checkpoint in `--workdir`; raise `--config.train.steps` to extend
a finished run. `--config=...:smoke` gives a tiny run, and any field can be
overridden, e.g. `--config.train.steps=2000`. Installed, the same binary is
`ganzoo-train`; a config file is read by its path (it imports only
`ganzoo.training.config`, the schema), so it runs from any directory.

Reliability and scale, all config values:

    --config.train.distribute=mirrored       # every local GPU; or multi_worker (TF_CONFIG), tpu
    --config.train.mixed_precision=mixed_float16   # or mixed_bfloat16
    --config.train.deterministic=True        # tf.config.experimental.enable_op_determinism()
    --config.train.on_divergence=rollback    # NaN: last good checkpoint, learning rates x0.5

With `multi_worker`, start the same command on every machine, each with its
`TF_CONFIG`, and the same `--workdir` on a shared file system.
"""  # noqa: E501

from absl import app, flags
from ml_collections import config_flags

from ganzoo.training import cli_errors

_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "Training config file, e.g. zoo_configs/dcgan_mnist.py[:smoke]."
)
_WORKDIR = flags.DEFINE_string(
    "workdir", None, "Folder for checkpoints, samples and TensorBoard logs."
)
cli_errors.define_debug_flag()
flags.mark_flags_as_required(["config", "workdir"])


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
    with cli_errors.one_line_errors("ganzoo-train"):
        app.run(main, flags_parser=cli_errors.parse_flags)


if __name__ == "__main__":
    run()
