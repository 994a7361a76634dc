"""Kept for code that imports `zoo_configs.common`: the config schema and its
defaults now live in the package, `ganzoo.training.config`.

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --workdir=/tmp/dcgan_mnist

Zoo configs import `ganzoo.training.config` directly, so they load from any
directory with ganzoo installed; this module only re-exports it.
"""  # noqa: E501

from ganzoo.data import catalog
from ganzoo.training.config import ARGS, SCHEMA, base_config, mixture_config

# The shape of one example of each dataset (derived from the catalog).
DATASET_SHAPES = {name: d.shape for name, d in catalog.DATASETS.items()}

__all__ = ["ARGS", "DATASET_SHAPES", "SCHEMA", "base_config", "mixture_config"]
