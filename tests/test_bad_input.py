"""The catalogue of bad input: each case raises a clear, specific error.

Errors read "Received: `x=...`; expected ...", and unknown names list the
valid ones. Every case is cheap: it fails before (or at the first trace of)
any training.
"""

import os
import re
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
    # 1e-4 * 1e-40 is 0.0 in float32: training would stop moving.
    "rollback_lr_factor_tiny": (
        1e-40,
        r"`train.rollback_lr_factor=1e-40`; expected a number in \[0.01, 1\)",
    ),
    "steps_negative": (-5, r"`train.steps=-5`; expected a positive int"),
    "steps_zero": (0, r"`train.steps=0`; expected a positive int"),
    "max_rollbacks": (-1, r"`train.max_rollbacks=-1`; expected an int >= 0"),
    "jit_compile": ("xla", r"`train.jit_compile='xla'`; expected \"auto\""),
    "log_every": (0, r"`train.log_every=0`; expected a positive int"),
    "checkpoint_every": (7, r"`train.checkpoint_every=7`; expected a multiple"),
}


@pytest.mark.parametrize("field", sorted(BAD_TRAIN_VALUES))
def test_bad_train_config_values(field, tmp_path):
    value, message = BAD_TRAIN_VALUES[field]
    name = field.split("_tiny")[0].split("_negative")[0].split("_zero")[0]
    with pytest.raises(ValueError, match=message):
        training.train(ring_config(**{name: value}), tmp_path)
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


@pytest.mark.skipif(
    not os.environ.get("GANZOO_DATA_DIR"), reason="$GANZOO_DATA_DIR not set"
)
def test_a_batch_larger_than_mnist_is_an_error():
    # Issue 18 (7): training repeats the data, so no `take` is needed to see it.
    with pytest.raises(ValueError, match=r"`batch_size=70000` with `repeat=True`, "):
        data.load("mnist", batch_size=70000, repeat=True)
    with pytest.raises(ValueError, match=r"`batch_size=70000` with `drop_remainder"):
        data.load("mnist", batch_size=70000)
    # All of a set in one batch stays possible.
    assert next(iter(data.load("mnist", "test", 20000, drop_remainder=False))).shape[0]


def test_a_batch_larger_than_a_mixture_in_training(tmp_path):
    config = ring_config()
    config.data.kwargs = {}  # 100,000 points: no `num_examples` in the config.
    config.data.batch_size = 200_000
    with pytest.raises(ValueError, match=r"`batch_size=200000` with `repeat=True`"):
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


# -- Every batch of plain `fit` is checked inside the compiled step -----------------
# Issue 18 (5, 6): twelve examples in batches of 4; the bad values are in the
# third batch, so checking only the first would miss them.


def nan_pixel():
    x = images(shape=(12, 8, 8, 1))
    x[9, 3, 3, 0] = np.nan
    return x


def pixels_0_255():
    x = images(shape=(12, 8, 8, 1))
    x[8:] = x[8:] * 127.5 + 127.5
    return x


def labels_with(bad):
    labels = np.arange(12) % 10
    labels = labels.astype("float32" if bad % 1 else "int32")
    labels[9] = bad
    return labels


BAD_BATCHES = {
    "nan_pixel": ("dcgan", nan_pixel, None, r"batch with 1 NaN or infinite values"),
    "pixels_0_255": (
        "dcgan",
        pixels_0_255,
        None,
        r"values in \[\d\.\d+, 2\d\d\.\d+\]; expected values in \[-1, 1\]",
    ),
    "labels_for_unconditional": (
        "dcgan",
        lambda: images(shape=(12, 8, 8, 1)),
        lambda: labels_with(3),
        r"batches for `dcgan`, which is not conditional; expected images only",
    ),
    "label_10": ("acgan", None, lambda: labels_with(10), r"label 10; expected labels"),
    "label_minus_1": ("acgan", None, lambda: labels_with(-1), r"label -1; expected"),
    "label_3.5": (
        "acgan",
        None,
        lambda: labels_with(3.5),
        r"label 3.5; expected whole-number labels in \[0, 10\)",
    ),
}
# XLA drops `tf.debugging` asserts: the cases that fail differently there.
XLA_CASES = ["nan_pixel", "label_10"]


@pytest.fixture(scope="module")
def acgan():
    return tiny("acgan")


@pytest.mark.parametrize(
    "case, jit_compile",
    [(case, False) for case in sorted(BAD_BATCHES)] + [(c, True) for c in XLA_CASES],
)
def test_fit_checks_every_batch_in_the_step(case, jit_compile, dcgan, acgan):
    name, make_x, make_y, message = BAD_BATCHES[case]
    gan = dcgan if name == "dcgan" else acgan
    x = make_x() if make_x else images(shape=(12, *gan.image_shape))
    y = make_y() if make_y else None
    gan.compile(jit_compile=jit_compile)
    with pytest.raises(ValueError, match=message):
        gan.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)


def test_fit_on_good_batches_shows_only_the_losses():
    acgan = tiny("acgan")  # Not the fixture, which saw bad batches.
    acgan.compile(jit_compile=False)
    x = images(shape=(12, *acgan.image_shape))
    history = acgan.fit(x, labels_with(9), batch_size=4, epochs=1, verbose=0)
    assert all(not name.startswith("input_check") for name in history.history)
    assert np.isfinite(history.history["d_loss"]).all()


def test_first_batch_with_a_nan_pixel(dcgan):
    x = images()
    x[1, 2, 3, 0] = np.nan
    with pytest.raises(ValueError, match=r"images with 1 NaN or infinite values"):
        train_checks.check_first_batch(dcgan, x)


def test_images_without_labels_for_a_conditional_model():
    cgan = tiny("cgan")
    cgan.compile(jit_compile=False)
    with pytest.raises(ValueError, match=r"batches of images only; expected"):
        cgan.fit(images(), epochs=1, batch_size=4, verbose=0)


# -- A workdir of another run ----------------------------------------------------------


def test_workdir_that_is_a_file(tmp_path):
    path = tmp_path / "results.txt"
    path.write_text("not a folder")
    with pytest.raises(ValueError, match=r"`workdir=.*results.txt/run'`, but .* is a"):
        training.train(ring_config(), path / "run")


def test_integer_learning_rate_in_an_optimizer_override(tmp_path):
    config = ring_config()
    config.optimizer.d = {"class_name": "sgd", "config": {"learning_rate": 3}}
    with pytest.raises(
        ValueError, match=r"`optimizer.d.config.learning_rate=3`, an int; expected"
    ):
        training.train(config, tmp_path)


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


# -- Wrong types of the size arguments, for every entry (issue 34.8, 38.6) -----


def _size_arguments(name):
    import inspect

    from ganzoo import argument_checks

    parameters = inspect.signature(ganzoo.get_entry(name).builder).parameters
    checked = argument_checks.INT_ARGUMENTS + argument_checks.TUPLE_ARGUMENTS
    return [p for p in parameters if p in checked]


def test_every_entry_has_size_arguments_to_check():
    for name in ganzoo.list_models():
        assert "image_shape" in _size_arguments(name), name


@pytest.mark.parametrize("name", ganzoo.list_models())
def test_wrong_typed_size_arguments_name_the_argument(name):
    from ganzoo import argument_checks

    smoke = ganzoo.get_entry(name).smoke_kwargs
    for argument in _size_arguments(name):
        tuple_argument = argument in argument_checks.TUPLE_ARGUMENTS
        # What a command line or a JSON file gives: the number as text.
        for wrong in [("28", "28", "1"), "28"] if tuple_argument else ["10", 16.5]:
            with pytest.raises(
                ValueError,
                match=rf"^Received: `{argument}={re.escape(repr(wrong))}` \(a "
                rf"{type(wrong).__name__}\) for '{name}'; expected (an int|a tuple "
                r"of ints)",
            ):
                ganzoo.build(name, **{**smoke, argument: wrong})


@pytest.mark.parametrize(
    "kwargs",
    [dict(num_classes="10"), dict(latent_dim="100"), dict(base_filters=16.5)],
    ids=["num_classes", "latent_dim", "base_filters"],
)
def test_the_issue_wrong_types_are_one_clear_error(kwargs):
    ((argument, value),) = kwargs.items()
    entry = "cgan" if argument == "num_classes" else "dcgan"
    with pytest.raises(ValueError, match=rf"`{argument}={value!r}` \(a "):
        ganzoo.build(entry, **kwargs)


# -- Damaged files: named, with what they should be (issue 34.7, 34.9) ---------


def test_a_truncated_mnist_file_is_named_with_its_expected_size(tmp_path, data_dir):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in data.RAW_FILES:
        (raw / name).symlink_to(os.path.join(data_dir, "mnist", name))
    damaged = raw / "train-images-idx3-ubyte.gz"
    damaged.unlink()
    damaged.write_bytes(b"\x1f\x8b" + b"\0" * 998)  # The first 1,000 bytes.
    with pytest.raises(
        ValueError,
        match=rf"^Received: the file {re.escape(str(damaged))} of 1,000 bytes; "
        r"expected 9,912,422 bytes, the size of train-images-idx3-ubyte.gz",
    ):
        data.prepare("mnist", data_dir=tmp_path / "tfds", manual_dir=raw)


def test_a_garbled_preset_index_is_named(tmp_path):
    from ganzoo.serving import presets

    (tmp_path / "index.json").write_text('{"presets": {"dcgan_mnist": ')
    with pytest.raises(
        ValueError,
        match=rf"^Received: the file {re.escape(str(tmp_path))}/index.json, which "
        r"cannot be read \(Expecting value",
    ):
        presets.list_presets(tmp_path)
