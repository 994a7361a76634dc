"""Fast by default: the measured path, several steps per call, bfloat16 where safe."""

import dataclasses

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import batches

import ganzoo
from ganzoo import registry
from ganzoo.engine import execution
from ganzoo.training import loop as training_loop
from ganzoo.training import precision
from ganzoo.training.config import load_config

TABLE = {
    "cpu": {
        "dcgan/points": {"graph": 10.0, "xla": 30.0},
        "dcgan/images": {"graph": 17.0, "xla": 6.0},
    }
}
TINY_POINTS = dict(image_shape=(2,), latent_dim=2, hidden_units=(8,))


# -- The path: graph or XLA ------------------------------------------------------


def test_choice_takes_the_faster_measured_path():
    xla = execution.choose_jit_compile("dcgan", (2,), device="cpu", table=TABLE)
    graph = execution.choose_jit_compile("dcgan", (28, 28, 1), "cpu", TABLE)
    assert (xla.jit_compile, graph.jit_compile) == (True, False)
    assert "XLA" in xla.reason and "30.0" in xla.reason
    unknown = execution.choose_jit_compile("wgan", (2,), "cpu", TABLE)
    assert unknown.jit_compile is False and "not measured" in unknown.reason
    assert execution.choose_jit_compile("dcgan", (2,), "gpu", TABLE).jit_compile == (
        "auto"
    )


def test_compile_auto_uses_the_table_and_an_explicit_value_wins(monkeypatch):
    monkeypatch.setattr(execution.measured_paths, "MEASURED", TABLE)
    gan = ganzoo.build("dcgan", **TINY_POINTS)
    gan.compile()
    assert gan.jit_compile is True and "dcgan/points" in gan.jit_compile_reason
    gan.compile(jit_compile=False)
    assert gan.jit_compile is False
    images = ganzoo.build("dcgan", **ganzoo.get_entry("dcgan").smoke_kwargs)
    images.compile()
    assert images.jit_compile is False


def test_the_measured_table_names_real_entries_and_both_paths():
    for device, rows in execution.measured_paths.MEASURED.items():
        for key, row in rows.items():
            entry, kind = key.split("/")
            assert entry in ganzoo.list_models() and kind in ("images", "points")
            assert row["graph"] > 0 and row["xla"] > 0, (device, key)


# -- The dtype policy ------------------------------------------------------------


@pytest.fixture
def bfloat16_dcgan(monkeypatch):
    entry = registry.get_entry("dcgan")
    flagged = dataclasses.replace(entry, bfloat16=("images",))
    monkeypatch.setitem(registry._REGISTRY, "dcgan", flagged)


@pytest.mark.parametrize(
    "flags, device, expected",
    [
        (["avx512f", "avx512_bf16"], "cpu", "mixed_bfloat16"),
        (["amx_bf16", "amx_tile"], "cpu", "mixed_bfloat16"),
        (["avx2", "avx512f"], "cpu", "float32"),
        ([], "tpu", "mixed_bfloat16"),
        (["avx512_bf16"], "gpu", "float32"),
    ],
)
def test_auto_precision_is_bfloat16_only_where_detected(
    bfloat16_dcgan, flags, device, expected
):
    assert precision.resolve_policy("auto", "dcgan", flags, device) == expected


def test_auto_precision_follows_the_sample_kind_the_entry_was_measured_on():
    # dcgan was measured on MNIST images only (benchmarks/PRECISION.md).
    assert registry.get_entry("dcgan").bfloat16 == ("images",)
    flags = ["amx_bf16"]
    assert precision.resolve_policy("auto", "dcgan", flags) == "mixed_bfloat16"
    points = dict(image_shape=[2], hidden_units=[64])
    assert precision.resolve_policy("auto", "dcgan", flags, model_kwargs=points) == (
        "float32"
    )
    assert precision.sample_kind("pacgan") == "points"  # The builder's default.


def test_registering_bfloat16_for_an_unknown_sample_kind_fails():
    with pytest.raises(ValueError, match=r"`bfloat16=\('video',\)`; expected"):
        registry._sample_kinds(("video",))
    assert registry._sample_kinds(True) == ("images", "points")
    assert registry._sample_kinds(False) == ()


def test_auto_precision_needs_the_entry_flag_and_a_name_wins():
    assert not registry.get_entry("wgan").bfloat16
    assert precision.resolve_policy("auto", "wgan", ["avx512_bf16"]) == "float32"
    assert precision.resolve_policy("mixed_bfloat16", "wgan", []) == "mixed_bfloat16"
    with pytest.raises(ValueError, match=r"`mixed_precision='bf16'`; expected one"):
        precision.resolve_policy("bf16", "wgan", [])


def test_cpu_flags_are_read_from_cpuinfo(tmp_path):
    path = tmp_path / "cpuinfo"
    path.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx512f avx512_bf16\n\n")
    assert {"avx512_bf16", "avx512f"} <= precision.cpu_flags(path)
    assert precision.cpu_flags(tmp_path / "missing") == frozenset()


# -- Several steps per call --------------------------------------------------------


def ring_config(steps=10, **train):
    config = load_config("zoo_configs/vanilla_ring8.py:smoke")
    config.train.update(steps=steps, verbose=0, checkpoint_every=5, sample_every=5)
    config.train.update(train)
    return config


def test_steps_per_execution_auto_keeps_logs_and_saves_on_their_steps():
    config = ring_config(log_every=50, checkpoint_every=1000, sample_every=150)
    assert training_loop.steps_per_execution(config.train) == 50
    config.train.update(log_every=500, checkpoint_every=5000, sample_every=2000)
    assert training_loop.steps_per_execution(config.train) == 100  # The cap.
    config.train.steps_per_execution = 3
    with pytest.raises(ValueError, match=r"`train.steps_per_execution=3`; expected a"):
        training_loop.steps_per_execution(config.train)


def _state(gan):
    optimizers = gan.d_optimizer.variables + gan.g_optimizer.variables
    return [v.numpy() for v in gan.variables + optimizers]


def test_several_steps_per_call_train_alike_and_resume_exactly(tmp_path):
    one = training_loop.train(ring_config(10, steps_per_execution=1), tmp_path / "a")
    five = training_loop.train(ring_config(10, steps_per_execution=5), tmp_path / "b")
    assert five.gan.steps_per_execution == 5 and one.gan.steps_per_execution == 1
    interrupted = ring_config(5, steps_per_execution=5)
    training_loop.train(interrupted, tmp_path / "c")
    resumed = training_loop.train(
        ring_config(10, steps_per_execution=5), tmp_path / "c"
    )
    assert (resumed.initial_step, resumed.step) == (5, 10)
    for a, b, c in zip(
        _state(one.gan), _state(five.gan), _state(resumed.gan), strict=True
    ):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize("jit_compile", [False, True])
def test_every_batch_is_checked_with_several_steps_per_call(jit_compile):
    gan = ganzoo.build("dcgan", **ganzoo.get_entry("dcgan").smoke_kwargs)
    gan.compile(jit_compile=jit_compile, steps_per_execution=4)
    good = gan.synthetic_batch(4)
    bad = good.copy()
    bad[0, 0, 0, 0] = np.nan
    # The bad batch is the second of a call of four: not the one whose logs
    # Keras returns.
    data = tf.data.Dataset.from_tensor_slices(np.stack([good, bad, good, good]))
    with pytest.raises(ValueError, match="1 NaN or infinite"):
        gan.fit(data, epochs=1, verbose=0)
    # The checks start afresh in the next call: good batches pass (the
    # weights are NaN now, as after any bad batch, but the data is fine).
    gan.fit(batches(np.concatenate([good] * 6)), epochs=1, verbose=0)


# -- Every entry under mixed_bfloat16 ------------------------------------------------


@pytest.mark.parametrize("name", ganzoo.list_models())
def test_every_entry_trains_under_mixed_bfloat16(name):
    entry = ganzoo.get_entry(name)
    with precision.dtype_policy("mixed_bfloat16"):
        gan = ganzoo.build(name, seed=1, **entry.smoke_kwargs)
    assert gan.generator.compute_dtype == "bfloat16"
    # Eagerly: a dtype clash fails as it would in a graph, without tracing
    # every entry's step (the zoo's traces took ~60 of this test's ~70 s).
    # The XLA step of every entry is the zoo sweep's (test_zoo_sweep.py).
    gan.compile(jit_compile=False, run_eagerly=True)
    history = gan.fit(batches(gan.synthetic_batch(4)), epochs=1, verbose=0)
    assert all(np.isfinite(v[-1]) for v in history.history.values())
    assert keras.config.dtype_policy().name == "float32"
