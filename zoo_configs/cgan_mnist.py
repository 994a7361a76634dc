"""Conditional GAN on MNIST (Mirza & Osindero 2014), on DCGAN networks.

    python -m ganzoo.train --config=zoo_configs/cgan_mnist.py --workdir=/tmp/cgan_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/cgan_mnist.py:smoke`. The projection discriminator
(Miyato & Koyama 2018): `--config.model.kwargs.projection=True`.

Benchmark (`config.eval`): the MNIST domain classifier of `ganzoo.metrics`
recognises the requested digit in at least 98% of samples
(evaluator `conditional_accuracy`, 1,000 samples per class).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "cgan",
        "mnist",
        arg,
        # DCGAN's width and latent size (as dcgan_mnist); one-hot labels.
        model_kwargs=dict(
            latent_dim=100, base_filters=64, embedding_dim=None, projection=False
        ),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        # The game needs (images, labels) batches.
        data_kwargs=dict(with_labels=True),
        evaluation=dict(
            evaluator="conditional_accuracy",
            classifier="mnist",
            samples_per_class=1000,
            target=0.98,
        ),
    )
