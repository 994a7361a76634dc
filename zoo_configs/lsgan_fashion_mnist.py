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

Measured (seeds 0-2, 10,000 steps, one thread of the 2-core Xeon each
beside other work, 1,584-1,889 s a run): fid_domain 12.9 +- 0.6, kid_domain
0.357 +- 0.024, precision 0.606 +- 0.008, recall 0.677 +- 0.013 (per seed
FID 13.9, 13.0, 11.9); dcgan on the same protocol: 9.36 +- 0.18. The
real-data floor: FID 0.16, precision 0.85, recall 0.86.
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
