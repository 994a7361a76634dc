"""DCGAN on CIFAR-10 (Radford et al. 2015), the baseline of WGAN-GP's Table 3.

    python -m benchmarks.run --config=zoo_configs/dcgan_cifar10.py --seeds=0

Paper: Inception score 6.16 +- 0.07 for DCGAN on unsupervised CIFAR-10 as
reported by Gulrajani et al. 2017, Table 3 (the DCGAN paper itself gives
no CIFAR-10 score). Scored by the `inception` evaluator: 50,000 samples, IS
(10 splits) and FID against the 50,000 training images, in the 2015
Inception graph of the papers' code (`ganzoo.metrics.inception.PROTOCOLS`).

Architecture (`ganzoo.build("dcgan", image_shape=(32, 32, 3))` with
`base_filters=128`, as the DCGAN mode of the WGAN-GP authors'
`gan_cifar.py`): noise 100; G a dense layer to 4x4x512, 5x5 stride-2
transposed convs to 256, 128 and RGB with batch norm and ReLU, tanh; D 5x5
stride-2 convs of 128, 256 and 512 with batch norm (not on the first) and
LeakyReLU(0.2), one logit. Non-saturating loss, Adam(2e-4, beta_1=0.5).

Schedule: 100,000 steps of batch 64 (6.4M images, 128 epochs). The number
quoted above comes with no schedule of its own; this one is ganzoo's choice.

Scale-out: `data.batch_size` is the global batch; with
`--config.train.distribute=mirrored` on N GPUs (or `tpu`) each replica
gets 64 / N examples and the learning rates stay as above (losses are
averaged over the global batch, so gradients equal the single-device
ones). A larger global batch is a different experiment.

Plumbing check on this CPU (not a result; mock data has no structure): see
benchmarks/suites.py `plumbing`.
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "dcgan",
        "cifar10",
        arg,
        model_kwargs=dict(base_filters=128, kernel_size=5),
        smoke_model_kwargs=dict(base_filters=8),
        steps=100_000,
        batch_size=64,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(
            evaluator="inception",
            paper="IS 6.16 +- 0.07 (Gulrajani et al. 2017, Table 3)",
        ),
    )
