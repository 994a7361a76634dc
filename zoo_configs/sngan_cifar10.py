"""SN-GAN with the standard CNN on CIFAR-10 (Miyato et al. 2018).

    python -m benchmarks.run --config=zoo_configs/sngan_cifar10.py --seeds=0

Paper (Table 2, unsupervised CIFAR-10, standard CNN, SN-GANs): the value
was not read from the paper here (only its ResNet row, IS 8.22 and FID
21.7, could be confirmed from a source this project could reach; see
`sngan_cifar10_resnet.py`); check Table 2 before comparing. Scored by the
`inception` evaluator: 50,000 samples, IS (10 splits) and FID against the
50,000 training images in the 2015 Inception graph of the papers' code
(`ganzoo.metrics.inception.PROTOCOLS`). Their FID's sample
counts may differ from these: check before comparing FIDs.

Architecture (Table 3; `architecture="cnn"`, `ganzoo/nets/resnet.py`):
noise 128; G a dense layer to 4x4x512, 4x4 stride-2 transposed convs to
256, 128, 64 with batch norm and ReLU, a 3x3 conv to RGB, tanh; D 3x3
stride-1 and 4x4 stride-2 convs of 64, 128, 256, then a 3x3 conv of 512,
LeakyReLU(0.1), every layer spectrally normalized, one output.

Schedule (setting C of Table 1, the entry's defaults): hinge loss, one D
step per G step, Adam(2e-4, beta_1=0.5, beta_2=0.999), batch 64, 100,000
steps.

Scale-out: `data.batch_size` is the global batch; with
`--config.train.distribute=mirrored` on N GPUs (or `tpu`) each replica
gets 64 / N examples and the learning rates stay as above (losses are
averaged over the global batch).
"""  # noqa: E501

from ganzoo.training.config import base_config


def get_config(arg=None):
    return base_config(
        "sngan",
        "cifar10",
        arg,
        model_kwargs=dict(architecture="cnn", latent_dim=128, base_filters=64),
        smoke_model_kwargs=dict(base_filters=4),
        steps=100_000,
        batch_size=64,
        checkpoint_every=5_000,
        sample_every=5_000,
        evaluation=dict(
            evaluator="inception",
            paper="Miyato et al. 2018, Table 2, standard CNN (not read here)",
        ),
    )
