"""alpha-GAN (Rosca et al. 2017) on MNIST: DCGAN-like E, G, D and an MLP code discriminator.

    python -m benchmarks.run --config=zoo_configs/alpha_gan_mnist.py --seeds=0 --workdir=/tmp/alpha_gan_mnist

The DCGAN stacks (`dcgan_mnist.py`'s sizes: z = 100, 64 base filters), a
conv encoder mirroring D, a 200x3 maxout code discriminator; lambda = 1 on
the per-pixel L1 reconstruction, Adam(2e-4, beta_1 0.5). Benchmark: the
dataset's evaluator (`domain_fid`, as dcgan_mnist). Smoke run (tiny
networks, 20 steps): `--config=zoo_configs/alpha_gan_mnist.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "alpha_gan",
        "mnist",
        arg,
        model_kwargs=dict(latent_dim=100, base_filters=64),
        smoke_model_kwargs=dict(
            latent_dim=16, base_filters=8, code_hidden_units=(16,), pieces=2
        ),
        evaluation=dict(evaluator="domain_fid"),
    )
