"""The GAN engine: one `keras.Model` whose `train_step` plays the game.

`AdversarialModel` holds what every two-player game shares: two optimizers
(with the zoo entry's paper defaults), loss scaling, trackers, the export
capability. `GAN` adds the latent game and the one k-step loop, "k
discriminator updates, then one generator update"; a variant fills its
hooks: `unpack_batch`, `discriminator_objective`, `generator_objective`
(or, when only the loss differs, `discriminator_loss` / `generator_loss`).
A game of another shape (CycleGAN's) is a sibling of `GAN` on the same base.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from ganzoo.engine.adversarial import (  # noqa: F401  (AdversarialModel re-exported)
    LATENT_DISTRIBUTIONS,
    UNIFORM_HALF_WIDTHS,
    AdversarialModel,
    check_count,
    check_latent_distribution,
    draw_latents,
    is_number,
    sample_shape,
)
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import input_checks, replicas
from ganzoo.objectives import losses as losses_lib
from ganzoo.objectives import penalties as penalties_lib


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
        simultaneous_updates: `False` (Algorithm 1: D's update, then G's
            on the updated D) or `True`: both gradients are taken at the
            same weights and applied together, as the 2014 code does
            (github.com/goodfeli/adversarial); needs `d_steps=1`.
        penalty: `None` or the name of a gradient penalty in
            `ganzoo.penalties.list_penalties()` (`"wgan_gp"`, `"dragan"`,
            `"r1"`).
        penalty_weight: the penalty's coefficient (lambda; gamma for R1).
        clip_value: `None`, or `c > 0` to clip the discriminator's weights
            to `[-c, c]` after each of its updates (the original WGAN).
        latent_distribution: `"normal"` (N(0, 1)), `"uniform"` (U[-1, 1]) or
            `"uniform_sqrt3"` (U[-sqrt(3), sqrt(3)], the 2014 GAN code's).
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
        simultaneous_updates=False,
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
        if not isinstance(simultaneous_updates, (bool, np.bool_)):
            raise ValueError(
                f"Received: `simultaneous_updates={simultaneous_updates!r}`; "
                "expected True or False."
            )
        if simultaneous_updates and d_steps != 1:
            raise ValueError(
                f"Received: `d_steps={d_steps!r}` with `simultaneous_updates=True`; "
                "expected d_steps=1 (a simultaneous step updates D and G once each)."
            )
        check_latent_distribution(latent_distribution)
        if not is_number(penalty_weight) or penalty_weight < 0:
            raise ValueError(
                f"Received: `penalty_weight={penalty_weight!r}`; expected a "
                "number >= 0."
            )
        if clip_value is not None and (not is_number(clip_value) or clip_value <= 0):
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
        self.simultaneous_updates = bool(simultaneous_updates)
        self.penalty = penalty
        self.penalty_weight = float(penalty_weight)
        self.clip_value = None if clip_value is None else float(clip_value)
        self.latent_distribution = latent_distribution
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.image_shape = sample_shape(generator, self.latent_dim)
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
        if self.simultaneous_updates:
            logs = self.simultaneous_step(
                [
                    (
                        self.d_optimizer,
                        lambda: self.discriminator_objective(batch),
                        d_vars,
                    ),
                    (self.g_optimizer, lambda: self.generator_objective(batch), g_vars),
                ]
            )
            self.clip_discriminator()
            return self.report(logs)
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
        half_width = UNIFORM_HALF_WIDTHS.get(self.latent_distribution)
        if seed is None and replicas.num_replicas() > 1:
            # Each replica must draw its own noise: see `replica_seed`.
            seed = replicas.replica_seed(self.seed_generator)
            if half_width is not None:
                return tf.random.stateless_uniform(
                    shape, seed, minval=-half_width, maxval=half_width
                )
            return tf.random.stateless_normal(shape, seed)
        seed = self.seed_generator if seed is None else seed
        return draw_latents(shape, self.latent_distribution, seed)

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

    def generate(self, n=None, seed=None, batch_size=256, latents=None):
        """Samples `n` outputs of the generator (inference mode).

        With `g_ema_decay`, the generator holds its averaged weights here.

        Args:
            n: number of samples (optional with `latents`).
            seed: integer; the same seed gives the same samples. `None` draws
                from the model's own seed generator (advancing it).
            batch_size: samples per generator call, to bound memory.
            latents: `(n, latent_dim)` codes to decode instead of drawing
                them (`ganzoo.latent.interpolate`, ...); `seed` is unused.

        Returns:
            A float32 NumPy array of shape `(n,) + image_shape` in the data's
            range ([-1, 1] for images).
        """
        if latents is None:
            check_count(n)
            latents = self.sample_latent(n, seed=seed)
        else:
            from ganzoo.latent import check_latents

            latents = ops.convert_to_tensor(check_latents(latents, self.latent_dim, n))
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
            simultaneous_updates=self.simultaneous_updates,
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
