"""DCGAN on Stacked MNIST (1,000 modes): PacGAN's Table 2, VEEGAN setting.

    python -m benchmarks.run --config=zoo_configs/dcgan_stacked_mnist.py --seeds=0 --workdir=/tmp/stacked --plots_dir=/tmp/plots

Three MNIST digits as the RGB channels of one image; a mode is the triple of
digits, read by ganzoo's MNIST classifier on each channel of 26,000 samples;
`modes_kl` is KL(generated mode histogram || uniform over 1,000). The
setting of PacGAN's code (stacked_MNIST_experiments/VEEGAN_experiment):
DCGAN networks, z = 100, batch 64, Adam(2e-4, beta_1=0.5) (the entry's
default), 128,000 training images. Paper (Table 2): DCGAN 78.9 +- 6.5
modes, KL 4.50; PacDCGAN2 1000.0 +- 0.0 modes, KL 0.06 +- 0.003.

Steps: PacGAN trained 50 epochs (100,000 steps); here 12,000 (6 epochs),
measured at 172 ms of CPU a step (pacdcgan2: 257 ms) so that one seed of
either stays within about an hour of CPU on 2 cores. Smoke run:
`--config=zoo_configs/dcgan_stacked_mnist.py:smoke`.
"""  # noqa: E501

from ganzoo.training.config import base_config

STEPS = 12_000
PACKS_PER_STEP = 64  # PacGAN's batch_size counts packs.


def get_config(arg=None, pack=1):
    config = base_config(
        "dcgan",
        "stacked_mnist",
        arg,
        model_kwargs=dict(latent_dim=100, base_filters=64, pack=pack),
        smoke_model_kwargs=dict(latent_dim=8, base_filters=4),
        steps=STEPS,
        batch_size=PACKS_PER_STEP * pack,
        log_every=500,
        checkpoint_every=2_000,
        sample_every=2_000,
    )
    if arg == "smoke":
        config.data.batch_size = 8 * pack  # A whole number of packs.
    return config
