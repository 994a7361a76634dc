"""The GAN engine: one `keras.Model` whose `train_step` plays the game.

`AdversarialModel` holds what every two-player game shares: two optimizers
(with the zoo entry's paper defaults), loss scaling, trackers, the export
capability. `GAN` adds the latent game and the one k-step loop, "k
discriminator updates, then one generator update"; a variant fills its
hooks: `unpack_batch`, `discriminator_objective`, `generator_objective`
(or, when only the loss differs, `discriminator_loss` / `generator_loss`).
A game of another shape (CycleGAN's) is a sibling of `GAN` on the same base.
"""

import contextlib

import keras
import numpy as np
import tensorflow as tf
from absl import logging
from keras import ops

from ganzoo import execution, registry
from ganzoo.nets import averaging
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import accumulated_checks, input_checks, precision, replicas
from ganzoo.objectives import losses as losses_lib
from ganzoo.objectives import penalties as penalties_lib

LATENT_DISTRIBUTIONS = ("normal", "uniform")


def _is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    )


def check_count(n):
    """Raises unless `n` is an integer >= 0 (a number of samples)."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
        raise ValueError(f"Received: `n={n!r}`; expected an integer >= 0.")


def _sample_shape(generator, latent_dim):
    # A functional generator knows its output shape, whatever its inputs
    # (conditional ones also take labels); a subclassed one is asked.
    try:
        return tuple(generator.output_shape)[1:]
    except (AttributeError, ValueError):
        return tuple(generator.compute_output_shape((None, latent_dim)))[1:]


class AdversarialModel(keras.Model):
    """Optimizer plumbing shared by two-player games (`GAN`, `CycleGAN`).

    A subclass sets `generator` and `discriminator` (its players' networks,
    or the first of each; `generator_variables()` and
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
            not _is_number(g_ema_decay) or not 0.0 <= g_ema_decay < 1.0
        ):
            raise ValueError(
                f"Received: `g_ema_decay={g_ema_decay!r}`; expected None or a "
                "number in [0, 1), e.g. 0.999."
            )
        self.entry = entry
        self.g_ema_decay = None if g_ema_decay is None else float(g_ema_decay)
        self.generator_average = None

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
        if self.generator_average is None:
            return contextlib.nullcontext()
        return self.generator_average.swapped_in(self.generator_variables())

    def generator_variables(self):
        return self.generator.trainable_variables

    def discriminator_variables(self):
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
        self.d_optimizer = precision.with_loss_scaling(
            keras.optimizers.get(d_optimizer or default_d), self.discriminator
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
        return config

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("d_optimizer", "g_optimizer"):
            config[key] = keras.optimizers.deserialize(config[key])
        self.compile(**config)
        self.build_optimizers()

    def build_optimizers(self):
        """Creates the optimizers' variables now (needed before a restore)."""
        self.d_optimizer.build(self.discriminator_variables())
        self.g_optimizer.build(self.generator_variables())

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
        with tf.GradientTape() as tape:
            loss, logs = loss_fn()
            scaled = self.scale_loss(optimizer, loss)
        optimizer.apply(tape.gradient(scaled, variables), variables)
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


@keras.saving.register_keras_serializable(package="ganzoo")
class GAN(AdversarialModel):
    """A generator and a discriminator trained against each other.

    Each `train_step` makes `d_steps` discriminator updates on the real batch
    (fresh noise each time) and then one generator update, as in Algorithm 1
    of Goodfellow et al. (2014). Algorithm 1 draws a new real minibatch for
    each of the k steps; reusing the batch keeps one `fit` step equal to one
    batch of data, as the WGAN reference code does. Variants fill the hooks
    `unpack_batch`, `discriminator_objective` and `generator_objective`.

    A discriminator regularizer can be added: a gradient penalty by name
    (`penalty`, weighted by `penalty_weight`, shown by `fit` as `gp`, while
    `d_loss` stays the bare objective) and/or weight clipping after every
    discriminator update (`clip_value`).

    Scale: built and compiled under a `tf.distribute` strategy's scope, `fit`
    splits each batch across replicas; the train steps pass every loss
    through `scale_loss`, so gradients equal the single-device gradient of
    the global batch, and each replica draws its own noise. Built under a
    `mixed_float16` / `mixed_bfloat16` dtype policy, the losses stay float32
    and `compile` adds loss scaling for float16
    (`keras.optimizers.LossScaleOptimizer`).

    Args:
        generator: `keras.Model` mapping `(batch, latent_dim)` noise to
            samples in the data's range (usually [-1, 1]).
        discriminator: `keras.Model` mapping samples to `(batch, 1)` logits.
        latent_dim: size of the noise vector z.
        loss: name of a loss pair in `ganzoo.losses.list_losses()`.
        d_steps: discriminator updates per generator update (k >= 1).
        penalty: `None` or the name of a gradient penalty in
            `ganzoo.penalties.list_penalties()` (`"wgan_gp"`, `"dragan"`,
            `"r1"`).
        penalty_weight: the penalty's coefficient (lambda; gamma for R1).
        clip_value: `None`, or `c > 0` to clip the discriminator's weights
            to `[-c, c]` after each of its updates (the original WGAN).
        latent_distribution: `"normal"` (N(0, 1)) or `"uniform"` (U[-1, 1]).
        seed: integer seed of the model's noise; a fixed seed makes training
            reproducible (together with seeded data and initializers).
        entry: the zoo entry whose paper optimizers `compile()` uses.
        g_ema_decay: `None`, or the decay of the generator's weight average
            that `generate` and `ganzoo.export` use (`AdversarialModel`).
        **kwargs: `keras.Model` arguments such as `name`.

    Example:

    ```python
    gan = ganzoo.GAN(generator, discriminator, latent_dim=100)
    gan.compile()
    gan.fit(ganzoo.data.load("mnist", batch_size=64), epochs=1)
    images = gan.generate(16, seed=0)
    ```

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    """

    kind = "unconditional"

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        loss="non_saturating",
        d_steps=1,
        penalty=None,
        penalty_weight=10.0,
        clip_value=None,
        latent_distribution="normal",
        seed=None,
        entry=None,
        **kwargs,
    ):
        super().__init__(entry=entry, **kwargs)
        if not isinstance(latent_dim, (int, np.integer)) or latent_dim < 1:
            raise ValueError(
                f"Received: `latent_dim={latent_dim!r}`; expected a positive integer."
            )
        if not isinstance(d_steps, (int, np.integer)) or d_steps < 1:
            raise ValueError(
                f"Received: `d_steps={d_steps!r}`; expected a positive integer."
            )
        if latent_distribution not in LATENT_DISTRIBUTIONS:
            raise ValueError(
                f"Received: `latent_distribution={latent_distribution!r}`; "
                f"expected one of {list(LATENT_DISTRIBUTIONS)}."
            )
        if not _is_number(penalty_weight) or penalty_weight < 0:
            raise ValueError(
                f"Received: `penalty_weight={penalty_weight!r}`; expected a "
                "number >= 0."
            )
        if clip_value is not None and (not _is_number(clip_value) or clip_value <= 0):
            raise ValueError(
                f"Received: `clip_value={clip_value!r}`; expected None or a number > 0."
            )
        self.loss_pair = losses_lib.get_loss(loss)
        self.penalty_fn = (
            None if penalty is None else penalties_lib.get_penalty(penalty)
        )
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.loss_name = loss
        self.d_steps = int(d_steps)
        self.penalty = penalty
        self.penalty_weight = float(penalty_weight)
        self.clip_value = None if clip_value is None else float(clip_value)
        self.latent_distribution = latent_distribution
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.image_shape = _sample_shape(generator, self.latent_dim)
        self.built = True  # Both networks arrive built.
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.penalty_tracker = keras.metrics.Mean(name="gp") if penalty else None
        self.track_generator_average()

    @property
    def metrics(self):
        trackers = [self.d_loss_tracker, self.g_loss_tracker]
        return trackers + ([self.penalty_tracker] if self.penalty else [])

    def call(self, latents, training=False):
        return self.generator(latents, training=training)

    def export_spec(self):
        # Imported here: `ganzoo.models` imports every entry, which imports this.
        from ganzoo.models import signatures

        return signatures.unconditional_spec(self)

    # -- Objective hooks -------------------------------------------------------

    def discriminator_loss(self, real_logits, fake_logits):
        return self.loss_pair.discriminator(real_logits, fake_logits)

    def generator_loss(self, fake_logits):
        return self.loss_pair.generator(fake_logits)

    def discriminator_penalty(self, real, fake, critic=None):
        """Returns the unweighted regularizer added to the discriminator loss.

        The configured `penalty` at the model's own noise seed, or 0 without
        one. Override it for a custom regularizer (set `penalty` as well, so
        it is weighted and reported).

        Args:
            real: batch of real data.
            fake: batch of generated data.
            critic: the function of the images to regularize; defaults to
                the discriminator (conditional games fix the labels in it).
        """
        if self.penalty_fn is None:
            return 0.0
        critic = self.discriminator if critic is None else critic
        return self.penalty_fn(critic, real, fake, seed=self.seed_generator)

    def clip_discriminator(self):
        """Clips the discriminator's weights to `[-clip_value, clip_value]`."""
        if self.clip_value is not None:
            penalties_lib.clip_weights(self.discriminator_variables(), self.clip_value)

    def weighted_penalty(self, d_loss, penalty, logs=None):
        """`(d_loss + penalty_weight * penalty, logs with d_loss and gp)`."""
        logs = dict(logs or {}, d_loss=d_loss, gp=penalty)
        return d_loss + self.penalty_weight * penalty, logs

    # -- Game hooks --------------------------------------------------------------

    def unpack_batch(self, data):
        """Returns the batch as a dict the objectives read; raises if bad.

        The base game takes images (`{"real": images}`); a variant whose
        batches hold labels, pairs or text overrides this.
        """
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is not None:
            raise ValueError(
                "Received: `(images, labels)` batches for "
                f"`{getattr(self, 'entry', None) or type(self).__name__}`, which is "
                "not conditional; expected images only (e.g. "
                "`ganzoo.data.load(..., with_labels=False)`), or a conditional "
                "entry such as cgan or acgan."
            )
        self.check_real_batch(real)
        return {"real": real}

    def discriminator_objective(self, batch):
        """`(loss to minimise, logs)` of one discriminator update on `batch`."""
        real = batch["real"]
        fake = self.generator(self.sample_latent(ops.shape(real)[0]), training=True)
        d_loss = self.discriminator_loss(
            self.discriminator(real, training=True),
            self.discriminator(fake, training=True),
        )
        return self.weighted_penalty(d_loss, self.discriminator_penalty(real, fake))

    def generator_objective(self, batch):
        """`(loss to minimise, logs)` of the generator update on `batch`."""
        latents = self.sample_latent(ops.shape(batch["real"])[0])
        fake = self.generator(latents, training=True)
        g_loss = self.generator_loss(self.discriminator(fake, training=True))
        return g_loss, {"g_loss": g_loss}

    def train_step(self, data):
        batch = self.unpack_batch(data)
        d_vars, g_vars = self.discriminator_variables(), self.generator_variables()
        for _ in range(self.d_steps):
            d_logs = self.optimizer_step(
                self.d_optimizer, lambda: self.discriminator_objective(batch), d_vars
            )
            self.clip_discriminator()
        g_logs = self.optimizer_step(
            self.g_optimizer, lambda: self.generator_objective(batch), g_vars
        )
        return self.report({**d_logs, **g_logs})

    # -- Sampling ----------------------------------------------------------------

    def sample_latent(self, batch_size, seed=None):
        """Draws `(batch_size, latent_dim)` noise from the latent prior."""
        shape = (batch_size, self.latent_dim)
        if seed is None and replicas.num_replicas() > 1:
            # Each replica must draw its own noise: see `replica_seed`.
            seed = replicas.replica_seed(self.seed_generator)
            if self.latent_distribution == "uniform":
                return tf.random.stateless_uniform(shape, seed, minval=-1, maxval=1)
            return tf.random.stateless_normal(shape, seed)
        seed = self.seed_generator if seed is None else seed
        if self.latent_distribution == "uniform":
            return keras.random.uniform(shape, minval=-1.0, maxval=1.0, seed=seed)
        return keras.random.normal(shape, seed=seed)

    def check_real_batch(self, images):
        """Checks a batch of real data, at trace time and in every step.

        At trace time: a floating dtype and the generator's shape. In every
        step of `fit` (graph and XLA alike): finite values, and for images
        values in [-1, 1] (`ganzoo.objectives.input_checks`; a bad batch
        raises a `ValueError` naming its values after that step).
        """
        if not images.dtype.is_floating:
            raise ValueError(
                f"Received: images of `dtype={images.dtype.name}`; expected "
                "floating-point images scaled to the generator's range, e.g. "
                "[-1, 1] (`ganzoo.data.load` does this)."
            )
        if tuple(images.shape[1:]) != self.image_shape:
            raise ValueError(
                f"Received: images of `shape={tuple(images.shape[1:])}` per "
                f"example; expected `image_shape={self.image_shape}`, the "
                "generator's output. Build the model with the dataset's "
                "image_shape."
            )
        # Images (H, W, C) come in the tanh range; 2D points need not.
        input_checks.check_images(images, in_unit_range=len(self.image_shape) == 3)

    def check_real_labels(self, labels):
        """Checks class labels in every step; returns them safe to index with.

        Labels must be whole numbers in `[0, num_classes)`; a bad one raises
        a `ValueError` naming it after the step (as `check_real_batch`). The
        step itself gets labels clipped into range, so that no graph op fails
        first with an error that names no value.
        """
        input_checks.check_labels(labels, self.num_classes)
        return ops.clip(labels, 0, self.num_classes - 1)

    def make_train_function(self, force=False):
        # `fit`'s function, with the input checks of every step (see
        # `check_real_batch`) reported by the step and judged on the host.
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

    def synthetic_batch(self, batch_size, seed=0):
        """A random batch in the structure `train_step` expects.

        For smoke tests and throughput benchmarks that must not depend on a
        dataset. Unconditional GANs take images uniform in [-1, 1]; variants
        whose game needs labels, pairs or text override this.

        Args:
            batch_size: number of examples.
            seed: NumPy seed.
        """
        rng = np.random.default_rng(seed)
        shape = (batch_size, *self.image_shape)
        return rng.uniform(-1.0, 1.0, shape).astype(np.float32)

    def generate(self, n, seed=None, batch_size=256):
        """Samples `n` outputs of the generator (inference mode).

        With `g_ema_decay`, the generator holds its averaged weights here.

        Args:
            n: number of samples.
            seed: integer; the same seed gives the same samples. `None` draws
                from the model's own seed generator (advancing it).
            batch_size: samples per generator call, to bound memory.

        Returns:
            A float32 NumPy array of shape `(n,) + image_shape` in the data's
            range ([-1, 1] for images).
        """
        check_count(n)
        latents = self.sample_latent(n, seed=seed)
        with self.averaged_generator():
            images = call_in_batches(
                self.generator, latents, batch_size, self.image_shape
            )
        return images.astype(np.float32)

    # -- Serialization -----------------------------------------------------------

    def get_config(self):
        config = super().get_config()
        config.update(
            generator=keras.saving.serialize_keras_object(self.generator),
            discriminator=keras.saving.serialize_keras_object(self.discriminator),
            latent_dim=self.latent_dim,
            loss=self.loss_name,
            d_steps=self.d_steps,
            penalty=self.penalty,
            penalty_weight=self.penalty_weight,
            clip_value=self.clip_value,
            latent_distribution=self.latent_distribution,
            seed=self.seed,
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("generator", "discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
