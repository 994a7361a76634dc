"""SN-GAN (Miyato et al. 2018) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/sngan_ring8.py --workdir=/tmp/sngan_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/sngan_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Steps: `STEPS` = 5,000, the shorter table of `benchmarks/RESULTS.md`
(ganzoo issue #14): its entries cost spectral-norm power iterations on every critic layer a step, so 20,000
steps do not fit a seed in about 15 CPU-minutes.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

STEPS = 5_000


def get_config(arg=None, dataset="ring8"):
    # The entry's defaults (spectral norm on every critic layer, hinge loss,
    # Adam(2e-4, 0.5, 0.999), 1 critic step) on the WGAN-GP toy networks.
    return mixture_config("sngan", dataset, arg, steps=STEPS)
