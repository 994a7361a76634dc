"""Loss curves from a run's TensorBoard scalars: `plot_losses(...)`.

Not a binary: `benchmarks/runner.py` calls it after training. Reads the
`tf.summary.scalar` events that `ganzoo.training.train` writes to
`<workdir>/tensorboard/scalars` (stored as tensors in TF2 event files) with
TensorBoard's `EventAccumulator`, and draws them with matplotlib.
"""

import os

import matplotlib

matplotlib.use("Agg")  # Files only; no display on benchmark machines.

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402

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
