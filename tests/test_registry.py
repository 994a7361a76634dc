"""The registry: paper defaults as data, readable without building."""

import re
import subprocess
import sys
from pathlib import Path

import keras
import pytest

import ganzoo
from ganzoo import registry

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_readable_without_building(monkeypatch):
    def no_building(**kwargs):
        raise AssertionError("describe() built the model")

    entry = registry.get_entry("wgan_gp")
    monkeypatch.setitem(
        registry._REGISTRY,
        "wgan_gp",
        type(entry)(**{**vars(entry), "builder": no_building}),
    )
    info = ganzoo.describe("wgan_gp")
    assert info["d_optimizer"] == {
        "class_name": "Adam",
        "config": {"learning_rate": 1e-4, "beta_1": 0.0, "beta_2": 0.9},
    }
    assert info["g_optimizer"] == info["d_optimizer"]
    assert (info["loss"], info["d_steps"], info["penalty"]) == (
        "wasserstein",
        5,
        "wgan_gp",
    )
    assert info["penalty_weight"] == 10.0 and info["clip_value"] is None
    assert (info["evaluator"], info["dataset"]) == ("mode_coverage", "ring8")
    assert "Gulrajani" in info["paper"]
    assert info["smoke_kwargs"]["image_shape"] == (8, 8, 1)


def test_every_entry_declares_its_paper_evaluator_and_dataset():
    for name in ganzoo.list_models():
        info = ganzoo.describe(name)
        assert info["paper"] and info["evaluator"] and info["dataset"], name
        for key in ("d_optimizer", "g_optimizer"):
            keras.optimizers.get(info[key])  # A valid Keras identifier.


@pytest.mark.parametrize(
    "name, optimizer_class, learning_rate",
    [
        ("vanilla", keras.optimizers.SGD, 0.01),
        ("wgan", keras.optimizers.RMSprop, 5e-5),
        ("wgan_gp", keras.optimizers.Adam, 1e-4),
        ("dragan", keras.optimizers.Adam, 1e-4),
        ("sngan", keras.optimizers.Adam, 2e-4),
    ],
)
def test_compile_uses_the_declared_optimizers(name, optimizer_class, learning_rate):
    gan = ganzoo.build(name, **ganzoo.get_entry(name).smoke_kwargs)
    assert type(gan) is ganzoo.GAN  # No subclass per optimizer.
    gan.compile()
    for optimizer in (gan.d_optimizer, gan.g_optimizer):
        assert type(optimizer) is optimizer_class
        assert float(optimizer.learning_rate) == pytest.approx(learning_rate)


def test_game_defaults_reach_the_model_and_yield_to_arguments():
    smoke = ganzoo.get_entry("wgan").smoke_kwargs
    gan = ganzoo.build("wgan", **smoke)
    assert (gan.loss_name, gan.d_steps, gan.clip_value) == ("wasserstein", 5, 0.01)
    assert ganzoo.build("wgan", d_steps=2, **smoke).d_steps == 2
    # Calling the builder itself applies the same defaults.
    assert ganzoo.models.wgan.build_wgan(**smoke).d_steps == 5


def test_a_plain_gan_keeps_dcgans_adam():
    dcgan = ganzoo.build("dcgan", **ganzoo.get_entry("dcgan").smoke_kwargs)
    gan = ganzoo.GAN(dcgan.generator, dcgan.discriminator, latent_dim=4)
    assert gan.entry is None
    gan.compile()
    assert type(gan.d_optimizer) is keras.optimizers.Adam
    assert float(gan.d_optimizer.learning_rate) == pytest.approx(2e-4)
    assert float(gan.g_optimizer.beta_1) == pytest.approx(0.5)


def test_duplicate_registration_raises():
    with pytest.raises(ValueError, match=r"`name='dcgan'`.*already registered"):
        ganzoo.register("dcgan")(lambda **kwargs: None)
    assert "dcgan" in ganzoo.list_models()


def test_unknown_game_argument_on_registration_raises():
    with pytest.raises(ValueError, match=r"`learning_rate=`.*'d_steps'"):
        ganzoo.register("new_entry", learning_rate=1e-3)
    assert "new_entry" not in ganzoo.list_models()


def test_unknown_name_lists_the_models():
    with pytest.raises(ValueError, match=r"`name='wgangp'`.*'wgan', 'wgan_gp'"):
        ganzoo.describe("wgangp")


def test_format_entry_shows_the_defaults():
    text = registry.format_entry("wgan")
    assert "RMSprop(learning_rate=5e-05, rho=0.99) (D and G)" in text
    assert "clip_value=0.01" in text and "d_steps=5" in text
    assert "evaluator: mode_coverage, dataset: ring8" in text


def test_console_command_prints_the_zoo(tmp_path):
    # setup.py installs it as `ganzoo-zoo`; the module runs the same `main`.
    assert "ganzoo-zoo=ganzoo.registry:main" in (ROOT / "setup.py").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "ganzoo.registry"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    names = re.findall(r"^(\w+): ", result.stdout, flags=re.MULTILINE)
    assert names == ganzoo.list_models()
    assert "Adam(learning_rate=0.0001, beta_1=0.0, beta_2=0.9)" in result.stdout
    one = subprocess.run(
        [sys.executable, "-m", "ganzoo.registry", "sngan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    assert one.stdout.startswith("sngan: Miyato") and "loss='hinge'" in one.stdout
