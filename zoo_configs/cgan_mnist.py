"""Conditional GAN on MNIST (Mirza & Osindero 2014), on DCGAN networks.

    python -m ganzoo.train --config=zoo_configs/cgan_mnist.py --workdir=/tmp/cgan_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/cgan_mnist.py:smoke`. The projection discriminator
(Miyato & Koyama 2018): `--config.model.kwargs.projection=True`.

Benchmark (`config.eval`): the MNIST domain classifier of `ganzoo.metrics`
recognises the requested digit in at least 98% of samples
(evaluator `conditional_accuracy`, 1,000 samples per class), with the same
10,000 samples' domain FID, KID, precision and recall against the test set
beside it (a generator drawing one easy digit per class scores a high
accuracy but a low recall).
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
        # Minibatches of 100 (both papers); 10,000 steps = 16.7 passes over
        # the 60,000 digits. Measured: 2,970 s for seed 0 (3.4-3.5 steps/s on
        # one thread of the 2-core Xeon, another run on the other core).
        batch_size=100,
        steps=10_000,
        evaluation=dict(
            evaluator="conditional_accuracy",
            classifier="mnist",
            samples_per_class=1000,
            target=0.98,
        ),
    )
