"""`AdversarialModel`: what every two-player game of the zoo shares.

Two optimizers (with the zoo entry's paper defaults), the jit and precision
choices of `compile`, the in-step input checks of `fit`, loss scaling across
replicas and for float16, the one tape step `optimizer_step`, trackers,
generator weight averaging and the export capability (`kind`,
`export_spec()`). `ganzoo.GAN` (the latent game
and its k-step loop) and `CycleGAN` are its subclasses.
"""

import contextlib

import keras
import numpy as np
import tensorflow as tf
from absl import logging

from ganzoo import registry
from ganzoo.engine import execution
from ganzoo.nets import averaging
from ganzoo.objectives import accumulated_checks, input_checks, precision, replicas

# Uniform priors by their half-width: "uniform" is U[-1, 1]; "uniform_sqrt3"
# is U[-sqrt(3), sqrt(3)] (unit variance), the "uniform" noise of Goodfellow
# et al.'s code (goodfeli/adversarial `Generator.get_noise`).
UNIFORM_HALF_WIDTHS = {"uniform": 1.0, "uniform_sqrt3": 3.0**0.5}
LATENT_DISTRIBUTIONS = ("normal", *UNIFORM_HALF_WIDTHS)


def check_latent_distribution(name):
    """Raises unless `name` is one of `LATENT_DISTRIBUTIONS`."""
    if name not in LATENT_DISTRIBUTIONS:
        raise ValueError(
            f"Received: `latent_distribution={name!r}`; "
            f"expected one of {list(LATENT_DISTRIBUTIONS)}."
        )


def serialize_networks(networks):
    """`{key: serialized network}` for a sibling's `get_config` (None stays)."""
    import keras

    return {
        key: None if net is None else keras.saving.serialize_keras_object(net)
        for key, net in networks.items()
    }


def deserialize_networks(config, keys):
    """A copy of `config` with the networks under `keys` rebuilt (from_config)."""
    import keras

    config = dict(config)
    for key in keys:
        if config.get(key) is not None:
            config[key] = keras.saving.deserialize_keras_object(config[key])
    return config


def draw_latents(shape, distribution, seed):
    """Noise of `shape` from a prior of `LATENT_DISTRIBUTIONS` (keras.random).

    The one place that maps a prior's name to its draw, so every model (and
    `ganzoo.models.signatures.latent_prior`, its exported twin) agrees.
    """
    import keras  # The engine's other functions need no Keras at import.

    half_width = UNIFORM_HALF_WIDTHS.get(distribution)
    if half_width is not None:
        return keras.random.uniform(
            shape, minval=-half_width, maxval=half_width, seed=seed
        )
    return keras.random.normal(shape, seed=seed)


def is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    )


def check_count(n):
    """Raises unless `n` is an integer >= 0 (a number of samples)."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
        raise ValueError(f"Received: `n={n!r}`; expected an integer >= 0.")


def sample_shape(generator, latent_dim):
    # A functional generator knows its output shape, whatever its inputs
    # (conditional ones also take labels); a subclassed one is asked.
    try:
        return tuple(generator.output_shape)[1:]
    except (AttributeError, ValueError):
        return tuple(generator.compute_output_shape((None, latent_dim)))[1:]


class AdversarialModel(keras.Model):
    """Optimizer plumbing shared by two-player games (`GAN`, `CycleGAN`).

    A subclass sets `generator` and `discriminator` (its players' networks,
    or the first of each; `discriminator = None` for a game without one,
    such as a GMMN's, which then has no `d_optimizer`; `generator_variables()` and
    `discriminator_variables()` list everything each optimizer updates),
    its `kind` (the export capability: `"unconditional"`, `"conditional"`,
    `"translation"` or `"text"`) and `export_spec()`.

    Args:
        entry: the zoo entry's registry name; `compile()` without optimizers
            uses that entry's paper optimizers (`ganzoo.describe(entry)`),
            and DCGAN's Adam(2e-4, beta_1=0.5) when `None`.
        g_ema_decay: `None`, or the decay in [0, 1) of an exponential moving
            average of the generator's weights, updated after every
            generator step and used by `generate` and `ganzoo.export`
            (Yazici et al., "The Unusual Effectiveness of Averaging in GAN
            Training", ICLR 2019; 0.999 there).
        **kwargs: `keras.Model` arguments such as `name`.
    """

    kind = None

    def __init__(self, entry=None, g_ema_decay=None, **kwargs):
        super().__init__(**kwargs)
        if entry is not None:
            registry.get_entry(entry)  # Fails loudly on an unknown name.
        if g_ema_decay is not None and (
            not is_number(g_ema_decay) or not 0.0 <= g_ema_decay < 1.0
        ):
            raise ValueError(
                f"Received: `g_ema_decay={g_ema_decay!r}`; expected None or a "
                "number in [0, 1), e.g. 0.999."
            )
        self.entry = entry
        self.g_ema_decay = None if g_ema_decay is None else float(g_ema_decay)
        self.generator_average = None
        self._sample_raw_generator = False

    def track_generator_average(self):
        """Creates the generator's weight average if `g_ema_decay` asks for one.

        Called once the networks exist (by `GAN.__init__`, and by `compile`
        for games that build later); idempotent. The average is a layer of
        the model, so checkpoints and `.keras` files hold it.
        """
        if self.g_ema_decay is not None and self.generator_average is None:
            self.generator_average = averaging.WeightAverage(
                self.generator_variables(), self.g_ema_decay, name="generator_average"
            )

    def averaged_generator(self):
        """A context in which the generator holds its averaged weights.

        Sampling and export run inside it; without `g_ema_decay` it changes
        nothing. Example: `with gan.averaged_generator(): images = ...`.
        """
        if self.generator_average is None or self._sample_raw_generator:
            return contextlib.nullcontext()
        return self.generator_average.swapped_in(self.generator_variables())

    @contextlib.contextmanager
    def raw_generator(self):
        """A context in which sampling uses the trained weights, not the average.

        With `g_ema_decay`, `generate` and export use the averaged weights;
        inside this context they use the weights the game trained. The
        average never feeds back into training, so the same run scored both
        ways is a paired comparison of averaging. Without `g_ema_decay` it
        changes nothing.

        Example: `with gan.raw_generator(): images = gan.generate(64)`.
        """
        previous, self._sample_raw_generator = self._sample_raw_generator, True
        try:
            yield
        finally:
            self._sample_raw_generator = previous

    def generator_variables(self):
        return self.generator.trainable_variables

    def discriminator_variables(self):
        if self.discriminator is None:  # A game without one (GMMN).
            return []
        return self.discriminator.trainable_variables

    def default_optimizers(self):
        """Returns `(d_optimizer, g_optimizer)` used when `compile` gets none.

        The registered entry's paper optimizers, or DCGAN's Adam(2e-4,
        beta_1=0.5) (Radford et al. 2015) for a model without an entry.
        """
        if self.entry is not None:
            return registry.get_entry(self.entry).make_optimizers()
        default = registry.DEFAULT_OPTIMIZER
        return registry.make_optimizer(default), registry.make_optimizer(default)

    def export_spec(self):
        """The `ganzoo.models.signatures.ExportSpec` that `ganzoo.export` writes."""
        raise NotImplementedError(f"{type(self).__name__} defines no export_spec().")

    def prepare_training(self):
        """Runs what the model needs before its first step; a no-op here.

        The training binary calls it after building (StackGAN pretrains its
        text encoder in it); call it before `fit` when training by hand.
        """

    def training_callbacks(self, config):
        """Keras callbacks of this model that `ganzoo.training.train` adds; none.

        They run before the loop's own callback, so what they add to an
        epoch's logs is logged and written to TensorBoard with the losses
        (SGAN adds its test error).

        Args:
            config: the run's config (`ganzoo.training.config.SCHEMA`).
        """
        del config
        return []

    # -- Keras API ---------------------------------------------------------------

    def compile(self, d_optimizer=None, g_optimizer=None, jit_compile="auto", **kwargs):
        """Configures the two optimizers.

        Args:
            d_optimizer: optimizer (or its name/config) for the discriminator;
                defaults to the entry's paper setting (`default_optimizers()`).
            g_optimizer: optimizer for the generator; same default rule.
            jit_compile: `"auto"` (on a CPU the faster of graph and XLA as
                measured for this entry, `ganzoo.execution.choose_jit_compile`;
                on GPUs/TPUs Keras's rule, XLA), `True` or `False`.
            **kwargs: other `keras.Model.compile` arguments, e.g.
                `steps_per_execution` or `run_eagerly`.
        """
        if isinstance(jit_compile, str) and jit_compile == "auto":
            jit_compile = self.choose_jit_compile()
        default_d, default_g = self.default_optimizers()
        self.d_optimizer = None  # A game without a discriminator has none.
        if self.discriminator is not None:
            self.d_optimizer = precision.with_loss_scaling(
                keras.optimizers.get(d_optimizer or default_d), self.discriminator
            )
        elif d_optimizer is not None:
            raise ValueError(
                f"Received: `d_optimizer={d_optimizer!r}` for "
                f"`{self.entry or type(self).__name__}`, which has no "
                "discriminator; expected None."
            )
        self.g_optimizer = precision.with_loss_scaling(
            keras.optimizers.get(g_optimizer or default_g), self.generator
        )
        kwargs.pop("loss", None)  # The game's losses are built in.
        # A GAN has two optimizers (above); `optimizer=None` stops Keras from
        # creating an unused RMSprop that would log a misleading learning
        # rate and add variables to checkpoints.
        kwargs["optimizer"] = None
        self.track_generator_average()
        super().compile(jit_compile=jit_compile, **kwargs)
        if replicas.in_multi_worker_mode():
            self.train_step = replicas.with_batched_logs(self.train_step)
        if replicas.num_replicas() > 1:
            # Slots must be created in the strategy's scope (here), not on
            # first use inside a replica, which desynchronises the all-reduce.
            self.build_optimizers()

    def choose_jit_compile(self):
        """The `jit_compile` that `compile(jit_compile="auto")` uses; logged.

        The measured faster path of this entry and sample kind on a CPU
        (`ganzoo.execution`); graph under a strategy of several CPU replicas
        (XLA fails on logical CPU devices); Keras's "auto" on GPUs/TPUs.
        """
        choice = execution.choose_jit_compile(
            self.entry, getattr(self, "image_shape", None)
        )
        if choice.jit_compile is True and replicas.num_replicas() > 1:
            choice = execution.PathChoice(False, "graph: XLA fails on CPU replicas")
        logging.info("jit_compile=%s: %s", choice.jit_compile, choice.reason)
        self.jit_compile_reason = choice.reason
        return choice.jit_compile

    def get_compile_config(self):
        config = super().get_compile_config() or {}
        config.update(
            d_optimizer=keras.optimizers.serialize(self.d_optimizer),
            g_optimizer=keras.optimizers.serialize(self.g_optimizer),
        )
        if self.d_optimizer is None:
            config.pop("d_optimizer")
        return config

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("d_optimizer", "g_optimizer"):
            if key in config:
                config[key] = keras.optimizers.deserialize(config[key])
        self.compile(**config)
        self.build_optimizers()

    def build_optimizers(self):
        """Creates the optimizers' variables now (needed before a restore)."""
        if self.d_optimizer is not None:
            self.d_optimizer.build(self.discriminator_variables())
        self.g_optimizer.build(self.generator_variables())

    def make_train_function(self, force=False):
        # `fit`'s function, with the input checks of every step reported by
        # the step and judged on the host: every game whose step calls
        # `ganzoo.objectives.input_checks` (`GAN.check_real_batch`, GMMN)
        # stops at a bad batch; a game that checks nothing reports nothing.
        if self.train_function is not None and not force:
            return self.train_function
        # With several steps per call, Keras returns the last step's logs:
        # the checks are then combined over the call's steps (a min, max or
        # sum kept in variables) so that every batch is still judged.
        checks = input_checks.StepChecks()
        several = (self.steps_per_execution or 1) > 1
        if several and replicas.num_replicas() > 1:
            raise ValueError(
                f"Received: `steps_per_execution={self.steps_per_execution}` under "
                f"a strategy of {replicas.num_replicas()} replicas; expected 1 "
                "there (the input checks of several steps per call run on one "
                "replica only, for now)."
            )
        combined = several and accumulated_checks.AccumulatedChecks(
            self.distribute_strategy
        )
        step = self.__dict__.get("train_step")  # Set by `compile` sometimes.
        self.train_step = checks.reporting(self.train_step)
        if several:
            self.train_step = combined.accumulating(self.train_step)
        try:
            super().make_train_function(force)
        finally:
            if step is None:
                del self.train_step
            else:
                self.train_step = step
        self.train_function = checks.raising(self.train_function)
        if several:
            self.train_function = combined.resetting(self.train_function)
        self.nonfinite_step_in_call = (
            (lambda: combined.first_nonfinite_step) if several else (lambda: 0)
        )
        return self.train_function

    def scale_loss(self, optimizer, loss):
        """Returns the loss whose gradient `optimizer.apply` expects.

        Divides by the number of replicas (each replica's loss is a mean over
        its share of the global batch, and `tf.distribute` sums the replicas'
        gradients) and multiplies by the loss scale of a
        `keras.optimizers.LossScaleOptimizer` (float16), whose `apply`
        divides it out again. Call it inside the `tf.GradientTape`.

        Args:
            optimizer: the optimizer that will apply the gradients.
            loss: the float32 scalar loss of this replica.
        """
        scale = 1.0 / tf.distribute.get_strategy().num_replicas_in_sync
        return optimizer.scale_loss(loss * scale)

    def optimizer_step(self, optimizer, loss_fn, variables):
        """One gradient step: `loss_fn()` -> `(loss, logs)`; returns the logs."""
        return self.simultaneous_step([(optimizer, loss_fn, variables)])

    def simultaneous_step(self, players):
        """Steps several players on gradients taken at the same weights.

        Every `loss_fn` runs, and every gradient is taken, before any
        optimizer applies its update: no player sees another's new weights
        (the 2014 GAN code's update, Goodfellow et al.).

        Args:
            players: list of `(optimizer, loss_fn, variables)`; `loss_fn()`
                returns `(loss, logs)`.

        Returns:
            The players' logs, merged.
        """
        with tf.GradientTape(persistent=len(players) > 1) as tape:
            losses, logs = [], {}
            for optimizer, loss_fn, _ in players:
                loss, player_logs = loss_fn()
                losses.append(self.scale_loss(optimizer, loss))
                logs.update(player_logs)
        gradients = [
            tape.gradient(loss, variables)
            for loss, (_, _, variables) in zip(losses, players, strict=True)
        ]
        for gradient, (optimizer, _, variables) in zip(gradients, players, strict=True):
            optimizer.apply(gradient, variables)
            if optimizer is self.g_optimizer and self.generator_average is not None:
                # Every game updates its generator(s) through here.
                self.generator_average.update(self.generator_variables())
        return logs

    def report(self, logs):
        """Updates the trackers named in `logs`; returns what `fit` shows."""
        for tracker in self.metrics:
            if tracker.name in logs:
                tracker.update_state(logs[tracker.name])
        return {m.name: m.result() for m in self.metrics}

    def get_config(self):
        config = super().get_config()
        config.update(entry=self.entry)
        if self.g_ema_decay is not None:  # Old configs stay as they were.
            config.update(g_ema_decay=self.g_ema_decay)
        return config
