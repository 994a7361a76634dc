"""The MLP GAN on the 8-Gaussian ring (the VEEGAN/PacGAN mode-collapse test).

    python -m ganzoo.train --config=zoo_configs/vanilla_ring8.py --workdir=/tmp/vanilla_ring8

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/vanilla_ring8.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.
"""  # noqa: E501

from ganzoo.training.config import mixture_config

ADAM = {"class_name": "adam", "config": {"learning_rate": 1e-4, "beta_1": 0.5}}


def get_config(arg=None, dataset="ring8"):
    return mixture_config(
        "vanilla",
        dataset,
        arg,
        # Sizes close to PacGAN's 2D networks: a ReLU 400x4 generator on 2-d
        # noise, a 200x3 maxout discriminator.
        model_kwargs=dict(
            latent_dim=2,
            g_hidden_units=(400, 400, 400, 400),
            d_hidden_units=(200, 200, 200),
            pieces=5,
        ),
        smoke_model_kwargs=dict(
            latent_dim=2, g_hidden_units=(16,), d_hidden_units=(8,), pieces=2
        ),
        # Adam rather than the MNIST entry's SGD: the toy mixtures need it.
        d_optimizer=ADAM,
        g_optimizer=ADAM,
        batch_size=100,
        num_samples_in_grid=1_000,
    )
