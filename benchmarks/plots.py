"""Plots of benchmark runs: loss curves, and mixture samples over the true modes.

    python -m benchmarks.plots --workdir=/tmp/runs/pacgan --dataset=ring8 --out=/tmp/ring8_modes.png

`benchmarks/runner.py` calls `plot_losses` after training (from the
`tf.summary.scalar` events that `ganzoo.training.train` writes to
`<workdir>/tensorboard/scalars`, read with TensorBoard's
`EventAccumulator`) and, on a 2D mixture, saves the final samples
(`points.npy`) and draws them over the modes (`plot_modes`). Run as a
binary, this file draws one panel per run of a dataset at one seed
(`plot_mode_grid`): every entry's final samples over the same true modes.
"""  # noqa: E501

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import glob
import math
import os

import matplotlib

matplotlib.use("Agg")  # Files only; no display on benchmark machines.

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from absl import app, flags  # noqa: E402
from PIL import Image  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402

from ganzoo import data as data_lib  # noqa: E402
from ganzoo.metrics import modes as modes_lib  # noqa: E402

# Logged scalars that are not losses (throughput) stay off the plot.
SKIPPED_TAGS = ("steps_per_second",)


def read_scalars(logdir):
    """Returns `{tag: (steps, values)}` for every scalar logged in `logdir`.

    Args:
        logdir: a folder of TensorBoard event files.

    Returns:
        A dict of tag -> pair of NumPy arrays, sorted by step (the last
        value wins when a resumed run logged a step twice); empty when
        `logdir` does not exist.
    """
    if not os.path.isdir(logdir):
        return {}
    accumulator = event_accumulator.EventAccumulator(
        logdir,
        size_guidance={event_accumulator.TENSORS: 0, event_accumulator.SCALARS: 0},
    )
    accumulator.Reload()
    tags = accumulator.Tags()
    series = {}
    for tag in tags.get("tensors", []):
        points = {
            e.step: float(tf.make_ndarray(e.tensor_proto))
            for e in accumulator.Tensors(tag)
        }
        series[tag] = points
    for tag in tags.get("scalars", []):
        series[tag] = {e.step: e.value for e in accumulator.Scalars(tag)}
    return {
        tag: (np.array(sorted(points)), np.array([points[s] for s in sorted(points)]))
        for tag, points in series.items()
    }


def plot_losses(logdir, path, title=None):
    """Draws every logged loss of a run against the step into a PNG.

    Args:
        logdir: the run's `tensorboard/scalars` folder.
        path: the `.png` to write.
        title: optional figure title.

    Returns:
        `path`, or None when `logdir` holds no scalars (nothing is written).

    Example:

    ```python
    plot_losses("/tmp/run/train/tensorboard/scalars", "/tmp/run/losses.png")
    ```
    """
    series = {k: v for k, v in read_scalars(logdir).items() if k not in SKIPPED_TAGS}
    if not series:
        return None
    figure, axis = plt.subplots(figsize=(5, 3), dpi=80)
    for tag, (steps, values) in sorted(series.items()):
        axis.plot(steps, values, label=tag, marker="." if len(steps) < 20 else None)
    axis.set_xlabel("step")
    axis.set_ylabel("loss (mean over each logged chunk)")
    axis.legend(fontsize="small")
    if title:
        axis.set_title(title, fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def compact_copy(source, path, colors=64):
    """Copies a PNG as a small palette PNG (for plots kept in the repository).

    Matplotlib's RGBA figures hold few colours; a 64-colour palette keeps
    them legible at about a third of the size. Grey image grids are only
    re-encoded.

    Args:
        source: the PNG to copy.
        path: the PNG to write.
        colors: palette size for colour images.
    """
    with Image.open(source) as image:
        if image.mode in ("RGB", "RGBA"):
            image = image.convert("RGB").quantize(colors=colors)
        image.save(path, optimize=True)
    return path


def _draw_modes(axis, points, mixture, title=None):
    # The high-quality region of each mode (3 std, the PacGAN rule) as a
    # circle, the samples over it, and one frame for every panel.
    for mean in mixture.means:
        radius = modes_lib.HIGH_QUALITY_STDS * mixture.std
        axis.add_patch(plt.Circle(mean, radius, color="red", fill=False, lw=0.8))
    axis.scatter(points[:, 0], points[:, 1], s=2, alpha=0.3, c="black", lw=0)
    axis.scatter(*mixture.means.T, s=12, c="red", marker="x", lw=0.8)
    limit = 1.25 * np.abs(mixture.means).max() + 0.25
    axis.set_xlim(-limit, limit)
    axis.set_ylim(-limit, limit)
    axis.set_aspect("equal")
    axis.tick_params(labelsize="x-small")
    if title:
        axis.set_title(title, fontsize="x-small")


def _score_title(label, points, mixture):
    scores = modes_lib.mixture_mode_coverage(points, mixture)
    return (
        f"{label}\n{scores['modes_captured']:.0f}/{mixture.num_modes} modes, "
        f"{100 * scores['high_quality_fraction']:.1f}% HQ"
    )


def plot_modes(points, mixture, path, title=None):
    """Draws 2D samples over a mixture's modes and their 3-std circles.

    Args:
        points: `(n, 2)` samples (the run's 2,500 scored ones).
        mixture: a `ganzoo.data.Mixture` or its name.
        path: the `.png` to write.
        title: a label; the modes captured and high-quality share follow it.

    Returns:
        `path`.
    """
    mixture = data_lib.get_mixture(mixture) if isinstance(mixture, str) else mixture
    points = np.asarray(points)
    figure, axis = plt.subplots(figsize=(3.2, 3.2), dpi=100)
    _draw_modes(axis, points, mixture, _score_title(title or "", points, mixture))
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def plot_mode_grid(panels, mixture, path, columns=4):
    """One panel per run: final samples over the same true modes.

    Args:
        panels: `[(label, points), ...]`, e.g. one per entry at seed 0.
        mixture: a `ganzoo.data.Mixture` or its name.
        path: the `.png` to write.
        columns: panels per row.

    Returns:
        `path`, or None when `panels` is empty (nothing is written).
    """
    if not panels:
        return None
    mixture = data_lib.get_mixture(mixture) if isinstance(mixture, str) else mixture
    rows = math.ceil(len(panels) / columns)
    columns = min(columns, len(panels))
    figure, axes = plt.subplots(
        rows, columns, figsize=(2.6 * columns, 2.6 * rows), dpi=100, squeeze=False
    )
    for axis in axes.ravel()[len(panels) :]:
        axis.set_axis_off()
    for axis, (label, points) in zip(axes.ravel(), panels, strict=False):
        points = np.asarray(points)
        _draw_modes(axis, points, mixture, _score_title(label, points, mixture))
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def collect_points(workdir, dataset, seed=0):
    """`[(run name, points)]` of the runs under `workdir` on `dataset`.

    Reads `<workdir>/<config name>/seed_<seed>/points.npy` (written by the
    runner) of every config whose name ends in `_<dataset>`, sorted by name.
    """
    pattern = os.path.join(workdir, f"*_{dataset}", f"seed_{seed}", "points.npy")
    return [
        (path.split(os.sep)[-3][: -len(dataset) - 1], np.load(path))
        for path in sorted(glob.glob(pattern))
    ]


def main(argv, workdir, dataset, seed, out):
    del argv
    panels = collect_points(workdir.value, dataset.value, seed.value)
    if not plot_mode_grid(panels, dataset.value, out.value):
        raise app.UsageError(
            f"Received: `--workdir={workdir.value}`; expected runs "
            f"`*_{dataset.value}/seed_{seed.value}/points.npy` in it."
        )
    print(f"{len(panels)} runs -> {out.value}")


if __name__ == "__main__":
    # Defined here only: the runner imports this module beside `run`'s flags.
    _flags = (
        flags.DEFINE_string("workdir", None, "The runs' root (--workdir of run)."),
        flags.DEFINE_string("dataset", "ring8", "A 2D mixture: ring8 or grid25."),
        flags.DEFINE_integer("seed", 0, "The seed whose runs are drawn."),
        flags.DEFINE_string("out", None, "The PNG to write."),
    )
    flags.mark_flags_as_required(["workdir", "out"])
    app.run(lambda argv: main(argv, *_flags))
