"""The CIFAR-10 architectures of WGAN-GP and SN-GAN: shapes, one XLA step.

Each new architecture (an option of an existing entry, trained by the same
engine) takes one 32x32x3 step compiled with XLA on the CPU, at tiny
widths; the paper widths are checked by parameter count without training.
"""

import numpy as np
import pytest
from conftest import batches

import ganzoo
from ganzoo.nets import resnet

CIFAR = (32, 32, 3)
# One critic step (`d_steps=1`): the k-step loop is the engine's, tested
# elsewhere; five unrolled critic steps with the penalty's double backprop
# took minutes to compile here.
ARCHITECTURES = [
    ("wgan_gp", dict(architecture="resnet", base_filters=4, d_steps=1)),
    ("sngan", dict(architecture="resnet", base_filters=4, g_filters=4)),
    ("sngan", dict(architecture="cnn", base_filters=4)),
]


@pytest.mark.parametrize(("name", "kwargs"), ARCHITECTURES)
def test_one_cifar_sized_xla_step(name, kwargs):
    gan = ganzoo.build(name, image_shape=CIFAR, latent_dim=16, seed=0, **kwargs)
    gan.compile(jit_compile=True)
    # One step changes both networks' weights and gives finite losses.
    before = [v.numpy().copy() for v in gan.trainable_variables]
    images = np.random.default_rng(0).uniform(-1, 1, (2, *CIFAR)).astype(np.float32)
    history = gan.fit(batches(images, 2), epochs=1, verbose=0).history
    assert np.isfinite(history["d_loss"][-1]) and np.isfinite(history["g_loss"][-1])
    changed = [
        not np.array_equal(b, v.numpy())
        for b, v in zip(before, gan.trainable_variables, strict=True)
    ]
    assert sum(changed) > len(changed) // 2
    samples = np.asarray(gan.generate(3, seed=0))
    assert samples.shape == (3, *CIFAR) and np.abs(samples).max() <= 1.0


def test_paper_widths():
    # Miyato et al. Table 4: G 256 channels, D 128; Gulrajani et al.: 128.
    g = resnet.resnet_generator(CIFAR, 128, 256)
    d = resnet.resnet_discriminator(CIFAR, 128, spectral_norm=True)
    assert g.output_shape == (None, *CIFAR) and d.output_shape == (None, 1)
    # Three up blocks (two 3x3 convs and a 1x1 shortcut each) and the output
    # conv; the dense layer to 4x4x256.
    convs = [w for w in g.weights if len(w.shape) == 4]
    assert len(convs) == 3 * 3 + 1
    assert g.get_layer(index=1).kernel.shape == (128, 4 * 4 * 256)
    cnn = resnet.sngan_cnn_discriminator(CIFAR)
    assert cnn.output_shape == (None, 1)
    sizes = [
        w.shape[:2] for w in cnn.weights if len(w.shape) == 4 and "kernel" in w.path
    ]
    assert sizes == [(3, 3), (4, 4)] * 3 + [(3, 3)]


def test_resnet_critic_sums_over_positions():
    # Global sum pooling: a constant feature map of 8x8 positions gives 64x
    # what one position gives (a mean would give 1x).
    d = resnet.resnet_discriminator((16, 16, 3), 4)
    pooled = d.get_layer(index=-2).output
    assert tuple(pooled.shape) == (None, 4)
    rescale = [layer for layer in d.layers if layer.__class__.__name__ == "Rescaling"]
    assert rescale and rescale[0].scale == 16.0  # (16 / 4) ** 2 positions.


@pytest.mark.parametrize(
    ("name", "architecture"), [("wgan_gp", "cnn"), ("sngan", "vgg")]
)
def test_unknown_architecture(name, architecture):
    with pytest.raises(ValueError, match="architecture="):
        ganzoo.build(name, image_shape=CIFAR, architecture=architecture)
    with pytest.raises(ValueError, match="for images only"):
        ganzoo.build(name, image_shape=(2,), architecture="resnet")


CONFIGS = {
    "dcgan_cifar10": ("dcgan", {}),
    "wgan_gp_cifar10": ("wgan_gp", {"architecture": "resnet"}),
    "sngan_cifar10": ("sngan", {"architecture": "cnn"}),
    "sngan_cifar10_resnet": ("sngan", {"architecture": "resnet", "d_steps": 5}),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_cifar_configs(name):
    from benchmarks import evaluation, suites
    from ganzoo.training import config as config_lib

    model, expected = CONFIGS[name]
    for arg in (None, "smoke"):
        config = config_lib.load_config(f"zoo_configs/{name}.py", arg)
        assert config.model.name == model and config.data.name == "cifar10"
        assert tuple(config.model.kwargs.image_shape) == CIFAR
        assert expected.items() <= dict(config.model.kwargs).items()
        assert evaluation.metric_names(config) == ["inception_score", "fid_inception"]
        assert evaluation.required_datasets(config) == ["cifar10"]
    with open(f"zoo_configs/{name}.py") as f:
        assert f"--config=zoo_configs/{name}.py" in f.read().split("\n\n")[1]
    assert f"zoo_configs/{name}.py" in [e.config for e in suites.get_suite("paper_gpu")]
