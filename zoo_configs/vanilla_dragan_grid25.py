"""Penalised NS-GAN (Fedus et al. 2018) on the 25-Gaussian grid.

    python -m benchmarks.run --config=zoo_configs/vanilla_dragan_grid25.py --seeds=0 --workdir=/tmp/nsgan --plots_dir=/tmp/plots

The ring's settings (vanilla_dragan_ring8.py) on the grid.
Smoke run: `--config=zoo_configs/vanilla_dragan_grid25.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    # The two mixtures are one benchmark (PacGAN).
    ring8 = load_module(__file__, sibling="vanilla_dragan_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
