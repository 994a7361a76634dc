"""The catalogue of bad input: each case raises a clear, specific error.

Errors read "Received: `x=...`; expected ...", and unknown names list the
valid ones. Every case is cheap: it fails before (or at the first trace of)
any training.
"""

import os
import sys

import numpy as np
import pytest

import ganzoo
from ganzoo import data
from ganzoo.objectives import losses, penalties
from ganzoo.training import checks as train_checks
from ganzoo.training import distribute
from ganzoo.training import loop as training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from zoo_configs import common, vanilla_ring8  # noqa: E402


def ring_config(**train):
    config = vanilla_ring8.get_config("smoke")
    config.train.update(steps=5, checkpoint_every=5, sample_every=5, verbose=0)
    config.train.update(train)
    return config


def tiny(name, **kwargs):
    return ganzoo.build(
        name, seed=0, **{**ganzoo.get_entry(name).smoke_kwargs, **kwargs}
    )


# -- Unknown names (each lists the valid ones) ---------------------------------------

UNKNOWN_NAMES = {
    "model": (
        lambda: ganzoo.build("dcgam"),
        r"`name='dcgam'`; expected one of .*'dcgan'",
    ),
    "loss": (
        lambda: ganzoo.build("dcgan", loss="hinj"),
        r"`loss='hinj'`; expected one of .*'hinge'",
    ),
    "loss_by_name": (
        lambda: losses.get_loss("wgan"),
        r"`loss='wgan'`; expected one of .*'wasserstein'",
    ),
    "penalty": (
        lambda: penalties.get_penalty("gp"),
        r"`penalty='gp'`; expected one of .*'wgan_gp'",
    ),
    "penalty_in_build": (
        lambda: ganzoo.build("vanilla", image_shape=(2,), penalty="gp"),
        r"`penalty='gp'`; expected one of .*'dragan'",
    ),
    "dataset": (
        lambda: data.load("mnits"),
        r"`name='mnits'`; expected one of .*'mnist'",
    ),
    "dataset_in_config": (
        lambda: common.base_config("dcgan", "cifar"),
        r"`dataset='cifar'`; expected one of .*'mnist'",
    ),
    "loader": (
        lambda: data.get_loader("paired"),
        r"`loader='paired'`; expected one of .*'translation'",
    ),
    "config_argument": (
        lambda: vanilla_ring8.get_config("tiny"),
        r"config argument `'tiny'`; expected one of .*'smoke'",
    ),
    "distribute": (
        lambda: distribute.get_strategy("horovod"),
        r"`distribute='horovod'`; expected one of .*'mirrored'",
    ),
}


@pytest.mark.parametrize("case", sorted(UNKNOWN_NAMES))
def test_unknown_names_list_the_valid_ones(case):
    make, message = UNKNOWN_NAMES[case]
    with pytest.raises(ValueError, match=message):
        make()


# -- Training config values -------------------------------------------------------

BAD_TRAIN_VALUES = {
    "distribute": ("tpu_pod", r"`distribute='tpu_pod'`; expected one of"),
    "mixed_precision": ("float16", r"`mixed_precision='float16'`; expected one of"),
    "on_divergence": ("retry", r"`train.on_divergence='retry'`; expected one of"),
    "rollback_lr_factor": (2.0, r"`train.rollback_lr_factor=2.0`; expected a number"),
    "max_rollbacks": (-1, r"`train.max_rollbacks=-1`; expected an int >= 0"),
    "jit_compile": ("xla", r"`train.jit_compile='xla'`; expected \"auto\""),
    "log_every": (0, r"`train.log_every=0`; expected a positive int"),
    "checkpoint_every": (7, r"`train.checkpoint_every=7`; expected a multiple"),
}


@pytest.mark.parametrize("field", sorted(BAD_TRAIN_VALUES))
def test_bad_train_config_values(field, tmp_path):
    value, message = BAD_TRAIN_VALUES[field]
    with pytest.raises(ValueError, match=message):
        training.train(ring_config(**{field: value}), tmp_path)
    assert not (tmp_path / "checkpoints").exists()  # Refused before any work.


# -- Batch sizes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "batch_size, message",
    [
        (0, r"`data.batch_size=0` with 1 replica\(s\); expected a positive"),
        (-4, r"`data.batch_size=-4` with 1 replica"),
        (2048, r"`data.batch_size=2048` for a dataset of 1024 examples; expected"),
    ],
)
def test_bad_batch_size_in_training(batch_size, message, tmp_path):
    config = ring_config()
    config.data.batch_size = batch_size
    with pytest.raises(ValueError, match=message):
        training.train(config, tmp_path)


def test_batch_size_must_split_over_replicas_and_be_an_int():
    with pytest.raises(ValueError, match=r"`data.batch_size=7` with 2 replica"):
        train_checks.check_batch_size(7, 2)
    # A config file can type the field float (the command line then can't).
    with pytest.raises(ValueError, match=r"`data.batch_size=2.5`; expected a pos"):
        train_checks.check_batch_size(2.5, 1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(batch_size=0), r"`batch_size=0`; expected a positive int"),
        (
            dict(batch_size=2000, num_examples=1024),
            r"`batch_size=2000` with `drop_remainder=True`, but 'ring8' has only "
            "1024 examples",
        ),
        (dict(take=0), r"`take=0`; expected a positive int"),
    ],
)
def test_bad_batch_size_in_the_data_pipeline(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.load("ring8", **kwargs)


# -- Missing data files ---------------------------------------------------------------


def test_missing_data_files_say_where_they_were_looked_for(tmp_path, monkeypatch):
    monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
    with pytest.raises(FileNotFoundError, match=r"GANZOO_DATA_DIR.*train-images"):
        data.load("mnist", data_dir=str(tmp_path))


# -- Shapes the networks cannot produce; model arguments -----------------------------

BAD_MODEL_ARGS = {
    "dcgan_odd_side": (
        lambda: ganzoo.build("dcgan", image_shape=(7, 7, 1)),
        r"`image_shape=\(7, 7, 1\)`; expected \(side, side, channels\)",
    ),
    "dcgan_not_square": (
        lambda: ganzoo.build("dcgan", image_shape=(28, 32, 1)),
        r"`image_shape=\(28, 32, 1\)`; expected \(side, side, channels\)",
    ),
    "cyclegan_side": (
        lambda: tiny("cyclegan", image_shape=(10, 10, 1)),
        r"`image_shape=\(10, 10, 1\)`; expected height and width divisible by 4",
    ),
    "vanilla_empty_shape": (
        lambda: ganzoo.build("vanilla", image_shape=()),
        r"`image_shape=\(\)`; expected a non-empty shape",
    ),
    "latent_dim": (
        lambda: tiny("vanilla", latent_dim=0),
        r"`latent_dim=0`; expected a positive integer",
    ),
    "d_steps": (
        lambda: tiny("vanilla", d_steps=0),
        r"`d_steps=0`; expected a positive",
    ),
    "num_classes": (
        lambda: tiny("cgan", num_classes=1),
        r"`num_classes=1`; expected an integer >= 2",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MODEL_ARGS))
def test_bad_model_arguments(case):
    make, message = BAD_MODEL_ARGS[case]
    with pytest.raises(ValueError, match=message):
        make()


# -- Data of the wrong shape, dtype or range; labels out of range --------------------


def images(low=-1.0, high=1.0, dtype="float32", shape=(4, 28, 28, 1)):
    return np.random.default_rng(0).uniform(low, high, shape).astype(dtype)


@pytest.fixture(scope="module")
def dcgan():
    return tiny("dcgan")


def test_wrong_image_shape_fails_at_trace_time(dcgan):
    dcgan.compile(jit_compile=False)
    with pytest.raises(
        ValueError, match=r"`shape=\(32, 32, 1\)` per example; expected"
    ):
        dcgan.fit(images(shape=(4, 32, 32, 1)), epochs=1, batch_size=4, verbose=0)


def test_uint8_images_fail_at_trace_time(dcgan):
    dcgan.compile(jit_compile=False)
    with pytest.raises(ValueError, match=r"`dtype=uint8`; expected floating-point"):
        dcgan.fit(images(0, 255, "uint8"), epochs=1, batch_size=4, verbose=0)


@pytest.mark.parametrize(
    "batch, message",
    [
        (images(0, 255, "uint8"), r"`dtype=uint8`; expected float images in \[-1, 1\]"),
        (
            images(0, 255),
            r"values in \[0\.\d+, 254\.\d+\]; expected values in \[-1, 1\]",
        ),
        (images(0, 1) * 2 - 1.5, r"values in \[-1\.\d+, .*\]; expected values in"),
    ],
    ids=["uint8", "0_255_floats", "shifted"],
)
def test_first_batch_range_and_dtype(dcgan, batch, message):
    with pytest.raises(ValueError, match=message):
        train_checks.check_first_batch(dcgan, batch)


def test_first_batch_in_range_passes(dcgan):
    train_checks.check_first_batch(dcgan, images())  # No error.


@pytest.mark.parametrize("bad_label", [10, -1])
def test_labels_out_of_range(bad_label):
    cgan = tiny("cgan")
    labels = np.array([0, 3, bad_label, 9], "int32")
    with pytest.raises(ValueError, match=rf"label {bad_label}; expected labels in"):
        train_checks.check_first_batch(cgan, (images(), labels))
    with pytest.raises(ValueError, match=rf"`labels` containing {bad_label}; expected"):
        cgan.generate(4, seed=0, labels=labels)
    train_checks.check_first_batch(cgan, (images(), np.array([0, 3, 5, 9])))


def test_images_without_labels_for_a_conditional_model():
    cgan = tiny("cgan")
    cgan.compile(jit_compile=False)
    with pytest.raises(ValueError, match=r"batches of images only; expected"):
        cgan.fit(images(), epochs=1, batch_size=4, verbose=0)


# -- A workdir of another run ----------------------------------------------------------


def test_refuses_workdir_of_another_model(tmp_path):
    training.train(ring_config(), tmp_path)
    other = ring_config()
    other.model.kwargs.g_hidden_units = (12,)
    with pytest.raises(ValueError, match=r"`workdir=.*belongs to a different run"):
        training.train(other, tmp_path)
    other = ring_config()
    other.optimizer.d = {"class_name": "sgd", "config": {"learning_rate": 0.1}}
    with pytest.raises(ValueError, match=r"`optimizer` is .* there"):
        training.train(other, tmp_path)
