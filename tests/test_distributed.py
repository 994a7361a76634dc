"""Distributed training: MirroredStrategy on two logical CPUs, two workers.

TensorFlow fixes its devices when it first runs an op, so each case runs this
file as a script in a fresh process (`python tests/test_distributed.py
<case>`), which configures two logical CPUs before anything else.
"""

import json
import os
import socket
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RING_SMOKE = os.path.join(REPO, "zoo_configs", "vanilla_ring8.py")


def _run_case(case, *args, env=None, timeout=120):
    return subprocess.run(
        [sys.executable, os.path.abspath(__file__), case, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_mirrored_step_equals_single_device_step(tmp_path):
    result = _run_case("mirrored", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "MIRRORED OK" in result.stdout, result.stdout[-2000:]


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_worker_multi_worker_mirrored_run(tmp_path):
    workers = [f"localhost:{port}" for port in _free_ports(2)]
    processes = []
    for index in range(2):
        tf_config = {"cluster": {"worker": workers}, "task": {"type": "worker"}}
        tf_config["task"]["index"] = index
        env = dict(os.environ, TF_CONFIG=json.dumps(tf_config))
        env["TF_CPP_MIN_LOG_LEVEL"] = "2"
        command = [sys.executable, os.path.abspath(__file__), "multi_worker"]
        processes.append(
            subprocess.Popen(
                [*command, str(tmp_path)],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outputs = []
    try:
        for process in processes:
            outputs.append(process.communicate(timeout=120))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-3000:]
        assert "MULTI_WORKER OK step=10 replicas=2" in out, out[-2000:]
    # The chief (worker 0) wrote the run; worker 1 saved into its own folder.
    checkpoints = tmp_path / "checkpoints"
    assert (checkpoints / "ckpt-10.index").exists()
    assert (tmp_path / "workers" / "worker_1" / "ckpt-10.index").exists()
    assert (tmp_path / "samples" / "step_0000010.png").exists()


# -- Subprocess side -------------------------------------------------------------


def _ring_config(steps, **train):
    sys.path.insert(0, REPO)
    from zoo_configs import vanilla_ring8

    config = vanilla_ring8.get_config("smoke")
    config.train.update(steps=steps, verbose=0, **train)
    return config


def _mirrored_case(workdir):
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * 2
    )
    import keras

    import ganzoo
    from ganzoo.training import distribute
    from ganzoo.training import loop as training

    strategy = distribute.get_strategy("mirrored")
    assert strategy.num_replicas_in_sync == 2, strategy.num_replicas_in_sync
    # The training binary's path, `train.distribute="mirrored"` (first: later
    # eager `strategy.run` calls desynchronise collective keys of new models).
    result = training.train(_ring_config(10, distribute="mirrored"), workdir)
    assert result.step == 10 and np.isfinite(result.d_loss), result
    assert result.gan.distribute_strategy.num_replicas_in_sync == 2
    batch = 8
    real = np.random.default_rng(0).normal(size=(batch, 2)).astype("float32")
    latents = np.random.default_rng(1).normal(size=(batch, 2)).astype("float32")

    # Independent noise per replica with the real noise source.
    with strategy.scope():
        gan = ganzoo.build("vanilla", image_shape=(2,), latent_dim=2, seed=3)
    per_replica = strategy.run(lambda: gan.sample_latent(4))
    noise = [t.numpy() for t in strategy.experimental_local_results(per_replica)]
    assert not np.allclose(noise[0], noise[1]), "replicas drew the same noise"

    # The same global noise in both runs: rows of `latents` for the rows of
    # the batch each replica gets (fit splits the batch in order).
    def fixed_latent(self, batch_size, seed=None):
        context = tf.distribute.get_replica_context()
        first = context.replica_id_in_sync_group * batch_size
        return tf.gather(latents, first + tf.range(batch_size))

    ganzoo.GAN.sample_latent = fixed_latent

    def one_step(scope):
        # Plain dense networks: dropout would draw different masks for one
        # batch of 8 than for two of 4.
        with scope:
            keras.utils.set_random_seed(0)
            layers = keras.layers
            generator = keras.Sequential(
                [keras.Input((2,)), layers.Dense(16, "relu"), layers.Dense(2)]
            )
            discriminator = keras.Sequential(
                [keras.Input((2,)), layers.Dense(8, "relu"), layers.Dense(1)]
            )
            gan = ganzoo.GAN(generator, discriminator, latent_dim=2)
            gan.compile(d_optimizer="sgd", g_optimizer="sgd")
        before = [v.numpy() for v in gan.trainable_variables]
        data = tf.data.Dataset.from_tensor_slices(real).batch(batch)
        history = gan.fit(data, epochs=1, verbose=0).history
        after = [v.numpy() for v in gan.trainable_variables]
        return before, after, history

    before_1, after_1, logs_1 = one_step(tf.distribute.get_strategy().scope())
    before_2, after_2, logs_2 = one_step(strategy.scope())
    for a, b in zip(before_1, before_2, strict=True):
        np.testing.assert_array_equal(a, b)
    moved = max(np.abs(a - b).max() for a, b in zip(after_1, before_1, strict=True))
    assert moved > 1e-4, moved
    for a, b in zip(after_1, after_2, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for name in ("d_loss", "g_loss"):  # True (global-batch) values are logged.
        np.testing.assert_allclose(logs_1[name], logs_2[name], rtol=1e-5)

    print("MIRRORED OK")


def _multi_worker_case(workdir):
    from ganzoo.training import loop as training

    result = training.train(_ring_config(10, distribute="multi_worker"), workdir)
    replicas = result.gan.distribute_strategy.num_replicas_in_sync
    print(f"MULTI_WORKER OK step={result.step} replicas={replicas}")


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    case, workdir = sys.argv[1:3]
    {"mirrored": _mirrored_case, "multi_worker": _multi_worker_case}[case](workdir)
