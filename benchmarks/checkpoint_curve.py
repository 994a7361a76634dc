r"""Scores every checkpoint a run kept: its benchmark's metrics against steps.

    python -m benchmarks.checkpoint_curve --run=runs/pacgan/pacgan2_grid25/seed_0 \
        --results=runs/pacgan_curve.jsonl --plot=runs/plots/pacgan2_curve.png

A run keeps a checkpoint for good every `train.keep_every` steps (in
`<run>/train/kept/`), e.g. `python -m benchmarks.run ...
--config.train.keep_every=20000`; the manager's newest checkpoints (in
`train/checkpoints/`) are scored too. Each is restored into the run's model
and scored with the run's own evaluator and seed (`benchmarks.evaluation`,
what `benchmarks.run` scores at the end), so the curve's last point is the
run's row. Each (step, metric) becomes a row of config `<name> (kept
checkpoint)` and suite `checkpoint_curve`: it never counts as the run's own
result in the scoreboard. Steps already in `--results` for this run are
skipped, so a killed scoring resumes, and a run resumed to more steps is
scored for its new checkpoints only.

Flags: `--run` (required), `--results` (required), `--plot` (a PNG of each
metric against steps), `--name` (the config's name; default: the run
folder's parent, `pacgan2_grid25_simultaneous` for
`pacgan2_grid25:simultaneous`), `--from_step`.
"""

import json
import os
import re
import time

from absl import app, flags

FLAGS = flags.FLAGS
SUITE = "checkpoint_curve"
_STEP = re.compile(r"ckpt-(\d+)\.index$")


def define_flags():
    """The binary's flags (defined on start, so importing defines none)."""
    flags.DEFINE_string("run", None, "A run folder, <workdir>/<config>/seed_<k>.")
    flags.DEFINE_string("results", None, "JSON-lines file to append rows to.")
    flags.DEFINE_string("plot", None, "PNG of each metric against steps.")
    flags.DEFINE_string("name", None, "The config's name (default: from --run).")
    flags.DEFINE_integer("from_step", 0, "Score checkpoints from this step on.")
    flags.mark_flags_as_required(["run", "results"])


def checkpoints_by_step(run_dir):
    """{step: checkpoint prefix} of the kept and the manager's checkpoints."""
    from ganzoo.training import checkpoints

    found = {}
    train = os.path.join(run_dir, "train")
    for folder in (
        os.path.join(train, "checkpoints"),
        os.path.join(train, checkpoints.KEPT_DIR),
    ):
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
            match = _STEP.match(name)
            if match:
                found[int(match.group(1))] = os.path.join(
                    folder, name[: -len(".index")]
                )
    return dict(sorted(found.items()))


def run_name(run_dir, name=None):
    """`name`, or the run folder's parent (the config's name, `:` as `_`)."""
    return name or os.path.basename(os.path.dirname(os.path.abspath(run_dir)))


def curve_name(name):
    return f"{name} (kept checkpoint)"


def curve_rows(results_path, name, seed):
    """The rows of `name`'s seed in `results_path` that this binary wrote."""
    if not os.path.isfile(results_path):
        return []
    with open(results_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [
        r
        for r in rows
        if r.get("suite") == SUITE
        and r["config"] == curve_name(name)
        and r["seed"] == seed
    ]


def score_checkpoints(run_dir, results_path, name=None, from_step=0):
    """Scores `run_dir`'s unscored checkpoints from `from_step` on; appends rows.

    Returns:
        The rows written.
    """
    from benchmarks import evaluation, restore, runner

    config, gan, checkpoint, step = restore.build_run(run_dir)
    name = run_name(run_dir, name)
    seed = config.train.seed
    done = {r["steps"] for r in curve_rows(results_path, name, seed)}
    written = []
    for at, path in checkpoints_by_step(run_dir).items():
        if at < from_step or at in done:
            continue
        restore.load(checkpoint, path)
        start = time.time()
        scores = evaluation.evaluate_config(gan, config, seed=seed)
        seconds = round(time.time() - start, 1)
        config.train.steps = int(step.numpy())  # The row's `steps`.
        spec = runner.RunSpec(config, curve_name(name), seed, suite=SUITE)
        rows = [
            runner.result_row(
                spec,
                metric=m,
                value=v,
                status="ok",
                eval_seconds=seconds,
                checkpoint=path,
            )
            for m, v in scores.items()
        ]
        runner.append_rows(results_path, rows)  # Each checkpoint as it is scored.
        print(f"step {at}: " + ", ".join(f"{m}={v:.4g}" for m, v in scores.items()))
        written += rows
    return written


def plot_curve(results_path, name, seed, path):
    """Each metric of the run's curve rows against steps, one panel each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = {}
    for r in curve_rows(results_path, name, seed):
        curves.setdefault(r["metric"], {})[r["steps"]] = r["value"]
    figure, axes = plt.subplots(
        1, len(curves), figsize=(3.2 * len(curves), 2.8), squeeze=False
    )
    for axis, (metric, points) in zip(axes[0], sorted(curves.items()), strict=True):
        steps = sorted(points)
        axis.plot(steps, [points[s] for s in steps], marker="o")
        axis.set_title(metric, fontsize=9)
        axis.set_xlabel("steps")
    figure.suptitle(f"{name}, seed {seed}", fontsize=10)
    figure.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    rows = score_checkpoints(FLAGS.run, FLAGS.results, FLAGS.name, FLAGS.from_step)
    print(f"Appended {len(rows)} rows to {FLAGS.results}")
    if FLAGS.plot:
        with open(
            os.path.join(FLAGS.run, "train", "config.json"), encoding="utf-8"
        ) as f:
            seed = json.load(f)["train"]["seed"]
        plot_curve(FLAGS.results, run_name(FLAGS.run, FLAGS.name), seed, FLAGS.plot)
        print("Wrote", FLAGS.plot)


if __name__ == "__main__":
    define_flags()
    app.run(main)
