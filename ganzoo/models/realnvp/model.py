"""`RealNVP`: a flow trained by likelihood, by a Wasserstein critic or by both."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from ganzoo.engine.adversarial import (
    AdversarialModel,
    check_count,
    deserialize_networks,
    is_number,
    serialize_networks,
)
from ganzoo.nets import flows
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import losses as losses_lib
from ganzoo.objectives import penalties as penalties_lib

OBJECTIVES = ("mle", "wgan_gp", "hybrid")
NETS = ("generator", "discriminator")


@keras.saving.register_keras_serializable(package="ganzoo")
class RealNVP(AdversarialModel):
    """A Real NVP generator with an exact `log_prob`, trained three ways.

    `objective="mle"`: each step minimises the negative log-likelihood of
    the uniformly dequantised batch (`ganzoo.nets.flows.dequantize`), in
    nats per example; the critic is not used. `"wgan_gp"`: the flow's
    sampler `flow(z)`, z ~ N(0, I), is a WGAN-GP generator: `d_steps` critic
    updates on the zoo's Wasserstein loss plus `penalty_weight` times the
    gradient penalty, then one flow update on `-E[critic(G(z))]`.
    `"hybrid"` (Flow-GAN): the flow minimises the Wasserstein generator loss
    plus `likelihood_weight` times the negative log-likelihood (Flow-GAN's
    `like_reg`; its MNIST hybrid used 1). The critic sees dequantised real
    images, continuous as the flow's samples are (as Flow-GAN's code).

    `fit` shows `g_loss` (the flow's objective), `nll_bits_per_dim` (the
    batch's bits/dim, where the objective computes it) and for the
    adversarial objectives `d_loss` (the critic's loss without penalty) and
    `gp`.

    Args:
        generator: a `ganzoo.nets.flows.RealNVPFlow` (latents -> images).
        discriminator: the critic, images -> `(batch, 1)`.
        objective: one of `OBJECTIVES`.
        likelihood_weight: weight of the likelihood term in `"hybrid"`.
        loss: the adversarial loss pair's name (default `"wasserstein"`).
        d_steps: critic updates per flow update (WGAN-GP: 5).
        penalty: gradient penalty name or identifier (default `"wgan_gp"`).
        penalty_weight: lambda of the penalty (WGAN-GP: 10).
        seed: integer seed of the noise (latents, dequantisation, penalty).
        entry: the zoo entry whose paper optimizers `compile()` uses.
        g_ema_decay: see `AdversarialModel`.
        **kwargs: `keras.Model` arguments such as `name`.

    Example:

    ```python
    model = ganzoo.build("realnvp", objective="hybrid")
    model.compile()
    model.fit(ganzoo.data.load("mnist", batch_size=64), steps_per_epoch=100)
    images = model.generate(16, seed=0)
    log_p = model.log_prob(flows.dequantize(images))
    ```

    Reference: Danihelka et al., "Comparison of Maximum Likelihood and
    GAN-based training of Real NVPs", arXiv 1705.05263; Grover, Dhar &
    Ermon, "Flow-GAN", AAAI 2018.
    """

    kind = "unconditional"

    def __init__(
        self,
        generator,
        discriminator,
        objective="mle",
        likelihood_weight=1.0,
        loss="wasserstein",
        d_steps=5,
        penalty="wgan_gp",
        penalty_weight=10.0,
        seed=None,
        entry=None,
        **kwargs,
    ):
        super().__init__(entry=entry, **kwargs)
        if objective not in OBJECTIVES:
            raise ValueError(
                f"Received: `objective={objective!r}`; expected one of "
                f"{list(OBJECTIVES)}."
            )
        for name, value in (
            ("likelihood_weight", likelihood_weight),
            ("penalty_weight", penalty_weight),
        ):
            if not is_number(value) or value < 0:
                raise ValueError(
                    f"Received: `{name}={value!r}`; expected a number >= 0."
                )
        if not isinstance(d_steps, (int, np.integer)) or d_steps < 1:
            raise ValueError(
                f"Received: `d_steps={d_steps!r}`; expected a positive integer."
            )
        self.loss_pair = losses_lib.get_loss(loss)
        self.penalty_fn = (
            None if penalty is None else penalties_lib.get_penalty(penalty)
        )
        self.generator, self.discriminator = generator, discriminator
        self.objective = objective
        self.likelihood_weight = float(likelihood_weight)
        self.loss_name, self.penalty = loss, penalty
        self.d_steps, self.penalty_weight = int(d_steps), float(penalty_weight)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.latent_dim = int(generator.latent_dim)
        self.latent_distribution = "normal"
        self.image_shape = tuple(generator.image_shape)
        self.built = True
        names = ["g_loss"]
        if objective != "wgan_gp":
            names.append("nll_bits_per_dim")
        if objective != "mle":
            names = ["d_loss", *names, "gp"]
        self.trackers = {n: keras.metrics.Mean(name=n) for n in names}
        self.track_generator_average()

    @property
    def metrics(self):
        return list(self.trackers.values())

    @property
    def adversarial(self):
        return self.objective != "mle"

    def call(self, latents, training=False):
        return self.generator(latents, training=training)

    # -- Likelihood --------------------------------------------------------------

    def log_prob(self, images):
        """`log p(x)` in nats of images in (-1, 1), a density on [-1, 1]^D.

        Exact: Gaussian prior plus the log-determinants of every coupling and
        of the logit transform. Pass dequantised images
        (`ganzoo.nets.flows.dequantize`) for a likelihood of 8-bit data.
        """
        return self.generator.log_prob(images)

    def inverse(self, images):
        """`(z, log_det)`: the latents `f^-1(x)` of images and `log|dz/dx|`."""
        return self.generator.inverse(images)

    def export_spec(self):
        """`serve`, `sample`, `sample_latent`, plus `log_prob(images)` and `inverse`."""
        from ganzoo.models import signatures

        spec = signatures.unconditional_spec(
            self, tf.TensorSpec([None, self.latent_dim], tf.float32)
        )
        flow, d = self.generator, self.latent_dim
        images_spec = tf.TensorSpec([None, *self.image_shape], tf.float32)

        def log_prob(images):
            log_p = flow.log_prob(images)
            return {"log_prob": log_p, "bits_per_dim": flows.bits_per_dim(log_p, d)}

        def inverse(images):
            return {"latents": flow.inverse(images)[0]}

        spec.signatures["log_prob"] = signatures.Signature(
            log_prob, {"images": images_spec}
        )
        spec.signatures["inverse"] = signatures.Signature(
            inverse, {"images": images_spec}
        )
        spec.metadata["log_prob"] = (
            "log_prob(images): nats of a density on [-1, 1]^D; images dequantised "
            "as (k + u) / 128 - 1; bits_per_dim = -log_prob / (D ln 2) + 7"
        )
        return spec

    # -- Game ----------------------------------------------------------------------

    def sample_latent(self, batch_size, seed=None):
        """`(batch_size, latent_dim)` draws of N(0, I)."""
        seed = self.seed_generator if seed is None else seed
        return keras.random.normal((batch_size, self.latent_dim), seed=seed)

    def _unpack(self, data):
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is not None or tuple(real.shape[1:]) != self.image_shape:
            raise ValueError(
                f"Received: batches of images of `shape={tuple(real.shape[1:])}`"
                f"{' with labels' if labels is not None else ''}; expected images "
                f"only, of shape {self.image_shape} in [-1, 1] at 8-bit levels."
            )
        return flows.dequantize(real, seed=self.seed_generator)

    def critic_objective(self, real):
        """`(critic loss + weighted penalty, logs)` on dequantised real images."""
        fake = self.generator(self.sample_latent(ops.shape(real)[0]), training=True)
        d_loss = self.loss_pair.discriminator(
            self.discriminator(real, training=True),
            self.discriminator(fake, training=True),
        )
        gp = 0.0
        if self.penalty_fn is not None:
            gp = self.penalty_fn(
                self.discriminator, real, fake, seed=self.seed_generator
            )
        return d_loss + self.penalty_weight * gp, {"d_loss": d_loss, "gp": gp}

    def flow_objective(self, real):
        """`(flow loss, logs)`: NLL in nats, adversarial loss, or both."""
        logs, g_loss = {}, 0.0
        if self.objective != "wgan_gp":
            log_p = self.generator.log_prob(real)
            nll = -ops.mean(log_p)
            logs["nll_bits_per_dim"] = flows.bits_per_dim(-nll, self.latent_dim)
            weight = 1.0 if self.objective == "mle" else self.likelihood_weight
            g_loss = weight * nll
        if self.adversarial:
            fake = self.generator(self.sample_latent(ops.shape(real)[0]), training=True)
            g_loss = g_loss + self.loss_pair.generator(
                self.discriminator(fake, training=True)
            )
        logs["g_loss"] = g_loss
        return g_loss, logs

    def train_step(self, data):
        real = self._unpack(data)
        logs = {}
        if self.adversarial:
            for _ in range(self.d_steps):
                logs = self.optimizer_step(
                    self.d_optimizer,
                    lambda: self.critic_objective(real),
                    self.discriminator_variables(),
                )
        logs.update(
            self.optimizer_step(
                self.g_optimizer,
                lambda: self.flow_objective(real),
                self.generator_variables(),
            )
        )
        return self.report(logs)

    def synthetic_batch(self, batch_size, seed=0):
        """Random 8-bit images in [-1, 1], the structure `train_step` expects."""
        rng = np.random.default_rng(seed)
        levels = rng.integers(0, 256, (batch_size, *self.image_shape))
        return (levels / 127.5 - 1.0).astype(np.float32)

    def generate(self, n, seed=None, batch_size=256):
        """`n` samples `flow(z)`, z ~ N(0, I), float32 in [-1, 1]."""
        check_count(n)
        latents = self.sample_latent(n, seed=seed)
        with self.averaged_generator():
            images = call_in_batches(
                lambda z: self.generator(z, training=False),
                latents,
                batch_size,
                self.image_shape,
            )
        return images.astype(np.float32)

    # -- Serialization ---------------------------------------------------------------

    def get_config(self):
        config = super().get_config()
        config.update(serialize_networks({key: getattr(self, key) for key in NETS}))
        config.update(
            objective=self.objective,
            likelihood_weight=self.likelihood_weight,
            loss=self.loss_name,
            d_steps=self.d_steps,
            penalty=self.penalty,
            penalty_weight=self.penalty_weight,
            seed=self.seed,
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**deserialize_networks(config, NETS))
