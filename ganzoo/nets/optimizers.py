"""SGD whose momentum follows a schedule: the 2014 GAN's pylearn2 training rule.

Keras's `SGD` takes a learning-rate schedule but a fixed momentum: the
momentum is a Python float baked into the compiled step. Goodfellow et al.
(2014) raised it linearly from 0.5 to 0.7 over the first 250 epochs
(pylearn2's `MomentumAdjustor` in the paper's `mnist.yaml`), so the step
here reads the momentum from the optimizer's own iteration counter: nothing
outside the compiled step has to change it, and a resumed run (whose
counter is checkpointed) continues the same schedule.
"""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="ganzoo")
class MomentumScheduleSGD(keras.optimizers.SGD):
    """SGD with momentum rising linearly from `momentum` to `final_momentum`.

    The momentum is `momentum` up to step `start`, `final_momentum` from step
    `saturate` on, and linear in between; the update is Keras's (and
    pylearn2's) classical momentum: `v <- mu * v - lr * g; w <- w + v`.

    Args:
        learning_rate: a float or a `keras.optimizers.schedules` schedule
            (the paper: 0.1, divided by 1.000004 every step).
        momentum: the momentum up to `start` (the paper: 0.5).
        final_momentum: the momentum from `saturate` on (the paper: 0.7).
        start: step at which the rise begins (the paper: epoch 1).
        saturate: step at which `final_momentum` is reached (the paper:
            epoch 250).
        **kwargs: other `keras.optimizers.SGD` arguments except `nesterov`.

    Example:

    ```python
    steps_per_epoch = 500  # 50,000 digits, batches of 100
    sgd = MomentumScheduleSGD(
        keras.optimizers.schedules.ExponentialDecay(0.1, 1, 1 / 1.000004),
        momentum=0.5, final_momentum=0.7,
        start=steps_per_epoch, saturate=250 * steps_per_epoch,
    )
    ```

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS
    2014, and its code (github.com/goodfeli/adversarial, `mnist.yaml`).
    """

    def __init__(
        self,
        learning_rate=0.1,
        momentum=0.5,
        final_momentum=0.7,
        start=0,
        saturate=1,
        name="momentum_schedule_sgd",
        **kwargs,
    ):
        if kwargs.get("nesterov"):
            raise ValueError(
                "Received: `nesterov=True`; expected classical momentum (the "
                "paper's rule), i.e. `nesterov=False`."
            )
        kwargs.pop("nesterov", None)
        for arg, value in (("momentum", momentum), ("final_momentum", final_momentum)):
            if not 0.0 < value < 1.0:
                raise ValueError(
                    f"Received: `{arg}={value!r}`; expected a value in (0, 1)."
                )
        if not 0 <= start < saturate:
            raise ValueError(
                f"Received: `start={start!r}`, `saturate={saturate!r}`; expected "
                "0 <= start < saturate (steps)."
            )
        super().__init__(learning_rate, momentum=momentum, name=name, **kwargs)
        self.final_momentum = float(final_momentum)
        self.start, self.saturate = int(start), int(saturate)

    def current_momentum(self):
        """The momentum of the next update, from the iteration counter."""
        step = ops.cast(self.iterations, "float32")
        fraction = ops.clip((step - self.start) / (self.saturate - self.start), 0, 1)
        return self.momentum + (self.final_momentum - self.momentum) * fraction

    def update_step(self, gradient, variable, learning_rate):
        learning_rate = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        velocity = self.momentums[self._get_variable_index(variable)]
        momentum = ops.cast(self.current_momentum(), variable.dtype)
        self.assign(
            velocity,
            ops.subtract(
                ops.multiply(velocity, momentum), ops.multiply(gradient, learning_rate)
            ),
        )
        self.assign_add(variable, velocity)

    def get_config(self):
        config = super().get_config()
        config.update(
            final_momentum=self.final_momentum,
            start=self.start,
            saturate=self.saturate,
        )
        config.pop("nesterov", None)
        return config


@keras.saving.register_keras_serializable(package="ganzoo")
class RootEpsilonAdam(keras.optimizers.Adam):
    """Adam with epsilon inside the square root, after bias correction.

    Keras's `Adam` steps by `lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v)
    + eps)`: epsilon outside the root and before bias correction. The Adam
    of Salimans et al.'s code (openai/improved-gan, `nn.adam_updates`) steps
    by `lr * m_hat / sqrt(v_hat + eps)` with `m_hat = m / (1 - b1^t)`, `v_hat
    = v / (1 - b2^t)` and eps 1e-8. The two differ most in the first steps
    (where `1 - b2^t` is small, Keras's epsilon acts as a much larger one)
    and for parameters with small gradients; no choice of Keras's epsilon
    gives the other rule, so this is the other rule. Written by hand because
    no optimizer in Keras or TensorFlow has it.

    Args:
        learning_rate: a float or a schedule.
        beta_1: decay of the first moment (improved-gan's MNIST: 0.5).
        beta_2: decay of the second moment.
        epsilon: added to `v_hat` inside the square root (the code: 1e-8).
        **kwargs: other `keras.optimizers.Adam` arguments (`use_ema`,
            `ema_momentum`, ...), except `amsgrad`.

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016, and their code (github.com/openai/improved-gan).
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        name="root_epsilon_adam",
        **kwargs,
    ):
        if kwargs.pop("amsgrad", False):
            raise ValueError(
                "Received: `amsgrad=True`; expected `amsgrad=False` (the "
                "improved-gan rule has no AMSGrad variant)."
            )
        super().__init__(
            learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            name=name,
            **kwargs,
        )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = ops.cast(self.iterations + 1, dtype)
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        self.assign_add(m, ops.multiply(ops.subtract(gradient, m), 1 - self.beta_1))
        self.assign_add(
            v, ops.multiply(ops.subtract(ops.square(gradient), v), 1 - self.beta_2)
        )
        m_hat = ops.divide(m, 1 - ops.power(ops.cast(self.beta_1, dtype), step))
        v_hat = ops.divide(v, 1 - ops.power(ops.cast(self.beta_2, dtype), step))
        self.assign_sub(
            variable,
            ops.multiply(lr, ops.divide(m_hat, ops.sqrt(v_hat + self.epsilon))),
        )

    def get_config(self):
        config = super().get_config()
        config.pop("amsgrad", None)
        return config
