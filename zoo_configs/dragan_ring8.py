"""DRAGAN (Kodali et al. 2017) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/dragan_ring8.py --workdir=/tmp/dragan_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/dragan_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

The perturbation `c * U[0, 1]` keeps the authors' `c = 0.5 * std` of the
whole batch (0.5 x 0.71 = 0.35 on the ring, 35 times a mode's std). A
smaller `c` (`penalty=penalty("dragan", scale=c)`) did not help in a short check
(600 steps, 64-unit nets, lr 1e-3, radius-2 ring of std 0.02): no penalty
7/8 modes; c = 0.5 x batch std 3/8; c = 0.06 0/8; c = 0.01 0/8 with the
samples stuck near the centre. At 5,000 steps (seed 0) the same holds:
2/8 modes with this `c`, 0/8 with `c` = three mode stds
(`dragan_ring8_mode_scale.py`); either way d_loss stays at 1.55-1.65, above
the 2 log 2 = 1.39 of a discriminator at chance. The weight is what fails:
lambda = 0.1, WGAN-GP's toy value (`dragan_ring8_small_lambda.py`), gives
8/8 modes on the ring and 20.0 +- 0.6 of 25 on the grid (3 seeds).

Steps: 5,000, the length of the mixtures' second table
(`wgan_gp_ring8.py`'s `STEPS`, which says why); dragan ran 5,000 steps in 323 s here.
"""  # noqa: E501

from ganzoo.training.config import load_module, mixture_config

# One length for the table: wgan_gp sets it.
STEPS = load_module(__file__, sibling="wgan_gp_ring8.py").STEPS


def get_config(arg=None, dataset="ring8"):
    # The paper's penalty (lambda 10) and Adam(1e-4, 0.5, 0.9), the entry's
    # defaults, on the WGAN-GP toy networks.
    return mixture_config("dragan", dataset, arg, steps=STEPS)
