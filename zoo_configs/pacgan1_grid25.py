"""PacGAN1 (Lin et al. 2018) on the 25-Gaussian grid: the GAN row, no packing.

    python -m benchmarks.run --config=zoo_configs/pacgan1_grid25.py --seeds=0 --workdir=/tmp/pacgan --plots_dir=/tmp/plots

The ring's settings (pacgan1_ring8.py) on the grid, 5 x 5 modes at
{-4, -2, 0, 2, 4}^2 with std 0.05.
Paper (Table 1, 10 trials): 17.3 +- 0.8 modes, 94.8 +- 0.7% high quality.
Smoke run: `--config=zoo_configs/pacgan1_grid25.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    # The two mixtures are one benchmark (PacGAN, Table 1).
    ring8 = load_module(__file__, sibling="pacgan1_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
