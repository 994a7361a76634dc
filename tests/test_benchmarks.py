"""Tests of the benchmark runner, the results table and the throughput tool.

pytest tests/test_benchmarks.py
"""

import json
import os
import subprocess
import sys
import types

import keras
import numpy as np
import pytest
import tensorflow as tf

from benchmarks import (
    evaluation,
    plots,
    references,
    results_log,
    runner,
    speed,
    suites,
    table,
)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RING_SMOKE = "--config=zoo_configs/vanilla_ring8.py:smoke"


def _binary(*args, **popen):
    command = [sys.executable, "-m", "benchmarks.run", *args]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.Popen(command, cwd=REPO, env=env, text=True, **popen)


def test_smoke_run_writes_rows_artifacts_and_the_table(tmp_path):
    results_path = tmp_path / "results.jsonl"
    args = [
        RING_SMOKE,
        "--config.train.verbose=0",
        "--seeds=0,1",
        f"--workdir={tmp_path / 'runs'}",
        f"--results={results_path}",
        f"--plots_dir={tmp_path / 'plots'}",
    ]
    for _ in range(2):  # The second run resumes the finished workdirs.
        assert _binary(*args).wait() == 0
    rows = table.load_rows(results_path)
    assert len(rows) == 12  # 3 metrics x 2 seeds x 2 invocations.
    first, resumed = rows[0], rows[-1]
    assert first["initial_step"] == 0 and resumed["initial_step"] == 20
    assert {r["metric"] for r in rows} == set(evaluation.MIXTURE_METRICS)
    for key in ("model", "dataset", "value", "seed", "steps", "machine", "commit"):
        assert first[key] is not None, key
    # "auto" resolves per machine; vanilla is not registered for bfloat16.
    assert {r["dtype_policy"] for r in rows} == {"float32"}
    assert (first["model"], first["dataset"], first["config"]) == (
        "vanilla",
        "ring8",
        "vanilla_ring8:smoke",
    )
    run_dir = tmp_path / "runs" / "vanilla_ring8_smoke" / "seed_1"
    for name in ("samples.png", "losses.png", "export/saved_model.pb"):
        assert (run_dir / name).exists(), name
    plots = tmp_path / "plots"
    assert (plots / "vanilla_ring8_smoke_20steps_seed0_losses.png").exists()

    out = tmp_path / "RESULTS.md"
    text = table.write_table(str(results_path), str(out))
    assert out.read_text() == text
    log = (tmp_path / "RESULTS_LOG.md").read_text()
    line = next(x for x in log.splitlines() if "| modes_captured |" in x)
    assert "(n=2)" in line and "PacGAN" in line and "| 20 |" in line
    assert "## Published numbers ganzoo has no config for" in text
    assert "3.70 +- 0.04" in text


@pytest.mark.parametrize(
    "args, message",
    [
        ([RING_SMOKE, "--config.train.stepz=3"], "stepz"),
        (["--config=zoo_configs/nope_ring8.py"], "does not exist"),
        ([RING_SMOKE, "--config.model.name=nope"], "model.name='nope'"),
        (["--suite=slow"], "--suite=slow"),
        ([], "expected exactly one of"),
    ],
    ids=["unknown_key", "unknown_config", "unknown_model", "unknown_suite", "none"],
)
def test_bad_flags_give_a_clear_error(args, message, tmp_path):
    process = _binary(
        *args, f"--results={tmp_path / 'r.jsonl'}", stderr=subprocess.PIPE
    )
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert message in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "r.jsonl").exists()


def test_mnist_rows_are_skipped_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("GANZOO_DATA_DIR", str(tmp_path / "no_data"))
    monkeypatch.setenv("GANZOO_TFDS_DIR", str(tmp_path / "no_tfds"))
    results_path = str(tmp_path / "results.jsonl")
    for name in ("dcgan_mnist", "acgan_mnist"):
        config = runner.load_config(f"zoo_configs/{name}.py", "smoke")
        spec = runner.RunSpec(config, f"{name}:smoke", 0, suite="quick")
        rows = runner.run_benchmark(spec, str(tmp_path / "runs"), results_path)
        assert rows and all(r["status"] == "skipped" for r in rows)
        assert "mnist not available" in rows[0]["reason"]
    assert not (tmp_path / "runs").exists()  # Nothing was trained.
    text = results_log.render(table.load_rows(results_path), "cmd")
    assert "| conditional_accuracy | skipped: mnist not available" in text


def test_averaged_run_also_scores_its_raw_generator(tmp_path, monkeypatch):
    def mean_sample(gan, config, seed=0):  # A score that sees every weight.
        return {"mean_sample": float(np.mean(gan.generate(64, seed=seed)))}

    monkeypatch.setattr(evaluation, "evaluate_config", mean_sample)
    config = runner.load_config("zoo_configs/vanilla_ring8.py", "smoke")
    config.model.kwargs.g_ema_decay = 0.9
    config.train.verbose = 0
    spec = runner.RunSpec(config, "vanilla_ring8:smoke", 0)
    results_path = str(tmp_path / "results.jsonl")
    rows = runner.run_benchmark(spec, str(tmp_path / "runs"), results_path)
    assert table.load_rows(results_path) == rows
    scores = {r["config"]: r["value"] for r in rows}
    raw_name = "vanilla_ring8:smoke" + runner.RAW_GENERATOR_SUFFIX
    assert scores.keys() == {"vanilla_ring8:smoke", raw_name}
    # Resuming the finished run restores both weights; score them directly.
    gan = runner.training.train(
        config, tmp_path / "runs/vanilla_ring8_smoke/seed_0/train"
    ).gan
    raw = gan.generator(gan.sample_latent(64, seed=0), training=False)
    assert scores[raw_name] == pytest.approx(float(np.mean(raw)), abs=1e-6)
    assert scores["vanilla_ring8:smoke"] == pytest.approx(
        mean_sample(gan, config)["mean_sample"], abs=1e-6
    )
    assert scores[raw_name] != pytest.approx(scores["vanilla_ring8:smoke"], abs=1e-6)
    config.model.kwargs.g_ema_decay = None  # No average: no raw rows.
    rows = runner.run_benchmark(spec, str(tmp_path / "plain"), results_path)
    assert [r["config"] for r in rows] == ["vanilla_ring8:smoke"]


def _row(seed, value, status="ok", metric="modes_captured", steps=100):
    return dict(
        model="vanilla",
        dataset="ring8",
        metric=metric,
        config="vanilla_ring8",
        steps=steps,
        seed=seed,
        value=value,
        status=status,
        machine="m",
        commit="abc",
        suite="quick",
        overrides={"train.steps": steps},
        train_seconds=10.0,
        eval_seconds=2.0,
    )


def test_table_keeps_the_latest_row_per_seed_and_reports_mean_std():
    rows = [
        _row(0, 1.0),
        _row(1, 7.0),
        _row(0, 8.0),
        _row(0, float("inf"), metric="modes_kl"),
    ]
    summaries = {s["metric"]: s for s in table.aggregate(rows)}
    modes = summaries["modes_captured"]
    assert (
        modes["values"] == [8.0, 7.0] and modes["mean"] == 7.5 and modes["std"] == 0.5
    )
    assert modes["seconds"] == 12.0
    assert table.format_value(modes) == "7.500 ± 0.500 (n=2)"
    assert table.format_value(summaries["modes_kl"]) == "inf (n=1)"
    # Three seeds: the spread is the standard error, sample std / sqrt(n):
    # sqrt(((1-3)^2 + (2-3)^2 + (6-3)^2) / 2) / sqrt(3) = 1.528 (std: 2.160).
    three = table.aggregate([_row(0, 1.0), _row(1, 2.0), _row(2, 6.0)])[0]
    assert table.format_value(three) == "3.000 ± 1.528 (n=3)"
    # A seed that failed beside ones that ran is named, not left out quietly.
    failed = dict(_row(1, 0.0, status="failed"), value=None)
    some = table.aggregate([_row(0, 1.0), failed, _row(2, 3.0)])[0]
    assert some["failed_seeds"] == [1]
    assert table.format_value(some) == "2.000 ± 1.000 (n=2; failed: seed 1)"
    log = results_log.render(rows, "cmd", references.REFERENCES)
    assert "100 (quick budget)" in log and "PacGAN" in log and "| short run |" in log
    text = table.render_markdown(rows, "cmd", references.REFERENCES)
    protocol = "- `modes_captured`: 2,500 samples; a mode is captured by a sample"
    assert protocol in text and "within 3 std" not in log  # Written once.
    # A shortened (quick budget) run never makes a scoreboard row.
    ring = "| vanilla | [ring8](#protocol-ring8) | modes_captured ↑ |"
    assert f"{ring} not yet run" in text
    full = [dict(_row(0, 8.0, steps=20_000), overrides={})]
    text = table.render_markdown(full, "cmd", references.REFERENCES)
    assert f"{ring} **met** | 8.000 (n=1); 20,000 steps |" in text  # Measured now.
    assert "| vanilla | [grid25](#protocol-grid25) | modes_captured ↑ | not yet" in text


def test_table_names_the_dtype_policy_the_seeds_trained_in():
    rows = [dict(_row(0, 1.0), dtype_policy="mixed_bfloat16"), _row(1, 2.0)]
    line = next(
        x
        for x in results_log.render(rows, "cmd", references.REFERENCES).splitlines()
        if "| modes_captured |" in x
    )
    assert "| M1, mixed_bfloat16 | abc |" in line
    # Rows written before the runner recorded a policy show the machine alone.
    old = results_log.render([_row(0, 1.0)], "cmd", references.REFERENCES)
    assert "| M1 | abc |" in old


def test_protocols_depend_on_the_dataset_where_the_metric_does():
    pair = references.protocol("fid_domain", "mnist_pair")
    assert "b_to_strokes" in pair and "true B images" in pair
    assert "10,000 MNIST test images" in references.protocol("fid_domain", "mnist")
    assert "held-out" in references.protocol("attribute_accuracy", "shapes")
    assert references.protocol("no_such_metric", "mnist") == "-"


@pytest.mark.parametrize("name", sorted(suites.SUITES))
def test_suites_load_and_their_overrides_apply(name):
    for entry in suites.get_suite(name):
        config = runner.load_config(entry.config)
        runner.apply_overrides(config, entry.overrides)
        train = config.train
        for key in ("steps", "sample_every", "checkpoint_every"):
            assert train[key] % train.log_every == 0, (entry.config, key)
        assert evaluation.metric_names(config)
    with pytest.raises(ValueError, match="expected one of"):
        suites.get_suite("slow")
    config = runner.load_config("zoo_configs/vanilla_ring8.py")
    with pytest.raises(KeyError, match="no such field"):
        runner.apply_overrides(config, {"train.stepz": 1})


def test_eval_spec_defaults_and_errors():
    config = runner.load_config("zoo_configs/sgan_mnist.py", "smoke")
    assert evaluation.metric_names(config) == ["classifier_test_error"]
    assert evaluation.required_datasets(config) == ["mnist"]
    config = runner.load_config("zoo_configs/vanilla_mnist.py", "smoke")
    assert evaluation.metric_names(config)[0] == "parzen_log_likelihood"
    config.eval.metric = "beauty"
    with pytest.raises(ValueError, match="eval.metric='beauty'"):
        evaluation.eval_spec(config)


def test_loss_plot_from_tensorboard_scalars(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path / "logs"))
    with writer.as_default():
        for step in (10, 20, 30):
            tf.summary.scalar("d_loss", 1.0 / step, step=step)
            tf.summary.scalar("steps_per_second", 5.0, step=step)
    writer.close()
    scalars = plots.read_scalars(str(tmp_path / "logs"))
    assert list(scalars["d_loss"][0]) == [10, 20, 30]
    assert plots.plot_losses(str(tmp_path / "logs"), str(tmp_path / "l.png"))
    assert (tmp_path / "l.png").stat().st_size > 1000
    assert plots.plot_losses(str(tmp_path / "empty"), str(tmp_path / "e.png")) is None


def test_throughput_measures_ganzoo_and_the_plain_baseline():
    results_ = speed.measure(
        "dcgan", False, steps=2, warmup=1, repeats=1, batch_size=4, baseline=True
    )
    assert [r["engine"] for r in results_] == ["ganzoo", "plain_keras"]
    assert all(r["steps_per_s"] > 0 and r["images_per_s"] > 0 for r in results_)
    report = dict(
        command="cmd",
        machine="m",
        commit="c",
        time="t",
        steps=2,
        warmup=1,
        repeats=1,
        results=results_,
        errors=[dict(model="cyclegan", jit_compile=True, error="boom")],
        ratios=[
            dict(
                model="dcgan", jit_compile=False, ganzoo=2.0, plain_keras=2.0, ratio=1.0
            )
        ],
    )
    text = speed.render_markdown(report)
    assert "| dcgan | 4 | 28x28x1 |" in text and "| 1.000 |" in text and "boom" in text
    json.dumps(report)  # The report is JSON-serializable.


@pytest.mark.benchmark
def test_throughput_binary_on_dcgan(tmp_path):
    command = [
        sys.executable, "-m", "benchmarks.throughput", "--models=dcgan", "--steps=20",
        f"--out_json={tmp_path / 't.json'}", f"--out_md={tmp_path / 'T.md'}",
    ]  # fmt: skip
    subprocess.run(command, cwd=REPO, check=True)
    report = json.loads((tmp_path / "t.json").read_text())
    assert len(report["ratios"]) == 2


def test_flop_counts_match_closed_forms_of_a_dot_and_a_convolution():
    # 2 FLOPs per multiply-add: a (8, 32) x (32, 16) dot is 2 * 8 * 16 * 32.
    dot = tf.function(lambda a, b: a @ b, jit_compile=True)
    a, b = tf.ones((8, 32)), tf.ones((32, 16))
    hlo = dot.experimental_get_compiler_ir(a, b)(stage="optimized_hlo")
    assert speed.hlo_flops(hlo) == 2 * 8 * 16 * 32
    # A 3x3 conv, 4 -> 6 channels, 'SAME' on 2 x 10 x 10: 2 * (2*10*10*6) * 9 * 4.
    conv = tf.function(lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), jit_compile=True)
    x, w = tf.ones((2, 10, 10, 4)), tf.ones((3, 3, 4, 6))
    hlo = conv.experimental_get_compiler_ir(x, w)(stage="optimized_hlo")
    assert speed.hlo_flops(hlo) == 2 * (2 * 10 * 10 * 6) * 9 * 4


def test_the_profiler_and_the_hlo_agree_on_a_network_without_transposed_convs():
    model = keras.Sequential(
        [keras.Input((10, 10, 3)), keras.layers.Conv2D(8, 3), keras.layers.Dense(5)]
    )
    holder = types.SimpleNamespace(train_step=lambda x: model(x))
    batch = np.ones((4, 10, 10, 3), "float32")
    hlo, profiled = speed.step_flops(holder, batch), speed.profiler_flops(holder, batch)
    # The profiler also counts the bias adds (1 FLOP per output element).
    assert hlo == 2 * 4 * 8 * 8 * 8 * 27 + 2 * 4 * 8 * 8 * 5 * 8
    assert hlo <= profiled <= 1.05 * hlo
