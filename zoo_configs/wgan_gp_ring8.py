"""WGAN-GP (Gulrajani et al. 2017) on the 8-Gaussian ring.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/wgan_gp_ring8.py --workdir=/tmp/wgan_gp_ring8

Target: 8/8 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/wgan_gp_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Steps: `STEPS` = 5,000, the length of the mixtures' second table in
`benchmarks/RESULTS.md` (ganzoo issue #14), set by its slowest entry:
wgan_gp's five penalised critic updates a step ran 5,000 steps in 1,058 s
(seed 0) and 1,956-1,962 s (seed 1, a slower session's machine), each on an
AVX-512 EPYC, one thread beside another run, so 20,000 would take over an
hour a seed. unrolled, dragan and sngan read this `STEPS`, so
the table's rows compare at one length.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

STEPS = 5_000

ADAM = {
    "class_name": "adam",
    "config": {"learning_rate": 1e-4, "beta_1": 0.5, "beta_2": 0.9},
}


def get_config(arg=None, dataset="ring8"):
    # The paper's toy code (gan_toy.py): three hidden layers of 512
    # (ganzoo's critic: 2-piece maxout), 2-d noise, 5 critic steps,
    # lambda 0.1 ("smaller lambda seems to help for toy tasks"),
    # Adam(1e-4, 0.5, 0.9), batch 256; it ran 100k iterations.
    return mixture_config(
        "wgan_gp",
        dataset,
        arg,
        model_kwargs=dict(
            latent_dim=2, hidden_units=(512, 512, 512), penalty_weight=0.1
        ),
        d_optimizer=ADAM,
        g_optimizer=ADAM,
        steps=STEPS,
    )
