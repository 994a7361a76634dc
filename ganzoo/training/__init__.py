"""Training runs: the resumable loop, its callbacks, input checks,
checkpoints, tf.distribute strategies, dtype policies, the config schema and
the `ganzoo-train` binary (`ganzoo.training.main`).

`ganzoo.training.train(config, workdir)` trains a config into a workdir.
"""

from ganzoo.training.loop import train

__all__ = ["train"]
