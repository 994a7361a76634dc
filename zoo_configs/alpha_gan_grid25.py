"""alpha-GAN (Rosca et al. 2017) on the 25-Gaussian grid.

    python -m benchmarks.run --config=zoo_configs/alpha_gan_grid25.py --seeds=0 --workdir=/tmp/alpha_gan --plots_dir=/tmp/plots

The ring's settings (`alpha_gan_ring8.py`) on the grid. Smoke run:
`--config=zoo_configs/alpha_gan_grid25.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    # The two mixtures are one benchmark (PacGAN): the ring's settings.
    ring8 = load_module(__file__, sibling="alpha_gan_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
