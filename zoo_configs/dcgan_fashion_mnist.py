"""DCGAN on Fashion-MNIST (Radford et al. 2015).

    python -m ganzoo.train --config=zoo_configs/dcgan_fashion_mnist.py --workdir=/tmp/dcgan_fashion_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/dcgan_fashion_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`.

Benchmark (`config.eval`): evaluator `domain_fid`: 10,000 samples against
the 10,000 test images in the features of ganzoo's Fashion-MNIST domain
classifier: `fid_domain`, `kid_domain`, `precision`, `recall` (k=3); the same evaluator
on 10,000 real training images is the floor (`python -m
benchmarks.real_floor`).

Measured (seeds 0-2, 10,000 steps, one thread of the 2-core Xeon each
beside other work, 1,636-2,430 s a run): fid_domain 9.36 +- 0.18, kid_domain
0.255 +- 0.015, precision 0.586 +- 0.001, recall 0.733 +- 0.005 (per seed
FID 9.45, 9.61, 9.02); the real-data floor: FID 0.16, precision 0.85,
recall 0.86.
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "dcgan",
        "fashion_mnist",
        arg,
        # The paper's latent size; half its 64x64 width suits 28x28 images.
        model_kwargs=dict(latent_dim=100, base_filters=64),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        # The schema's 10,000 steps at batch 64: about 10.7 passes over the
        # 60k training images.
        evaluation=dict(evaluator="domain_fid"),
    )
