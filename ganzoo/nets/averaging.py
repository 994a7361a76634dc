"""An exponential moving average of a network's weights, kept as model state.

The averages are non-trainable variables of a layer that the model owns, so
checkpoints and `.keras` files hold them and a resumed run continues the
same average. `update` runs inside the compiled train step (plain
`keras.ops`, XLA-compatible); `swapped_in` puts the averages into the
network for sampling or export and restores the trained weights after.

Keras optimizers have `use_ema=True`, but they write the average over the
trained weights at the end of every `fit` call
(`finalize_variable_values`); the training loop calls `fit` in chunks, so
that would restart training from the average each chunk. Hence this layer.
"""

import contextlib

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="ganzoo")
class WeightAverage(keras.layers.Layer):
    """Exponential moving average of a list of variables.

    After each `update(variables)`:
    `average <- decay * average + (1 - decay) * variable`; the average
    starts as a copy of the variables at construction.

    Args:
        variables: the variables to average (e.g. the generator's trainable
            variables). They are not stored: `update` and `swapped_in` take
            them again, in the same order.
        decay: the average's decay in [0, 1) (0.999: a window of about
            1,000 updates).
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Example:

    ```python
    average = WeightAverage(generator.trainable_variables, decay=0.999)
    average.update(generator.trainable_variables)  # after each G update
    with average.swapped_in(generator.trainable_variables):
        images = generator(latents)
    ```

    Reference: Yazici et al., "The Unusual Effectiveness of Averaging in GAN
    Training", ICLR 2019.
    """

    def __init__(self, variables, decay, **kwargs):
        super().__init__(trainable=False, **kwargs)
        if isinstance(decay, bool) or not 0.0 <= float(decay) < 1.0:
            raise ValueError(
                f"Received: `decay={decay!r}`; expected a number in [0, 1)."
            )
        self.decay = float(decay)
        self.averages = []
        for index, variable in enumerate(variables):
            average = self.add_weight(
                shape=tuple(variable.shape),
                dtype=variable.dtype,
                initializer="zeros",
                trainable=False,
                # Replicas hold equal weights after the all-reduce: any one's
                # average is the average.
                aggregation="only_first_replica",
                name=f"average_{index}",
            )
            average.assign(variable)
            self.averages.append(average)
        self.built = True
        self._swapped = 0

    def _check(self, variables):
        variables = list(variables)
        if len(variables) != len(self.averages):
            raise ValueError(
                f"Received: {len(variables)} variables; expected the "
                f"{len(self.averages)} this average was built from."
            )
        return variables

    def update(self, variables):
        """Moves each average towards its variable by `1 - decay`."""
        for average, variable in zip(
            self.averages, self._check(variables), strict=True
        ):
            value = ops.cast(variable, average.dtype)
            average.assign(self.decay * average + (1.0 - self.decay) * value)

    @contextlib.contextmanager
    def swapped_in(self, variables):
        """Within the block, `variables` hold the averages; then their own values.

        Re-entrant: a nested block (a `generate` that calls another) does
        nothing more.
        """
        variables = self._check(variables)
        if self._swapped:
            self._swapped += 1
            try:
                yield
            finally:
                self._swapped -= 1
            return
        trained = [ops.copy(v) for v in variables]
        for variable, average in zip(variables, self.averages, strict=True):
            variable.assign(average)
        self._swapped = 1
        try:
            yield
        finally:
            self._swapped = 0
            for variable, value in zip(variables, trained, strict=True):
                variable.assign(value)

    def call(self, inputs):
        return inputs

    def get_config(self):
        # Rebuilt by its model from the model's own config, never alone.
        config = super().get_config()
        config.update(decay=self.decay)
        return config
