"""Two runs on one workdir, healthy checkpoints only, and no left-behind files.

Issue 34, items 1, 2 and 4. Tiny runs of the vanilla GAN's ring8 smoke
config (about a second each); one subprocess test starts the binary twice.
"""

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import ring_config

from ganzoo.training import checkpoints, health
from ganzoo.training import loop as training
from ganzoo.training import workdir as workdir_lib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RING = os.path.join(REPO, "zoo_configs", "vanilla_ring8.py") + ":smoke"


# -- Item 1: a workdir in use --------------------------------------------------


def test_a_second_lock_on_a_workdir_names_the_holder(tmp_path):
    with workdir_lib.locked(str(tmp_path)):
        holder = f"process {os.getpid()} on "
        with (
            pytest.raises(workdir_lib.WorkdirInUseError, match=re.escape(holder)),
            workdir_lib.locked(str(tmp_path)),
        ):
            pass
        with pytest.raises(workdir_lib.WorkdirInUseError, match="in use by process"):
            workdir_lib.check_not_in_use(str(tmp_path))
    workdir_lib.check_not_in_use(str(tmp_path))  # Released.
    with workdir_lib.locked(str(tmp_path)):
        pass


def test_a_lock_left_by_a_killed_process_does_not_block_a_resume(tmp_path):
    # The child takes the lock as `locked` does (without TensorFlow's import)
    # and is killed while it holds it.
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(os.path.join(sys.argv[1], 'lock'), os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "os.write(fd, f'process {os.getpid()} on host'.encode())\n"
        "print('locked', flush=True); time.sleep(600)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(workdir_lib.WorkdirInUseError, match=f"{child.pid} on"):
            workdir_lib.check_not_in_use(str(tmp_path))
    finally:
        child.kill()
        child.wait()
    assert (tmp_path / "lock").exists()  # Left behind, and harmless:
    result = training.train(ring_config(5), tmp_path)
    assert result.step == 5


def test_a_second_trainer_stops_at_once_and_ctrl_c_says_where_it_resumes(tmp_path):
    # Issue 34, items 1 and 9: the first run holds the workdir until Ctrl-C.
    workdir = tmp_path / "run"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}

    def command(rate):
        return [
            sys.executable,
            "-m",
            "ganzoo.train",
            f"--config={RING}",
            "--config.train.steps=1000000",
            "--config.train.sample_every=1000000",
            "--config.train.verbose=0",
            # Graph mode: the lock and Ctrl-C do not need XLA's compile.
            "--config.train.jit_compile=False",
            f"--config.optimizer.d.config.learning_rate={rate}",
            f"--workdir={workdir}",
        ]

    with open(tmp_path / "first.err", "w+") as log:
        first = subprocess.Popen(
            command(2e-4),
            cwd=REPO,
            env=env,
            stderr=log,
            # A test run in the background ignores SIGINT, and so would its
            # children (Python then installs no KeyboardInterrupt handler).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            deadline = time.time() + 120
            lock = workdir / "lock"
            while not (lock.exists() and lock.read_text()):  # Held, and named.
                assert first.poll() is None and time.time() < deadline
                time.sleep(0.2)
            second = subprocess.run(
                command(1e-3), cwd=REPO, env=env, capture_output=True, text=True
            )
            assert first.poll() is None, "the first run ended before the second"
            while not list((workdir / "checkpoints").glob("ckpt-*.index")):
                assert first.poll() is None and time.time() < deadline
                time.sleep(0.2)
            first.send_signal(signal.SIGINT)
            assert first.wait(timeout=120) == 130
        finally:
            if first.poll() is None:
                first.kill()
        log.seek(0)
        first_err = log.read()
    assert second.returncode == 2, second.stderr[-3000:]
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr[-3000:]
    assert re.search(
        rf"ganzoo-train: error: Received: `workdir='{workdir}'`, which is in "
        rf"use by process {first.pid} on .* \(`\S+ -m ganzoo.train --config=",
        lines[0],
    ), lines[0]
    config = json.loads((workdir / "config.json").read_text())  # The first's.
    assert config["optimizer"]["d"]["config"]["learning_rate"] == 2e-4
    last = checkpoints.list_checkpoints(str(workdir / "checkpoints"))[-1]
    step = os.path.basename(last).rpartition("-")[2]
    assert "Traceback" not in first_err, first_err[-3000:]
    assert re.search(
        rf"ganzoo-train: Interrupted; running the same command again resumes "
        rf"from ckpt-{step} \(step {step}\) in {workdir}\.\n$",
        first_err,
    ), first_err[-3000:]


# -- Item 2: every saved variable of a good checkpoint is sane ------------------


def _slot(gan):
    # An Adam second-moment slot of the discriminator.
    return [v for v in gan.d_optimizer.variables if "velocity" in v.path][0]


def test_state_problem_checks_slots_statistics_and_not_only_weights():
    import ganzoo

    gan = ganzoo.build("dcgan", **ganzoo.get_entry("dcgan").smoke_kwargs)
    gan.compile()
    gan.build_optimizers()
    checkpoint = checkpoints.make_checkpoint(gan, tf.Variable(0, dtype=tf.int64))
    assert health.state_problem(checkpoint) is None
    variance = [v for v in gan.generator.variables if "moving_variance" in v.path][0]
    variance.assign(np.full(variance.shape, 1e19, "float32"))
    assert health.weights_problem(gan) is None  # What was checked before.
    assert re.search(
        r"variable `.*moving_variance` reached \|v\|=1e\+19, above the bound 1e\+08",
        health.state_problem(checkpoint),
    )
    variance.assign(np.ones(variance.shape, "float32"))
    # A second-moment slot holds squared gradients: 5.6e8 (a flow's, healthy)
    # passes, the exploded 2.6e20 does not.
    _slot(gan).assign(np.full(_slot(gan).shape, 5.6e8, "float32"))
    assert health.state_problem(checkpoint) is None
    _slot(gan).assign(np.full(_slot(gan).shape, 2.6e20, "float32"))
    assert re.search(
        r"velocity` reached .* above the bound 1e\+16",
        health.state_problem(checkpoint),
    )
    _slot(gan).assign(np.full(_slot(gan).shape, np.inf, "float32"))
    assert re.search(r"velocity` is not finite", health.state_problem(checkpoint))


def test_a_checkpoint_with_an_exploded_slot_is_skipped_on_restore(tmp_path):
    result = training.train(ring_config(10), tmp_path)
    step = tf.Variable(10, dtype=tf.int64)
    checkpoint = checkpoints.make_checkpoint(result.gan, step)
    slot = _slot(result.gan)
    slot.assign(np.full(slot.shape, 2.6e20, "float32"))
    step.assign(15)
    checkpoint.write(str(tmp_path / "checkpoints" / "ckpt-15"))
    paths = checkpoints.list_checkpoints(str(tmp_path / "checkpoints"))
    assert os.path.basename(paths[-1]) == "ckpt-15"
    restored = checkpoints.restore_latest(
        checkpoint, paths, check=lambda: health.state_problem(checkpoint)
    )
    assert os.path.basename(restored) == "ckpt-10" and int(step.numpy()) == 10
    assert float(np.abs(keras.ops.convert_to_numpy(slot)).max()) < 1e8


class _ExplodeSlot(keras.callbacks.Callback):
    # Runs before the training callback: from step 10 on, a slot holds 2.6e20
    # while the losses stay finite.
    def on_epoch_end(self, epoch, logs=None):
        if epoch >= 1:
            slot = _slot(self.model)
            slot.assign(np.full(slot.shape, 2.6e20, "float32"))


def test_exploded_state_is_never_saved_and_the_run_ends_diverged(tmp_path, monkeypatch):
    from ganzoo.gan import GAN

    monkeypatch.setattr(
        GAN, "training_callbacks", lambda self, config: [_ExplodeSlot()]
    )
    config = ring_config(20, on_divergence="rollback", max_rollbacks=1)
    with pytest.raises(
        training.TrainingDivergedError, match=r"velocity` reached \|v\|=2.6e\+20"
    ):
        training.train(config, tmp_path)
    for path in checkpoints.list_checkpoints(str(tmp_path / "checkpoints")):
        reader = tf.train.load_checkpoint(path)
        for name, dtype in reader.get_variable_to_dtype_map().items():
            if dtype.is_floating and "learning_rate" not in name:
                value = np.asarray(reader.get_tensor(name), np.float64)
                assert np.abs(value).max(initial=0) < 1e8, (path, name)


def test_a_run_whose_losses_end_far_out_of_range_is_diverged(tmp_path, monkeypatch):
    # The bound is lowered below this run's losses: the run cannot end as a
    # success, even after its rollbacks.
    monkeypatch.setattr(health, "MAX_ABS_LOSS", 1e-3)
    config = ring_config(10, on_divergence="rollback", max_rollbacks=1)
    with pytest.raises(
        training.TrainingDivergedError,
        match=r"Training diverged at step 5: `\w_loss=.*` is far beyond the range",
    ):
        training.train(config, tmp_path)


# -- Item 4: checkpoints left by a kill during a save ---------------------------


def test_checkpoints_left_by_a_killed_save_are_pruned(tmp_path, caplog):
    directory = tmp_path / "checkpoints"
    training.train(ring_config(15), tmp_path)  # ckpt-5, 10, 15.
    state = (directory / "checkpoint").read_text()
    kept = {p.name: p.read_bytes() for p in directory.glob("ckpt-5.*")}
    training.train(ring_config(20), tmp_path)  # ckpt-10, 15, 20.
    # A kill after ckpt-20's files and before the old one's deletion and the
    # state file's update leaves ckpt-5 and a state file naming 5, 10, 15.
    for name, data in kept.items():
        (directory / name).write_bytes(data)
    (directory / "checkpoint").write_text(state)
    with caplog.at_level(logging.INFO):
        resumed = training.train(ring_config(30), tmp_path)
    assert resumed.initial_step == 20
    names = [os.path.basename(p) for p in checkpoints.list_checkpoints(str(directory))]
    assert names == ["ckpt-20", "ckpt-25", "ckpt-30"]  # As an unbroken run.
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [m for m in warned if "heckpoint" in m], warned
    caplog.clear()
    with caplog.at_level(logging.INFO):
        training.train(ring_config(35), tmp_path)
    assert "state file" not in caplog.text  # Nothing left to repair.
    names = [os.path.basename(p) for p in checkpoints.list_checkpoints(str(directory))]
    assert names == ["ckpt-25", "ckpt-30", "ckpt-35"]
    shutil.rmtree(directory)
