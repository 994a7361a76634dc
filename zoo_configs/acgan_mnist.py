"""Auxiliary classifier GAN on MNIST (Odena, Olah & Shlens 2017).

    python -m ganzoo.train --config=zoo_configs/acgan_mnist.py --workdir=/tmp/acgan_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/acgan_mnist.py:smoke`. The trained D's class head is
`gan.classifier`.

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
        "acgan",
        "mnist",
        arg,
        # DCGAN's width and latent size (as dcgan_mnist); one-hot labels in
        # G; the class loss weighs as much as the source loss (the paper).
        model_kwargs=dict(
            latent_dim=100, base_filters=64, embedding_dim=None, class_loss_weight=1.0
        ),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        # The game needs (images, labels) batches.
        data_kwargs=dict(with_labels=True),
        # Minibatches of 100 (both papers); 10,000 steps = 16.7 passes over
        # the 60,000 digits. Measured: 2,731 s for seed 0 (3.7-3.9 steps/s on
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
