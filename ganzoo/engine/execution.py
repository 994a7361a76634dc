"""The execution path of a training step, graph or XLA, chosen by measurement.

    python -m benchmarks.throughput --write_paths   # refreshes the measurements

On a CPU neither path wins everywhere. XLA fuses the many small ops of an
MLP game (wgan_gp on ring8: 21.0 steps/s against 6.1 in graph mode, 3.4x)
but runs convolutions without oneDNN (dcgan on MNIST: 6.4 against 16-18).
Keras's own `jit_compile="auto"` is XLA on GPUs and TPUs only, so on a CPU
it takes the slow path for every mixture entry. `GAN.compile(jit_compile=
"auto")` therefore looks its entry up in `ganzoo.engine.measured_paths.MEASURED`,
the steps/s of both paths measured by `benchmarks/throughput.py` per device
kind and sample kind (images, 2D points), and takes the faster one.

Why a table and not a timed probe at the start of each run: a probe costs an
XLA compile (10-30 s on 2 cores) in every run, test and `compile()` (which
has no batch to time), and on a shared machine its answer changes from one
run to the next (the same script ran at 11.8 or 16-18 steps/s here), so the
path, and with it the last bits of the results, would not be reproducible.
The table is measured interleaved, several processes per path, and
reviewed in git. GPUs and TPUs keep Keras's default, "auto": nothing was
measured on them (no TensorFlow on the accelerator machine here).
"""

import dataclasses

import tensorflow as tf

from ganzoo.engine import measured_paths


@dataclasses.dataclass(frozen=True)
class PathChoice:
    """A `jit_compile` value and the reason it was chosen (for the log)."""

    jit_compile: object
    reason: str


def device_kind():
    """`"tpu"`, `"gpu"` or `"cpu"`: the kind of device the step runs on."""
    kinds = {d.device_type for d in tf.config.list_logical_devices()}
    if "TPU" in kinds:
        return "tpu"
    return "gpu" if "GPU" in kinds else "cpu"


def sample_kind(sample_shape):
    """`"images"` for `(H, W, C)` samples, `"points"` for `(d,)`, else `"other"`."""
    rank = None if sample_shape is None else len(tuple(sample_shape))
    return {3: "images", 1: "points"}.get(rank, "other")


def path_key(entry, sample_shape):
    """The key of a measurement in the table, e.g. `"wgan_gp/points"`."""
    return f"{entry}/{sample_kind(sample_shape)}"


def choose_jit_compile(entry, sample_shape, device=None, table=None):
    """Chooses `jit_compile` for an entry's train step: the faster measured path.

    Args:
        entry: the zoo entry's name (None for a model without one).
        sample_shape: the shape of one sample (`gan.image_shape`).
        device: the device kind; default `device_kind()`.
        table: `{device: {key: {"graph": steps/s, "xla": steps/s, ...}}}`;
            default `ganzoo.engine.measured_paths.MEASURED`.

    Returns:
        A `PathChoice`: `True` (XLA) or `False` (graph) on a CPU, `"auto"`
        (Keras's rule) on GPUs and TPUs.
    """
    device = device or device_kind()
    if device != "cpu":
        return PathChoice("auto", f"{device}: Keras's default (XLA on GPU/TPU)")
    table = measured_paths.MEASURED if table is None else table
    key = path_key(entry, sample_shape)
    row = table.get(device, {}).get(key)
    if row is None:
        return PathChoice(
            False,
            f"{key} on {device}: not measured (ganzoo/engine/measured_paths.py), so "
            "graph, Keras's CPU default",
        )
    xla = row["xla"] > row["graph"]
    return PathChoice(
        xla,
        f"{key} on {device}: {'XLA' if xla else 'graph'}, measured "
        f"{row['xla']:.1f} steps/s with XLA and {row['graph']:.1f} in graph "
        f"mode ({row.get('source', 'benchmarks/throughput.py')})",
    )
