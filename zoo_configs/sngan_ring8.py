"""SN-GAN (Miyato et al. 2018) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/sngan_ring8.py --workdir=/tmp/sngan_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/sngan_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Steps: `STEPS` = 5,000, the length of the mixtures' second table in
`benchmarks/RESULTS.md` (ganzoo issue #14), set by its slowest entry:
wgan_gp's five penalised critic updates a step ran 5,000 steps in 1,058 s
here (seed 0; AVX-512 EPYC, one thread beside another run), so 20,000 would
take over an hour a seed. sngan ran 5,000 steps in 193 s here; it shares the
table to compare with wgan_gp, unrolled and dragan at one length.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

STEPS = 5_000


def get_config(arg=None, dataset="ring8"):
    # The entry's defaults (spectral norm on every critic layer, hinge loss,
    # Adam(2e-4, 0.5, 0.999), 1 critic step) on the WGAN-GP toy networks.
    return mixture_config("sngan", dataset, arg, steps=STEPS)
