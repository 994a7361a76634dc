"""Unrolled GAN (Metz et al. 2017) on the 8-Gaussian ring: K = 5 unrolled D steps.

    python -m benchmarks.run --config=zoo_configs/unrolled_ring8.py --seeds=0 --workdir=/tmp/unrolled --plots_dir=/tmp/plots

The VEEGAN/PacGAN mode-collapse test (2,500 samples scored; high quality =
within 3 std of the nearest mode). The paper's mixture setting: K = 5, the
discriminator's own Adam unrolled, Adam D 1e-4 / G 1e-3 with beta_1 0.5
(the entry's defaults); the networks are those of the table's other rows
(400x4 ReLU G on 2-d noise, 200x3 maxout D, the entry's defaults), batch
100 as PacGAN's.
Steps: 5,000, the length of the mixtures' second table
(`wgan_gp_ring8.py`'s `STEPS`, which says why); with five unrolled D updates inside each G step,
unrolled ran 5,000 steps in 396 s here.
Smoke run (tiny networks, 20 steps): `--config=zoo_configs/unrolled_ring8.py:smoke`.
`unrolled_grid25.py` changes only the dataset.
"""  # noqa: E501

from ganzoo.training.config import load_module, mixture_config

# One length for the table: wgan_gp sets it.
STEPS = load_module(__file__, sibling="wgan_gp_ring8.py").STEPS


def get_config(arg=None, dataset="ring8"):
    return mixture_config(
        "unrolled",
        dataset,
        arg,
        model_kwargs=dict(unroll_steps=5),  # The paper's K (the entry's default).
        smoke_model_kwargs=dict(
            g_hidden_units=(16,), d_hidden_units=(8,), pieces=2, unroll_steps=2
        ),
        steps=STEPS,
        batch_size=100,
    )
