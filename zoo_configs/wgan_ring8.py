"""WGAN with weight clipping (Arjovsky et al. 2017) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/wgan_ring8.py --workdir=/tmp/wgan_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/wgan_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from ganzoo.training.config import mixture_config


def get_config(arg=None, dataset="ring8"):
    # The paper's critic settings (clip 0.01, 5 critic steps, RMSProp 5e-5,
    # the entry's defaults) on the WGAN-GP toy networks.
    return mixture_config("wgan", dataset, arg)
