"""alpha-GAN (Rosca et al. 2017) on the 8-Gaussian ring: encoder + code discriminator.

    python -m benchmarks.run --config=zoo_configs/alpha_gan_ring8.py --seeds=0 --workdir=/tmp/alpha_gan --plots_dir=/tmp/plots

The VEEGAN/PacGAN mode-collapse test (2,500 samples scored; high quality =
within 3 std of the nearest mode). The entry's defaults: the table's
networks (400x4 ReLU G on a 2-d N(0, 1) code, 200x3 maxout D, an encoder
mirroring G, a 200x3 maxout code discriminator), lambda = 1, the paper's
density-ratio adversarial term, Adam(2e-4, beta_1 0.5) for D+C and G+E;
batch 100 as PacGAN's. Steps: 20,000, as every row of the table.
Smoke run (tiny networks, 20 steps): `--config=zoo_configs/alpha_gan_ring8.py:smoke`.
`alpha_gan_grid25.py` changes only the dataset.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

STEPS = 20_000


def get_config(arg=None, dataset="ring8"):
    return mixture_config(
        "alpha_gan",
        dataset,
        arg,
        model_kwargs=dict(latent_dim=2),
        smoke_model_kwargs=dict(
            g_hidden_units=(16,), d_hidden_units=(8,), code_hidden_units=(8,), pieces=2
        ),
        steps=STEPS,
        batch_size=100,
    )
