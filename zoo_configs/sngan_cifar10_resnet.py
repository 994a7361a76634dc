"""SN-GAN with the CIFAR-10 ResNet (Miyato et al. 2018).

    python -m benchmarks.run --config=zoo_configs/sngan_cifar10_resnet.py --seeds=0

Paper (Table 2, unsupervised CIFAR-10, ResNet, SN-GANs, hinge loss):
Inception score 8.22 +- 0.05, FID 21.7. Scored by the `inception`
evaluator: 50,000 samples, IS (10 splits) and FID against the 50,000
training images in the 2015 Inception graph of the papers' code
(`ganzoo.metrics.inception.PROTOCOLS`). Their FID's sample counts may
differ from these: check before comparing FIDs.

Architecture (Table 4; `architecture="resnet"`, `ganzoo/nets/resnet.py`):
noise 128; G a dense layer to 4x4x256, three up-sampling residual blocks
of 256 channels with batch norm, a 3x3 conv to RGB, tanh; D an optimized
block, a down-sampling block and two plain blocks of 128 channels, every
layer spectrally normalized, ReLU, a global sum and one output.

Schedule (the entry's registration notes the authors' ResNet settings):
hinge loss, 5 D steps per G step, Adam(2e-4, beta_1=0, beta_2=0.9) with
the rate decayed linearly to 0, batch 64, 50,000 generator steps.

Scale-out: `data.batch_size` is the global batch; with
`--config.train.distribute=mirrored` on N GPUs (or `tpu`) each replica
gets 64 / N examples and the learning rates stay as above (losses are
averaged over the global batch).
"""  # noqa: E501

from ganzoo.training.config import base_config, load_module

STEPS = 50_000
D_STEPS = 5


def get_config(arg=None):
    linear_decay = load_module(__file__, "wgan_gp_cifar10.py").linear_decay
    return base_config(
        "sngan",
        "cifar10",
        arg,
        model_kwargs=dict(
            architecture="resnet",
            latent_dim=128,
            base_filters=128,
            g_filters=256,
            d_steps=D_STEPS,
        ),
        smoke_model_kwargs=dict(base_filters=4, g_filters=4),
        d_optimizer=linear_decay(2e-4, STEPS * D_STEPS),
        g_optimizer=linear_decay(2e-4, STEPS),
        steps=STEPS,
        batch_size=64,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(
            evaluator="inception",
            paper="IS 8.22 +- 0.05, FID 21.7 (Miyato et al. 2018, Table 2)",
        ),
    )
