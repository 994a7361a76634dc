"""WGAN-GP with the CIFAR-10 ResNet (Gulrajani et al. 2017).

    python -m benchmarks.run --config=zoo_configs/wgan_gp_cifar10.py --seeds=0

Paper: Inception score 7.86 +- 0.07 (Table 3, unsupervised CIFAR-10,
"WGAN-GP ResNet (ours)"). The row is scored by the `inception` evaluator:
50,000 samples, Inception score (10 splits) and FID against the 50,000
training images, both in the 2015 Inception graph of the papers' code
(`ganzoo.metrics.inception.PROTOCOLS`; its file is fetched once, or given
by `$GANZOO_INCEPTION_2015`).

Architecture (Appendix F, the authors' `gan_cifar_resnet.py`): noise 128;
G a dense layer to 4x4x128, three up-sampling residual blocks of 128
channels with batch norm, a 3x3 conv to RGB and tanh; the critic an
optimized block, a down-sampling block and two plain blocks of 128
channels, no normalization, a global sum and one output
(`architecture="resnet"`, `ganzoo/nets/resnet.py`).

Schedule: 100,000 generator steps, 5 critic steps each, batch 64, Adam(2e-4,
beta_1=0, beta_2=0.9) for both with the learning rate decayed linearly to
0 (the critic's over its 500,000 updates), gradient penalty lambda 10.

Scale-out: `data.batch_size` is the global batch; with
`--config.train.distribute=mirrored` on N GPUs (or `tpu`, 8 cores) each
replica gets 64 / N examples and the learning rates stay as above, since
the losses are averaged over the global batch (gradients equal the
single-device ones). For a larger global batch, e.g. 512 on a TPU v3-8,
scale both rates linearly (1.6e-3) at your own risk: the paper did not.

Not run here (no GPU, no network): on this 2-core CPU one step at the full
widths was not timed; the CIFAR ResNet is a GPU job (the authors report
about a day on one GPU for the 100,000 steps, not measured here).
"""  # noqa: E501

from ganzoo.training.config import base_config

STEPS = 100_000
D_STEPS = 5


def linear_decay(rate, updates):
    """Adam(rate, 0, 0.9) whose rate falls linearly to 0 over `updates`."""
    schedule = dict(
        initial_learning_rate=rate, decay_steps=updates, end_learning_rate=0.0
    )
    return {
        "class_name": "Adam",
        "config": {
            "learning_rate": {
                "module": "keras.optimizers.schedules",
                "class_name": "PolynomialDecay",
                "config": schedule,
            },
            "beta_1": 0.0,
            "beta_2": 0.9,
        },
    }


def get_config(arg=None):
    return base_config(
        "wgan_gp",
        "cifar10",
        arg,
        model_kwargs=dict(architecture="resnet", latent_dim=128, base_filters=128),
        smoke_model_kwargs=dict(base_filters=8),
        d_optimizer=linear_decay(2e-4, STEPS * D_STEPS),
        g_optimizer=linear_decay(2e-4, STEPS),
        steps=STEPS,
        batch_size=64,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(
            evaluator="inception",
            paper="IS 7.86 +- 0.07 (Gulrajani et al. 2017, Table 3)",
        ),
    )
