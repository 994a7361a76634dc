"""DRAGAN (Kodali et al. 2017) on the 25-Gaussian grid.

The VEEGAN/PacGAN mode-collapse test.

    python -m ganzoo.train --config=zoo_configs/dragan_grid25.py --workdir=/tmp/dragan_grid25

Target: 25/25 modes with >= 95% high-quality samples (PacGAN protocol:
2,500 samples; high quality = within 3 std of the nearest mode).
Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/dragan_grid25.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from zoo_configs import common


def get_config(arg=None):
    return common.base_config(
        "dragan",
        "grid25",
        arg,
        # The paper's penalty (lambda 10) and Adam(1e-4, 0.5, 0.9), the entry's
        # defaults, on the WGAN-GP toy networks.
        model_kwargs=dict(latent_dim=2, hidden_units=(512, 512, 512)),
        smoke_model_kwargs=dict(latent_dim=2, hidden_units=(16,)),
        steps=20_000,
        batch_size=256,
        log_every=500,
        checkpoint_every=5_000,
        sample_every=2_000,
        num_samples_in_grid=2_500,
    )
