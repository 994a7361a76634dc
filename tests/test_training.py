"""Tests of `ganzoo.training.train`, the `ganzoo.train` binary and the configs.

Runs use tiny vanilla GANs on the synthetic `ring8` set (no download); the
MNIST run is skipped when `$GANZOO_DATA_DIR` is not set.
"""

import glob
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf
from absl import flags
from keras import ops
from ml_collections import config_flags
from PIL import Image

import ganzoo
from ganzoo.models.vanilla import VanillaGAN
from ganzoo.serving import images
from ganzoo.training import loop as training
from ganzoo.training.checkpoints import list_checkpoints

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = sorted(glob.glob(os.path.join(REPO, "zoo_configs", "*_*.py")))


def parse_config(path, *overrides):
    """Parses a config file exactly as the binary does (ml_collections flags)."""
    argv = ["prog", f"--config={path}", *overrides]
    flag_values = flags.FlagValues()
    holder = config_flags.DEFINE_config_file(
        "config", flag_values=flag_values, sys_argv=argv
    )
    flag_values(argv)
    return holder.value


def ring_config(steps=10, **train):
    config = parse_config(
        os.path.join(REPO, "zoo_configs", "vanilla_ring8.py:smoke"),
        f"--config.train.steps={steps}",
        "--config.train.verbose=0",
    )
    config.train.update(train)
    return config


def optimizer_state(gan):
    return [v.numpy() for v in gan.d_optimizer.variables + gan.g_optimizer.variables]


def all_state(gan):
    return [v.numpy() for v in gan.variables] + optimizer_state(gan)


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_smoke_configs_parse_and_build(path):
    config = parse_config(
        f"{path}:smoke", "--config.train.steps=40", "--config.train.jit_compile=False"
    )
    assert (config.train.steps, config.train.jit_compile) == (40, False)
    gan = ganzoo.build(config.model.name, **config.model.kwargs)
    assert gan.image_shape == tuple(config.model.kwargs.image_shape)
    if hasattr(gan, "translate"):  # CycleGAN maps images; it has no prior.
        images_a = gan.synthetic_batch(2)[0]
        assert gan.translate(images_a).shape[:3] == images_a.shape[:3]
    else:
        assert gan.generate(2, seed=0).shape == (2, *gan.image_shape)


def test_optimizer_override_from_the_command_line():
    path = os.path.join(REPO, "zoo_configs", "dcgan_mnist.py")
    assert parse_config(path).optimizer.d is None  # The model's default.
    config = parse_config(path, "--config.optimizer.d=sgd")
    assert config.optimizer.d == "sgd"


def test_invalid_intervals_are_refused(tmp_path):
    config = ring_config(checkpoint_every=7)
    with pytest.raises(ValueError, match=r"`train.checkpoint_every=7`; expected a"):
        training.train(config, tmp_path)


def test_run_writes_artifacts_and_resumes_exactly(tmp_path):
    workdir = str(tmp_path / "run")
    first = training.train(ring_config(steps=10), workdir)
    assert (first.initial_step, first.step) == (0, 10)
    assert np.isfinite([first.d_loss, first.g_loss]).all()
    assert os.path.basename(tf.train.latest_checkpoint(f"{workdir}/checkpoints")) == (
        "ckpt-10"
    )
    with Image.open(f"{workdir}/samples/step_0000010.png") as png:
        assert png.size == (400, 400)
    assert glob.glob(f"{workdir}/tensorboard/train/events.out.tfevents.*")
    (events,) = glob.glob(f"{workdir}/tensorboard/scalars/events.out.tfevents.*")
    tags = {
        (value.tag, event.step)
        for record in tf.data.TFRecordDataset(events).as_numpy_iterator()
        for event in [tf.compat.v1.Event.FromString(record)]
        for value in event.summary.value
    }
    assert {("d_loss", 10), ("g_loss", 5)} <= tags
    with open(f"{workdir}/config.json") as f:
        assert json.load(f)["model"]["name"] == "vanilla"
    saved = optimizer_state(first.gan)

    # Same steps again: restores (slots and iterations too) and returns.
    again = training.train(ring_config(steps=10), workdir)
    assert (again.initial_step, again.step) == (10, 10)
    assert int(again.gan.g_optimizer.iterations) == 10
    restored = optimizer_state(again.gan)
    assert any(np.abs(v).sum() > 0 for v in restored[2:])  # Non-trivial slots.
    for a, b in zip(saved, restored, strict=True):
        np.testing.assert_array_equal(a, b)

    # Extending the run continues at step 10 and matches an unbroken run.
    resumed = training.train(ring_config(steps=20), workdir)
    assert (resumed.initial_step, resumed.step) == (10, 20)
    assert int(resumed.gan.g_optimizer.iterations) == 20
    straight = training.train(ring_config(steps=20), str(tmp_path / "straight"))
    for a, b in zip(all_state(resumed.gan), all_state(straight.gan), strict=True):
        np.testing.assert_array_equal(a, b)


def test_nan_guard_stops_and_keeps_last_good_checkpoint(tmp_path, monkeypatch):
    original = VanillaGAN.generator_loss

    def explodes_after_7_steps(self, fake_logits):
        loss = original(self, fake_logits)
        return ops.where(self.g_optimizer.iterations >= 7, float("nan"), loss)

    monkeypatch.setattr(VanillaGAN, "generator_loss", explodes_after_7_steps)
    config = ring_config(steps=20, checkpoint_every=5, sample_every=5)
    with pytest.raises(training.TrainingDivergedError, match="at step 8: `g_loss=nan"):
        training.train(config, tmp_path)
    checkpoints = f"{tmp_path}/checkpoints"
    assert os.path.basename(tf.train.latest_checkpoint(checkpoints)) == "ckpt-5"
    assert not glob.glob(f"{checkpoints}/ckpt-10*")
    monkeypatch.undo()
    resumed = training.train(config, tmp_path)  # The good checkpoint restores.
    assert (resumed.initial_step, resumed.step) == (5, 20)


def test_nan_guard_on_a_real_divergence(tmp_path):
    config = ring_config(steps=20)
    config.optimizer.d = {"class_name": "sgd", "config": {"learning_rate": 1e30}}
    with pytest.raises(training.TrainingDivergedError, match=r"at step [1-9]\b"):
        training.train(config, tmp_path)
    assert tf.train.latest_checkpoint(f"{tmp_path}/checkpoints") is None


def test_killed_binary_resumes_from_its_checkpoint(tmp_path):
    config = os.path.join(REPO, "zoo_configs", "vanilla_ring8.py:smoke")
    command = [sys.executable, "-m", "ganzoo.train", f"--config={config}"]
    command += [f"--workdir={tmp_path}", "--config.train.steps=1000000"]
    # A save every 5-step chunk, so the kill likely lands in or near a save.
    command += ["--config.train.checkpoint_every=5"]
    state = tmp_path / "checkpoints" / "checkpoint"
    # Run from elsewhere than the repository: a config file is read by its
    # path and imports only ganzoo (tests/test_install.py: installed copy).
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 60
        while not state.exists() and process.poll() is None:
            assert time.time() < deadline, "no checkpoint within 60 s"
            time.sleep(0.05)
        time.sleep(0.7)  # Several more saves: the kill lands mid-run.
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    # The latest checkpoint reads completely: TF writes its files first and
    # renames the state file into place last. An older one the state file
    # still lists may be going (a kill while TF deletes the oldest, index
    # file first); any with its index reads completely.
    latest = tf.train.latest_checkpoint(state.parent)
    listed = tf.train.get_checkpoint_state(state.parent).all_model_checkpoint_paths
    for path in listed:
        if path != latest and not os.path.exists(f"{path}.index"):
            continue
        reader = tf.train.load_checkpoint(path)
        for name in reader.get_variable_to_shape_map():
            reader.get_tensor(name)
    # A kill after a save's files but before its state-file rename leaves a
    # complete checkpoint newer than the state file names (CI saw ckpt-80
    # beside a state file at ckpt-75): the resume takes the newest complete
    # one, by its index file, and is never older than the state file's.
    newest = list_checkpoints(str(state.parent))[-1]
    saved = int(newest.rsplit("-", 1)[1])
    assert saved >= int(latest.rsplit("-", 1)[1]) >= 5
    config = ring_config(steps=saved + 10)
    result = training.train(config, tmp_path)
    assert (result.initial_step, result.step) == (saved, saved + 10)


@pytest.mark.skipif(
    not os.environ.get("GANZOO_DATA_DIR"), reason="$GANZOO_DATA_DIR not set"
)
def test_dcgan_smoke_on_mnist(tmp_path):
    config = parse_config(
        os.path.join(REPO, "zoo_configs", "dcgan_mnist.py:smoke"),
        "--config.train.steps=10",
        "--config.train.verbose=0",
    )
    result = training.train(config, tmp_path)
    assert result.step == 10
    with Image.open(f"{tmp_path}/samples/step_0000010.png") as png:
        assert png.size == (4 * 30 + 2, 4 * 30 + 2)  # 16 digits, 2 px padding.


@pytest.mark.parametrize("channels", [1, 3])
def test_image_grid_png(tmp_path, channels):
    batch = np.linspace(-1, 1, 5 * 6 * 7 * channels).reshape(5, 6, 7, channels)
    grid = images.save_samples(batch, tmp_path / "grid.png")
    assert grid.shape == (3 * 8 + 2, 2 * 9 + 2, channels)  # 3 rows x 2 cols.
    assert grid.min() == 0 and grid.max() == 255
    with Image.open(tmp_path / "grid.png") as png:
        assert png.size == (2 * 9 + 2, 3 * 8 + 2)
        assert png.mode == ("L" if channels == 1 else "RGB")


def test_scatter_png(tmp_path):
    points = np.random.default_rng(0).normal(size=(100, 2))
    images.save_samples(points, tmp_path / "points.png", reference=points[:3])
    with Image.open(tmp_path / "points.png") as png:
        assert png.size == (400, 400)


@pytest.mark.skipif(not os.environ.get("GANZOO_DATA_DIR"), reason="needs MNIST")
def test_cyclegan_smoke_config_trains_on_the_translation_loader(tmp_path):
    config = parse_config(
        os.path.join(REPO, "zoo_configs", "cyclegan_mnist_pair.py:smoke"),
        "--config.train.steps=2",
        "--config.train.log_every=1",
        "--config.train.checkpoint_every=2",
        "--config.train.sample_every=2",
        "--config.train.verbose=0",
        "--config.data.kwargs.take=64",
    )
    result = training.train(config, str(tmp_path))
    assert result.step == 2
    assert np.isfinite(result.d_loss) and np.isfinite(result.g_loss)
