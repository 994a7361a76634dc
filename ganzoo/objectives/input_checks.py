"""Checks of every training batch inside the compiled step (graph and XLA).

A bad batch (a NaN pixel, images in [0, 255], a label 10 for 10 classes, a
label 3.5) trains silently: one NaN makes every weight NaN, a label out of
range reads past an embedding. `GAN.check_real_batch` and
`GAN.check_real_labels` call `check_images` / `check_labels` while the step is
traced; they add a few reductions over the batch (its min and max, a count
of non-finite values) to the step's outputs. XLA drops `tf.debugging`
asserts, so the verdict is taken on the host: `StepChecks.raising` wraps
`fit`'s train function, removes these values from the logs and raises a
`ValueError` naming the bad value and what is allowed. The step that saw a
bad batch has run when the error comes (`ganzoo.training.train` saves
nothing after it).
"""

import contextvars
import math

import numpy as np
import tensorflow as tf
from keras import ops

PREFIX = "input_check/"
# Images a model expects in [-1, 1]; a little slack for resampling overshoot.
RANGE_SLACK = 1e-3
_REPORT = contextvars.ContextVar("ganzoo_input_report", default=None)
_REDUCE = {"min": tf.reduce_min, "max": tf.reduce_max, "sum": tf.reduce_sum}


def check_images(images, in_unit_range=True):
    """Records, in the step being traced, whether `images` are finite and in range.

    Args:
        images: a float batch.
        in_unit_range: whether values must lie in [-1, 1] (images for a
            tanh generator); points of a 2D mixture need only be finite.
    """
    report = _REPORT.get()
    if report is None:  # Not inside `fit`'s step (e.g. a direct call).
        return
    x = ops.cast(images, "float32")
    finite = ops.isfinite(x)
    report.add("nonfinite", ops.sum(ops.cast(ops.logical_not(finite), "float32")))
    if in_unit_range:
        report.add("image_min", ops.min(ops.where(finite, x, math.inf)))
        report.add("image_max", ops.max(ops.where(finite, x, -math.inf)))


def check_labels(labels, num_classes):
    """Records, in the step being traced, whether labels are ints in `[0, K)`.

    Args:
        labels: a batch of class labels (ints, or floats that must be whole).
        num_classes: K.
    """
    report = _REPORT.get()
    if report is None:
        return
    report.num_classes = int(num_classes)
    x = ops.cast(labels, "float32")
    report.add("label_min", ops.min(x))
    report.add("label_max", ops.max(x))
    if not tf.as_dtype(labels.dtype).is_floating:
        return  # Float labels: each must be a whole number.
    whole = ops.equal(x, ops.floor(x))  # False for NaN too.
    report.add("label_fraction", ops.max(ops.where(whole, -math.inf, x)))


class _Report:
    def __init__(self):
        self.values, self.num_classes = {}, None

    def add(self, name, value):
        kind = "sum" if name == "nonfinite" else name.rsplit("_", 1)[-1]
        kind = "max" if kind == "fraction" else kind
        if name in self.values:  # Several image tensors (SGAN, CycleGAN).
            value = _REDUCE[kind](ops.stack([self.values[name][0], value]))
        self.values[name] = (value, kind)

    def reduced(self):
        """The values, reduced over replicas so every replica reports the same."""
        context = tf.distribute.get_replica_context()
        values = {}
        for name, (value, kind) in self.values.items():
            if context is not None and context.num_replicas_in_sync > 1:
                value = _REDUCE[kind](context.all_gather(value[None], axis=0))
            values[PREFIX + name] = value
        return values


class StepChecks:
    """Connects the checks of one traced train step to its host-side verdict.

    Example:

    ```python
    checks = StepChecks()
    step = checks.reporting(model.train_step)  # Give it to `fit`'s function...
    train_function = checks.raising(train_function)  # ...and wrap that.
    ```
    """

    def __init__(self):
        self.num_classes = None

    def reporting(self, train_step):
        """Wraps `train_step`: its logs gain the checks it recorded."""

        def train_step_with_input_checks(data):
            report = _Report()
            token = _REPORT.set(report)
            try:
                logs = train_step(data)
            finally:
                _REPORT.reset(token)
            self.num_classes = report.num_classes or self.num_classes
            checks = report.reduced()
            if getattr(train_step, "batched_logs", False):  # Multi-worker logs.
                checks = {k: ops.reshape(v, (1,)) for k, v in checks.items()}
            return {**logs, **checks}

        return train_step_with_input_checks

    def raising(self, train_function):
        """Wraps `fit`'s train function: raises on a bad batch, drops the checks."""

        def train_function_with_input_checks(iterator):
            logs = train_function(iterator)
            found = {}
            for name in [n for n in logs if n.startswith(PREFIX)]:
                found[name[len(PREFIX) :]] = logs.pop(name)
            if found:
                problem = describe(found, self.num_classes)
                if problem:
                    raise ValueError(problem)
            return logs

        return train_function_with_input_checks


def describe(found, num_classes=None):
    """The error message for the checked values `found`, or None if all is well.

    Args:
        found: a dict of check names (`nonfinite`, `image_min`, ...) to
            scalars (or `(1,)` arrays, as multi-worker logs are).
        num_classes: K of the labels, when labels were checked.
    """
    value = {k: float(np.asarray(v).reshape(-1)[0]) for k, v in found.items()}
    if value.get("nonfinite", 0) > 0:
        return (
            f"Received: a batch with {value['nonfinite']:.0f} NaN or infinite "
            "values in its images; expected finite values in [-1, 1] (check "
            "the data pipeline: one NaN makes every weight NaN)."
        )
    low, high = value.get("image_min", -1.0), value.get("image_max", 1.0)
    if low < -1 - RANGE_SLACK or high > 1 + RANGE_SLACK:
        return (
            f"Received: a batch of images with values in [{low:g}, {high:g}]; "
            "expected values in [-1, 1], the generator's tanh range (for "
            "pixels in [0, 255] use `x / 127.5 - 1`; `ganzoo.data.load` does)."
        )
    fraction = value.get("label_fraction", -math.inf)
    if fraction != -math.inf:
        return (
            f"Received: a batch with label {fraction:g}; expected whole-number "
            f"labels in [0, {num_classes}) (they would be truncated)."
        )
    low, high = value.get("label_min", 0.0), value.get("label_max", 0.0)
    if num_classes is not None and (low < 0 or high >= num_classes):
        bad = high if high >= num_classes else low
        return (
            f"Received: a batch with label {bad:g}; expected labels in "
            f"[0, {num_classes}) (`num_classes={num_classes}`)."
        )
    return None
