"""LSGAN on MNIST (Mao et al. 2016), on the DCGAN networks.

    python -m ganzoo.train --config=zoo_configs/lsgan_mnist.py --workdir=/tmp/lsgan_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/lsgan_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Benchmark (`config.eval`): evaluator `domain_fid`: 10,000 samples against
the 10,000 test images in the features of ganzoo's MNIST domain classifier:
`fid_domain`, `kid_domain`, `precision`, `recall` (k=3); the same evaluator
on 10,000 real training images is the floor (`python -m
benchmarks.real_floor`).

Measured (seeds 0-2, 10,000 steps, one thread of the 2-core Xeon each,
1,700-2,010 s a run): fid_domain 21.3 +- 1.1, precision 0.557 +- 0.012,
recall 0.817 +- 0.006; seed 0 read from its checkpoints: 24.2 at 8,000
steps, 22.8 at 9,000 (its 10,000-step row: 21.5).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "lsgan",
        "mnist",
        arg,
        # (a, b, c) = (0, 1, 1): the paper's 0-1 coding.
        model_kwargs=dict(latent_dim=100, base_filters=64, coding=(0.0, 1.0, 1.0)),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        evaluation=dict(evaluator="domain_fid"),
    )
