"""SGAN's test error against the epoch, for one or more runs, as a PNG and JSON.

    python -m benchmarks.sgan_curve --run=sgan=/tmp/runs/sgan/sgan_mnist/seed_0 \
        --run=supervised=/tmp/runs/sgan/sgan_mnist_supervised/seed_0 \
        --out=benchmarks/plots/sgan_mnist_error_curve.png

A curve an earlier plot kept: `--run="before=benchmarks/plots/
sgan_mnist_error_curve.png.json#sgan"`; `--max_epoch=50` draws the first 50.

Reads the `test_error` (D's averaged parameters, Salimans et al.'s protocol)
and `test_error_raw` scalars that `ganzoo.models.sgan.evaluation.
TestErrorMonitor` logs at every chunk of `ganzoo.training.train` (one per
epoch with `zoo_configs/sgan_mnist.py`), and draws them on a log scale with
the paper's 0.93% beside them. The points go to `<out>.json` as well.
"""

import json
import os

from absl import app, flags

from benchmarks import plots

PAPER_ERROR = 0.0093  # Salimans et al. 2016, Table 1: 93 +- 6.5 of 10,000.
TAGS = ("test_error", "test_error_raw")


def _scalars_dir(run):
    # A benchmark run folder holds the training workdir in `train/`.
    for candidate in (run, os.path.join(run, "train")):
        path = os.path.join(candidate, "tensorboard", "scalars")
        if os.path.isdir(path):
            return path
    raise FileNotFoundError(
        f"Received: `run={run!r}`; expected a training workdir (or a benchmark "
        "run folder with `train/`) holding tensorboard/scalars."
    )


def read_curves(run, steps_per_epoch=600):
    """`{tag: {"epoch": [...], "error": [...]}}` of one run's logged test errors.

    Args:
        run: the training workdir, or the benchmark run folder above it.
        steps_per_epoch: steps of one pass over the data (MNIST at batch
            100: 600).
    """
    scalars = plots.read_scalars(_scalars_dir(run))
    return {
        tag: {
            "epoch": (scalars[tag][0] / steps_per_epoch).tolist(),
            "error": scalars[tag][1].tolist(),
        }
        for tag in TAGS
        if tag in scalars
    }


def _curves(source, steps_per_epoch, max_epoch=None):
    # A run folder, or `<png>.json#label`: curves an earlier plot kept (runs
    # whose workdirs are gone, e.g. the 300-epoch run before issue 40's fixes).
    path, sep, label = source.partition("#")
    if sep:
        with open(path, encoding="utf-8") as f:
            curves = json.load(f)[label]
    else:
        curves = read_curves(source, steps_per_epoch)
    if max_epoch is None:
        return curves
    return {
        tag: {
            key: [v for v, e in zip(values, c["epoch"], strict=True) if e <= max_epoch]
            for key, values in c.items()
        }
        for tag, c in curves.items()
    }


def plot_error_curves(
    runs, path, steps_per_epoch=600, paper=PAPER_ERROR, max_epoch=None
):
    """Draws the test error of each run against the epoch into `path`.

    Args:
        runs: `{label: source}`: a run folder, or `<png>.json#label` (the
            curve `label` of an earlier plot's JSON).
        path: the `.png` to write; the curves also go to `path + ".json"`.
        steps_per_epoch: steps of one pass over the data.
        paper: the paper's test error, drawn as a line (None: none).
        max_epoch: draw epochs up to this one only (None: all).

    Returns:
        `path`.
    """
    curves = {
        label: _curves(source, steps_per_epoch, max_epoch)
        for label, source in runs.items()
    }
    figure, axis = plots.plt.subplots(figsize=(6, 3.6), dpi=80)
    for label, tags in curves.items():
        for tag, curve in tags.items():
            raw = tag.endswith("_raw")
            name = f"{label} ({'trained D' if raw else 'averaged D'})"
            axis.plot(curve["epoch"], curve["error"], ":" if raw else "-", label=name)
    if paper is not None:
        axis.axhline(paper, color="grey", lw=0.8, label=f"paper {paper:.2%}")
    axis.set_yscale("log")
    axis.set_xlabel("epoch")
    axis.set_ylabel("test error (10,000 digits)")
    axis.legend(fontsize="small")
    axis.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path)
    plots.plt.close(figure)
    with open(f"{path}.json", "w", encoding="utf-8") as f:
        json.dump(curves, f, indent=1)
    return path


def _define_flags():
    # Defined only when run as a script: `--run`/`--out` are also flags of
    # other benchmark binaries (benchmarks.publish), and absl refuses a flag
    # defined twice in one process (tests import both modules).
    run = flags.DEFINE_multi_string(
        "run", None, "label=folder of a run (its training workdir or benchmark folder)"
    )
    out = flags.DEFINE_string("out", None, "the PNG to write")
    steps = flags.DEFINE_integer("steps_per_epoch", 600, "steps per epoch")
    max_epoch = flags.DEFINE_integer("max_epoch", None, "draw epochs up to this one")
    return run, out, steps, max_epoch


def main(argv, run_flag, out_flag, steps_flag, max_epoch_flag):
    del argv
    if not run_flag.value or not out_flag.value:
        raise app.UsageError("Received: no `--run` or `--out`; expected both.")
    runs = {}
    for item in run_flag.value:
        label, sep, folder = item.partition("=")
        if not sep:
            raise app.UsageError(
                f"Received: `--run={item}`; expected label=folder, e.g. sgan=/tmp/r."
            )
        runs[label] = folder
    print(
        plot_error_curves(
            runs, out_flag.value, steps_flag.value, max_epoch=max_epoch_flag.value
        )
    )


if __name__ == "__main__":
    _flags = _define_flags()
    app.run(lambda argv: main(argv, *_flags))
