"""Is a run's state healthy? Bounds on weights, saved state and losses.

A checkpoint is "good" only if every variable it holds is finite and within
these bounds (`state_problem`); `ganzoo.training.checkpoints` falls back to
the newest good one, and the training loop refuses to save a bad one.
"""

import keras
import numpy as np
import tensorflow as tf

# Trained GAN weights are O(1); a weight beyond this has exploded (float32
# overflows a few layers later), so a checkpoint holding one is not "good".
MAX_ABS_WEIGHT = 1e6
# The rest of the state (batch-norm moving statistics, optimizer slots,
# averages) holds squares of activations and gradients. Healthy runs measured
# here stay below 30 (dcgan_mnist:smoke 200 steps: 2.8; sgan_mnist 6,000
# steps: 24.4); the diverged run (D on SGD at 3.0) saved variances of
# 1e19 and Adam slots of 2.6e20, and with a bound of 1e12 its "good"
# checkpoints still held moving variances of 1.4e10-8e11.
MAX_ABS_STATE = 1e8
# Second-moment slots (Adam's and RMSprop's `velocity`, AMSGrad's
# `velocity_hat`) hold squared gradients: their square root is held to
# MAX_ABS_STATE. A flow trained by likelihood (losses in the thousands of
# nats) had Adam velocities of 5.6e8 at step 5, healthy; the issue's
# exploded slots (2.6e20) are still far beyond (1e16).
_SQUARED_SLOTS = ("velocity",)
# A loss this large is far outside the range of every objective of the zoo
# (a WGAN critic's drifting offset stays orders of magnitude below it).
MAX_ABS_LOSS = 1e8
# Hyperparameters, not state a step computes: a learning rate may be any
# size, and a float16 loss scale grows while gradients stay finite.
_NOT_CHECKED = ("learning_rate", "loss_scale", "dynamic_scale")


def weights_problem(gan, max_abs_weight=MAX_ABS_WEIGHT):
    """Says what is wrong with `gan`'s trainable weights, or returns None.

    Only the trainable weights; `state_problem` checks all a checkpoint holds.

    Args:
        gan: a `ganzoo.GAN` (or any `keras.Model`).
        max_abs_weight: the largest magnitude a good weight may have.

    Returns:
        None when every trainable weight is finite and at most
        `max_abs_weight` in magnitude; else a sentence naming the first bad
        variable and its largest magnitude.
    """
    for variable in gan.trainable_variables:
        value = np.asarray(keras.ops.convert_to_numpy(variable), np.float64)
        if not np.isfinite(value).all():
            return f"weight `{variable.path}` is not finite"
        largest = float(np.abs(value).max(initial=0.0))
        if largest > max_abs_weight:
            return (
                f"weight `{variable.path}` reached |w|={largest:.3g}, above "
                f"the bound {max_abs_weight:g} of a good checkpoint"
            )
    return None


def _float_variables(trackable):
    seen = set()
    for node in tf.train.TrackableView(trackable).descendants():
        if isinstance(node, (tf.Variable, keras.Variable)) and id(node) not in seen:
            seen.add(id(node))
            name = getattr(node, "path", None) or node.name
            if not any(part in name for part in _NOT_CHECKED):
                yield name, node


def state_problem(
    trackable, max_abs_weight=MAX_ABS_WEIGHT, max_abs_state=MAX_ABS_STATE
):
    """Says what is wrong with any saved variable of `trackable`, or None.

    Every floating-point variable a checkpoint of `trackable` would hold is
    checked: trainable weights against `max_abs_weight`, and the rest
    (batch-norm moving statistics, optimizer slots, weight averages, image
    pools) against `max_abs_state`, second-moment slots (squared gradients)
    against its square. Learning rates and a float16 loss scale
    are settings, not state, and are left out.

    Args:
        trackable: a `tf.train.Checkpoint` (`make_checkpoint`) or a model.
        max_abs_weight: the largest magnitude a good trainable weight has.
        max_abs_state: the largest magnitude of any other good variable.

    Returns:
        None when every variable is finite and within its bound; else a
        sentence naming the first bad variable and its largest magnitude.

    Example:

    ```python
    problem = state_problem(make_checkpoint(gan, step))
    ```
    """
    for name, variable in _float_variables(trackable):
        value = np.asarray(keras.ops.convert_to_numpy(variable))
        if value.dtype.kind != "f":
            continue
        value = value.astype(np.float64)
        kind = "weight" if variable.trainable else "variable"
        if not np.isfinite(value).all():
            return f"{kind} `{name}` is not finite"
        bound = max_abs_weight if variable.trainable else max_abs_state
        if not variable.trainable and any(k in name for k in _SQUARED_SLOTS):
            bound = max_abs_state**2
        largest = float(np.abs(value).max(initial=0.0))
        if largest > bound:
            sign = "w" if variable.trainable else "v"
            return (
                f"{kind} `{name}` reached |{sign}|={largest:.3g}, above "
                f"the bound {bound:g} of a good checkpoint"
            )
    return None


def losses_problem(logs, max_abs_loss=None):
    """Says which loss of `logs` is far beyond any objective's range, or None.

    Args:
        logs: the metrics of a chunk of training, `{name: value}`.
        max_abs_loss: the largest magnitude a loss of a healthy run has;
            default `MAX_ABS_LOSS`.
    """
    max_abs_loss = MAX_ABS_LOSS if max_abs_loss is None else max_abs_loss
    for name, value in (logs or {}).items():
        if "loss" in name and abs(float(value)) > max_abs_loss:
            return (
                f"`{name}={float(value):.3g}` is far beyond the range of a "
                f"training loss (|loss| <= {max_abs_loss:g})"
            )
    return None
