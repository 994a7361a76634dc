"""Checks of a training config, a workdir and the first batch, with clear errors.

Run once by `ganzoo.training.train` before anything is built, so that a bad
value fails in a second, not after a compile. Every later batch is checked
inside the compiled step (`ganzoo.objectives.input_checks`).
"""

import copy
import os

import keras
import numpy as np
import tensorflow as tf

from ganzoo.training import distribute, precision

ON_DIVERGENCE = ("stop", "rollback")
# Images a model expects in [-1, 1]; a little slack for resampling overshoot.
_RANGE_SLACK = 1e-3
# Below 0.01 a few rollbacks take a learning rate to 0 (1e-4 * 1e-40 is 0.0
# in float32); at 1 a rollback would replay the divergence it undoes.
ROLLBACK_LR_FACTORS = (0.01, 1.0)


def check_train_config(train_cfg):
    """Checks `config.train`; returns the parsed `jit_compile`.

    Args:
        train_cfg: the `train` part of a config made by
            `ganzoo.training.config` (all its fields present: see
            `with_defaults`).
    """
    log_every = train_cfg.log_every
    if not isinstance(log_every, int) or log_every <= 0:
        raise ValueError(
            f"Received: `train.log_every={log_every!r}`; expected a positive int."
        )
    for name in ("steps", "checkpoint_every", "sample_every"):
        value = train_cfg[name]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(
                f"Received: `train.{name}={value!r}`; expected a positive int "
                f"(a multiple of `train.log_every={log_every}`)."
            )
        if value % log_every:
            raise ValueError(
                f"Received: `train.{name}={value!r}`; expected a multiple of "
                f"`train.log_every={log_every}`."
            )
    keep_every = train_cfg.keep_every
    if (
        isinstance(keep_every, bool)
        or not isinstance(keep_every, int)
        or keep_every < 0
        or keep_every % log_every
    ):
        raise ValueError(
            f"Received: `train.keep_every={keep_every!r}`; expected 0 (keep "
            f"none) or a positive multiple of `train.log_every={log_every}`."
        )
    distribute.check_name(train_cfg.distribute)
    precision.check_policy(train_cfg.mixed_precision)
    on_divergence = train_cfg.on_divergence
    if on_divergence not in ON_DIVERGENCE:
        raise ValueError(
            f"Received: `train.on_divergence={on_divergence!r}`; expected one of "
            f"{list(ON_DIVERGENCE)}."
        )
    factor = train_cfg.rollback_lr_factor
    low, high = ROLLBACK_LR_FACTORS
    if (
        isinstance(factor, bool)
        or not isinstance(factor, (int, float))
        or not (low <= factor < high)
    ):
        raise ValueError(
            f"Received: `train.rollback_lr_factor={factor!r}`; expected a number "
            f"in [{low:g}, {high:g}), the multiplier of the learning rates at "
            "each rollback."
        )
    retries = train_cfg.max_rollbacks
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ValueError(
            f"Received: `train.max_rollbacks={retries!r}`; expected an int >= 0."
        )
    # Strings ("True") pass too, for configs that typed the field `str`.
    text = str(train_cfg.jit_compile).lower()
    if text not in ("auto", "true", "false"):
        raise ValueError(
            f"Received: `train.jit_compile={train_cfg.jit_compile!r}`; "
            'expected "auto", True or False.'
        )
    return "auto" if text == "auto" else text == "true"


def check_workdir(workdir):
    """Raises unless `workdir` is a folder or can be created as one."""
    path = os.path.abspath(workdir)
    while path and not os.path.exists(path):
        path = os.path.dirname(path)  # The nearest part that exists.
    if not os.path.isdir(path):
        raise ValueError(
            f"Received: `workdir={os.fspath(workdir)!r}`, but {path!r} is a file; "
            "expected a folder (new, or of the run to resume)."
        )


def check_optimizers(optimizer_cfg):
    """Raises for an optimizer override Keras would refuse with a traceback.

    Args:
        optimizer_cfg: `config.optimizer`, whose `d` and `g` are None, a name
            or a `{"class_name": ..., "config": {...}}` identifier.
    """
    for name in ("d", "g"):
        identifier = (optimizer_cfg or {}).get(name)
        if hasattr(identifier, "get"):
            rate = (identifier.get("config") or {}).get("learning_rate")
            if type(rate) is int:  # Not bool, not float.
                raise ValueError(
                    f"Received: `optimizer.{name}.config.learning_rate={rate!r}`, "
                    f"an int; expected a float, e.g. {float(rate)!r} (Keras "
                    "refuses integer learning rates)."
                )
        _check_optimizer_identifier(name, identifier)


def optimizer_names():
    """The Keras optimizers a config may name, e.g. `["Adafactor", "Adam", ...]`."""
    return sorted(
        name
        for name, value in vars(keras.optimizers).items()
        if isinstance(value, type)
        and issubclass(value, keras.optimizers.Optimizer)
        and name not in ("Optimizer", "LossScaleOptimizer")
    )


def _check_optimizer_identifier(name, identifier):
    if identifier is None:
        return
    plain = identifier.to_dict() if hasattr(identifier, "to_dict") else identifier
    try:
        keras.optimizers.get(copy.deepcopy(plain))
    except (ValueError, TypeError) as error:
        class_name = plain.get("class_name") if hasattr(plain, "get") else plain
        known = [n.lower() for n in optimizer_names()]
        if str(class_name).lower() not in known:
            received = f"optimizer.{name}.class_name={class_name!r}"
            if not hasattr(plain, "get"):
                received = f"optimizer.{name}={class_name!r}"
            raise ValueError(
                f"Received: `{received}`; expected a Keras optimizer, one of "
                f"{optimizer_names()}."
            ) from None
        first = " ".join(str(error).split())[:300]
        raise ValueError(
            f"Received: `optimizer.{name}={plain!r}`, which Keras cannot build "
            f"({type(error).__name__}: {first}); expected a `class_name` and the "
            "arguments of its constructor in `config`."
        ) from None


def check_batch_size(batch_size, num_replicas, num_examples=None):
    """Raises unless `batch_size` fits the data and splits over the replicas.

    Args:
        batch_size: the global batch size, `config.data.batch_size`.
        num_replicas: the strategy's `num_replicas_in_sync`.
        num_examples: the dataset's size when the config limits it (`take`
            or `num_examples`); training repeats the data, so a larger batch
            would hold the same examples twice.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        raise ValueError(
            f"Received: `data.batch_size={batch_size!r}`; expected a positive int."
        )
    if batch_size <= 0 or batch_size % num_replicas:
        raise ValueError(
            f"Received: `data.batch_size={batch_size}` with {num_replicas} "
            "replica(s); expected a positive multiple of the number of replicas "
            "(it is the global batch, split evenly across them)."
        )
    if num_examples is not None and batch_size > num_examples:
        raise ValueError(
            f"Received: `data.batch_size={batch_size}` for a dataset of "
            f"{num_examples} examples; expected at most {num_examples}, so that "
            "no batch holds an example twice."
        )


def check_first_batch(gan, batch):
    """Checks a batch's images and labels against what `gan` expects.

    Images (rank-4 tensors) must be finite floating point in [-1, 1], the
    range of the generators' tanh output: uint8 images or floats in [0, 255]
    would train a GAN whose fakes can never look real, and one NaN pixel makes
    every weight NaN. Integer vectors are labels, and must lie in
    `[0, gan.num_classes)` for a conditional model.

    Args:
        gan: the `ganzoo.GAN` about to be trained.
        batch: one element of the training dataset.

    Example:

    ```python
    check_first_batch(gan, next(iter(dataset)))
    ```
    """
    for tensor in tf.nest.flatten(batch):
        array = np.asarray(tensor)
        if array.ndim == 4:
            _check_images(array)
        elif (
            array.ndim == 1 and array.dtype.kind in "iu" and hasattr(gan, "num_classes")
        ):
            bad = array[(array < 0) | (array >= gan.num_classes)]
            if bad.size:
                raise ValueError(
                    f"Received: a batch with label {bad[0]}; expected labels in "
                    f"[0, {gan.num_classes}) (`num_classes={gan.num_classes}`)."
                )


def _check_images(array):
    if array.dtype.kind in "iub":
        raise ValueError(
            f"Received: images of `dtype={array.dtype}`; expected float images "
            "in [-1, 1] (scale uint8 pixels with `x / 127.5 - 1`; "
            "`ganzoo.data.load` does this)."
        )
    finite = np.isfinite(array)
    if not finite.all():
        raise ValueError(
            f"Received: images with {int((~finite).sum())} NaN or infinite "
            f"values (the first: {array[~finite].flat[0]}); expected finite "
            "values in [-1, 1]."
        )
    low, high = float(array.min()), float(array.max())
    if low < -1 - _RANGE_SLACK or high > 1 + _RANGE_SLACK:
        raise ValueError(
            f"Received: images with values in [{low:g}, {high:g}]; expected "
            "values in [-1, 1], the generator's tanh range (for pixels in "
            "[0, 255] use `x / 127.5 - 1`)."
        )
