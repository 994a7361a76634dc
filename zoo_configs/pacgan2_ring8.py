"""PacGAN2 (Lin et al. 2018) on the 8-Gaussian ring: D judges 2 samples at once.

    python -m benchmarks.run --config=zoo_configs/pacgan2_ring8.py --seeds=0 --workdir=/tmp/pacgan --plots_dir=/tmp/plots

The PacGAN protocol (its reference code): G 2-d N(0, 1) noise, 4 x 400
ReLU + batch norm; D 3 x 200 maxout (5 pieces) on the m packed samples;
Adam(1e-4, beta_1=0.8); 100 packs per step, i.e. a batch of `100 * m`
samples; 2,500 samples scored, high quality within 3 std of a mode.
Paper (Table 1, 10 trials): 7.9 +- 0.1 modes, 95.6 +- 2.0% high quality.
`pacgan1_*`, `pacgan3_*`, `pacgan4_*` change only `m` (pacgan1 is the GAN
row on the same networks); the `*_grid25` files only the dataset.

Steps: PacGAN trained 400 epochs of 100,000 samples (400,000 steps); here
`STEPS` = 20,000 for every row of the table, measured to fit one seed of
pacgan4 (batch 400) in under about 15 CPU-minutes on 2 cores. Smoke run:
`--config=zoo_configs/pacgan2_ring8.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

STEPS = 20_000
PACKS_PER_STEP = 100  # PacGAN's batch_size counts packs.


def get_config(arg=None, dataset="ring8", pack=2):
    config = mixture_config(
        "pacgan",
        dataset,
        arg,
        # The entry's defaults are PacGAN's networks; only m is stated.
        model_kwargs=dict(latent_dim=2, pack=pack),
        smoke_model_kwargs=dict(g_hidden_units=(16,), d_hidden_units=(8,), pieces=2),
        steps=STEPS,
        batch_size=PACKS_PER_STEP * pack,
        num_samples_in_grid=2_500,
    )
    if arg == "smoke":
        config.data.batch_size = 8 * pack  # A whole number of packs.
    return config
