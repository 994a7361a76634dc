"""SN-GAN (Miyato et al. 2018) on the 25-Gaussian grid.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/sngan_grid25.py --workdir=/tmp/sngan_grid25

Target: 25/25 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/sngan_grid25.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from ganzoo.training.config import load_module


def get_config(arg=None):
    # The ring's settings: the two mixtures are one benchmark (PacGAN).
    ring8 = load_module(__file__, sibling="sngan_ring8.py")
    return ring8.get_config(arg, dataset="grid25")
