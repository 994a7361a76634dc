"""DCGAN on MNIST (Radford et al. 2015).

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --workdir=/tmp/dcgan_mnist

Smoke run (tiny networks, 20 steps):
`--config=zoo_configs/dcgan_mnist.py:smoke`. Override any field, e.g.
`--config.train.steps=2000`. With generator weight averaging (Yazici et
al. 2019): `zoo_configs/dcgan_mnist_ema.py`.

Benchmark (`config.eval`): evaluator `domain_fid`: 10,000 samples against
the 10,000 test images in the features of ganzoo's MNIST domain classifier:
`fid_domain`, `kid_domain`, `precision`, `recall` (k=3); the same evaluator
on 10,000 real training images is the floor (`python -m
benchmarks.real_floor`).

Precision: the `dcgan_mnist_ema` runs of 2026-12-06 (10,000, 20,000 and
30,000 steps; rows on M2) trained in float32: on that Intel Xeon VM,
without AVX512_BF16 or AMX, `train.mixed_precision="auto"` logged "float32
(the CPU lacks avx512_bf16 and amx_bf16)" in each. Rows record the policy
since 2026-12-07. This config rerun with
`--config.train.mixed_precision=float32` (seed 0, 10,000 steps, 1,650 s on
one thread, 2026-12-07) gave fid_domain 20.291, KID 1.124, precision 0.580,
recall 0.823: every stored value equal to the last digit to the raw
generator's row of `dcgan_mnist_ema` seed 0 (FID 20.29142154520967 in
both), as the same seed and precision should give (the average never
feeds back into the game). bfloat16 against float32 has been measured at
3,000 steps only (`benchmarks/PRECISION.md`).

The DCGAN paper's minibatch, `--config.data.batch_size=128` (seed 0,
10,000 steps = 1.28M images, 3,601 s on one thread, float32 by "auto",
2026-12-07): fid_domain 15.4, KID 0.86, precision 0.598, recall 0.826.
Batch 64 over the same 1.28M images (20,000 steps, raw generators of
`dcgan_mnist_ema` seeds 1-2): 14.9 and 12.9, precision 0.597 and 0.585.
The larger batch buys nothing per image, and precision stays at ~0.6.
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "dcgan",
        "mnist",
        arg,
        # The paper's latent size; half its 64x64 width suits 28x28 digits.
        model_kwargs=dict(latent_dim=100, base_filters=64),
        smoke_model_kwargs=dict(latent_dim=16, base_filters=8),
        # The schema's 10,000 steps at batch 64: about 10.7 passes over the
        # 60k training digits.
        evaluation=dict(evaluator="domain_fid"),
    )
