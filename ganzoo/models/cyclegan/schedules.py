"""CycleGAN's learning-rate schedule: constant, then linear decay to zero."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="ganzoo")
class LinearDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Constant learning rate, then linear decay to zero.

    Args:
        initial_learning_rate: rate until `decay_start`.
        total_steps: step at which the rate reaches zero.
        decay_start: step where the decay begins; defaults to
            `total_steps // 2` (the paper: 100 epochs constant, 100 decaying).

    Example:

    ```python
    lr = LinearDecay(2e-4, total_steps=10_000)  # 2e-4 until 5000, 0 at 10000
    keras.optimizers.Adam(lr, beta_1=0.5)
    ```

    Reference: Zhu et al., ICCV 2017, section 4 (training details).
    """

    def __init__(self, initial_learning_rate, total_steps, decay_start=None):
        if decay_start is None:
            decay_start = total_steps // 2
        if not 0 <= decay_start < total_steps:
            raise ValueError(
                f"Received: `total_steps={total_steps!r}`, `decay_start="
                f"{decay_start!r}`; expected 0 <= decay_start < total_steps."
            )
        self.initial_learning_rate = float(initial_learning_rate)
        self.total_steps = int(total_steps)
        self.decay_start = int(decay_start)

    def __call__(self, step):
        step = ops.cast(step, "float32")
        span = float(self.total_steps - self.decay_start)
        fraction = ops.clip((self.total_steps - step) / span, 0.0, 1.0)
        return self.initial_learning_rate * fraction

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "total_steps": self.total_steps,
            "decay_start": self.decay_start,
        }


def with_linear_decay(optimizer, total_steps):
    """A copy of `optimizer` whose rate is a `LinearDecay` of its own rate.

    Args:
        optimizer: a Keras optimizer with a constant learning rate.
        total_steps: step at which the rate reaches zero (decay from half).
    """
    rate = LinearDecay(float(optimizer.learning_rate), total_steps)
    return type(optimizer).from_config(dict(optimizer.get_config(), learning_rate=rate))
