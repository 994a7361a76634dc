"""SN-GAN (Miyato et al. 2018) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/sngan_ring8.py --workdir=/tmp/sngan_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/sngan_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Steps: 5,000, the length of the mixtures' second table
(`wgan_gp_ring8.py`'s `STEPS`, which says why); sngan ran 5,000 steps in 193 s here.
"""  # noqa: E501

from ganzoo.training.config import load_module, mixture_config

# One length for the table: wgan_gp sets it.
STEPS = load_module(__file__, sibling="wgan_gp_ring8.py").STEPS


def get_config(arg=None, dataset="ring8"):
    # The entry's defaults (spectral norm on every critic layer, hinge loss,
    # Adam(2e-4, 0.5, 0.999), 1 critic step) on the WGAN-GP toy networks.
    return mixture_config("sngan", dataset, arg, steps=STEPS)
