"""LSGAN on Fashion-MNIST (Mao et al. 2016), on the DCGAN networks.

    python -m ganzoo.train --config=zoo_configs/lsgan_fashion_mnist.py --workdir=/tmp/lsgan_fashion_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/lsgan_fashion_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Benchmark (`config.eval`): evaluator `domain_fid`: 10,000 samples against
the 10,000 test images in the features of ganzoo's Fashion-MNIST domain
classifier: `fid_domain`, `kid_domain`, `precision`, `recall` (k=3); the
same evaluator on 10,000 real training images is the floor (`python -m
benchmarks.real_floor`).

Measured (seed 0, 10,000 steps, one thread of the 2-core Xeon beside another
run): fid_domain 13.9, kid_domain 0.389, precision 0.621, recall 0.652
(1,584 s); the real-data floor: FID 0.16, precision 0.85,
recall 0.86.
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "lsgan",
        "fashion_mnist",
        arg,
        # (a, b, c) = (0, 1, 1): the paper's 0-1 coding.
        model_kwargs=dict(latent_dim=100, base_filters=64, coding=(0.0, 1.0, 1.0)),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        evaluation=dict(evaluator="domain_fid"),
    )
