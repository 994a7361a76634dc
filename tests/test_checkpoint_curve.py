"""Kept checkpoints (`train.keep_every`) and their score-against-steps curve."""

import os

import numpy as np

import ganzoo
from benchmarks import checkpoint_curve, evaluation, runner


def _run(tmp_path, keep_every, steps=40):
    config = runner.with_seed(
        runner.load_config("zoo_configs/vanilla_ring8.py", "smoke"), 0
    )
    config.train.steps = steps
    config.train.keep_every = keep_every
    spec = runner.RunSpec(config, "vanilla_ring8:smoke", 0)
    results = str(tmp_path / "results.jsonl")
    rows = runner.run_benchmark(spec, str(tmp_path / "runs"), results)
    return tmp_path / "runs" / "vanilla_ring8_smoke" / "seed_0", results, rows


def test_kept_checkpoints_score_into_a_curve_ending_at_the_runs_row(
    tmp_path, monkeypatch
):
    run_dir, results, run_rows = _run(tmp_path, keep_every=10)
    kept = sorted(os.listdir(run_dir / "train" / "kept"))
    assert [k for k in kept if k.endswith(".index")] == [
        f"ckpt-{s}.index" for s in (10, 20, 30, 40)
    ]
    # The last checkpoint is the trained model that `benchmarks.run` scored.
    rows = checkpoint_curve.score_checkpoints(str(run_dir), results, from_step=40)
    assert {r["steps"] for r in rows} == {40}
    assert {r["metric"]: r["value"] for r in rows} == {
        r["metric"]: r["value"] for r in run_rows
    }
    assert {(r["suite"], r["config"]) for r in rows} == {
        ("checkpoint_curve", "vanilla_ring8_smoke (kept checkpoint)")
    }

    # Each step is scored on its own weights (this smoke run's mode counts are
    # all 0, so a statistic of the samples tells them apart).
    def sample_mean(gan, config, seed=0):
        return {"sample_mean": float(np.mean(gan.generate(256, seed=seed)))}

    monkeypatch.setattr(evaluation, "evaluate_config", sample_mean)
    rows = checkpoint_curve.score_checkpoints(str(run_dir), results)
    means = {r["steps"]: r["value"] for r in rows}
    assert sorted(means) == [10, 20, 30]  # 40 was scored above: skipped.
    assert len(set(means.values())) == 3
    exported = ganzoo.load(str(run_dir / "export")).generate(256, seed=0)
    assert float(np.mean(exported)) not in means.values()
    plot = tmp_path / "curve.png"
    checkpoint_curve.plot_curve(results, "vanilla_ring8_smoke", 0, str(plot))
    assert plot.stat().st_size > 0


def test_keep_every_must_be_a_multiple_of_log_every(tmp_path):
    _, _, rows = _run(tmp_path, keep_every=12)  # log_every is 5 in a smoke run.
    assert {r["status"] for r in rows} == {"failed"}
    assert (
        "`train.keep_every=12`; expected 0 (keep none) or a positive multiple"
        in (rows[0]["reason"])
    )
