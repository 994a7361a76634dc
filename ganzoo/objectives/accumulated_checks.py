"""The input checks of several steps per call (`steps_per_execution > 1`).

Keras runs `steps_per_execution` steps in one call of its train function and
returns the last step's logs only, so the checks each step reports
(`ganzoo.objectives.input_checks`: a non-finite count, image and label
extremes) would judge one batch in N. `AccumulatedChecks` keeps every check
in a variable, combined over the steps of one call (a sum for the count, a
min or max for the extremes); the step reports the combined value, the host
judges it once per call, and the variables start afresh for the next call.
The cost: one scalar read-modify-write per check and step.

The NaN guard of `ganzoo.training` sees the logs once per call too; to name
the step that diverged, the step also reports `FIRST_NONFINITE`, the index
(1-based, within the call) of the first step whose logs were not finite, 0
if none (the logs are running means, so once non-finite they stay so).
"""

import math

import tensorflow as tf

from ganzoo.objectives.input_checks import PREFIX

# Check name -> how the values of several steps combine, and the start value.
COMBINE = {
    "nonfinite": (tf.add, 0.0),
    "image_min": (tf.minimum, math.inf),
    "image_max": (tf.maximum, -math.inf),
    "label_min": (tf.minimum, math.inf),
    "label_max": (tf.maximum, -math.inf),
    "label_fraction": (tf.maximum, -math.inf),
}
FIRST_NONFINITE = "first_nonfinite_step_in_call"


class AccumulatedChecks:
    """Check values combined over the steps of one train-function call.

    Args:
        strategy: the model's `tf.distribute` strategy; the variables are
            made in its scope (every replica holds the same, all-gathered
            values, so the first replica's are kept).

    Example:

    ```python
    checks = AccumulatedChecks(model.distribute_strategy)
    step = checks.accumulating(step_that_reports_checks)
    train_function = checks.resetting(train_function)
    ```
    """

    def __init__(self, strategy):
        self.first_nonfinite_step = 0
        with strategy.scope():
            self.variables = {
                name: tf.Variable(
                    start,
                    trainable=False,
                    dtype=tf.float32,
                    aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA,
                    name=f"input_check_{name}",
                )
                for name, (_, start) in COMBINE.items()
            }
            self.call_step, self.first_nonfinite = (
                tf.Variable(
                    0,
                    trainable=False,
                    dtype=tf.int32,
                    aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA,
                    name=name,
                )
                for name in ("call_step", "first_nonfinite")
            )

    def accumulating(self, train_step):
        """Wraps a step whose logs hold checks: they become this call's so far."""

        def train_step_with_accumulated_checks(data):
            logs = dict(train_step(data))
            step = self.call_step.assign_add(1)
            losses = [
                tf.cast(v, tf.float32)
                for k, v in logs.items()
                if not k.startswith(PREFIX)
            ]
            finite = tf.reduce_all(
                [tf.reduce_all(tf.math.is_finite(v)) for v in losses]
            )
            first = self.first_nonfinite
            first.assign(tf.where((first == 0) & tf.logical_not(finite), step, first))
            logs[FIRST_NONFINITE] = first.read_value()
            for key in [k for k in logs if k.startswith(PREFIX)]:
                name = key[len(PREFIX) :]
                combine, _ = COMBINE[name]
                variable = self.variables[name]
                reported = tf.cast(logs[key], tf.float32)  # (1,) in multi-worker.
                value = combine(variable, tf.reshape(reported, []))
                variable.assign(value)
                logs[key] = tf.reshape(value, tf.shape(reported))
            return logs

        return train_step_with_accumulated_checks

    def resetting(self, train_function):
        """Wraps a train function: the checks start afresh after each call.

        The index of the call's first non-finite step leaves the logs for
        `self.first_nonfinite_step` (0: none).
        """

        def train_function_with_fresh_checks(iterator):
            try:
                logs = dict(train_function(iterator))
                self.first_nonfinite_step = int(logs.pop(FIRST_NONFINITE, 0))
                return logs
            finally:
                for name, (_, start) in COMBINE.items():
                    self.variables[name].assign(start)
                self.call_step.assign(0)
                self.first_nonfinite.assign(0)

        return train_function_with_fresh_checks
