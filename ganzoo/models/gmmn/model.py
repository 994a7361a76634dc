"""`GMMN`: a generator trained by a kernel two-sample statistic (MMD).

No discriminator: a sibling of `ganzoo.GAN` on the engine's base
(`AdversarialModel` with `discriminator = None`, so it has no
`d_optimizer`), which gives it the optimizers with the entry's paper
defaults, precision, trackers, weight averaging, checkpoints, resume and
export.
"""

import keras
import numpy as np
from keras import ops

from ganzoo.engine.adversarial import (
    AdversarialModel,
    check_count,
    check_latent_distribution,
    deserialize_networks,
    draw_latents,
    sample_shape,
    serialize_networks,
)
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import input_checks, precision
from ganzoo.objectives import mmd as mmd_lib

OBJECTIVES = ("sqrt_biased", "biased", "unbiased")
NETS = ("generator", "encoder", "decoder")


@keras.saving.register_keras_serializable(package="ganzoo")
class GMMN(AdversarialModel):
    """A generative moment matching network, in data space or in an AE's codes.

    Each `train_step` draws as many samples as the real batch holds and
    takes one generator step on the MMD between them (`objective`:
    `"sqrt_biased"`, Li et al.'s square root of the biased MMD^2;
    `"unbiased"`, the MMD nets' unbiased MMD^2 of Dziugaite et al.;
    `"biased"`). With an `encoder` and `decoder` (GMMN+AE), the first
    `ae_steps` steps train the autoencoder on the real batch (binary
    cross-entropy on [0, 1] pixels, `ae_optimizer`), the later ones the
    generator on the frozen encoder's codes of the batch; samples are
    decoded codes.

    Args:
        generator: noise `(batch, latent_dim)` -> samples in the data's
            range, or -> codes in [0, 1] when `decoder` is given.
        latent_dim: size of the noise.
        scales: variances `s` of the summed Gaussian kernels
            `exp(-||x - y||^2 / (2 s))`, in the kernel's space (below).
        objective: one of `OBJECTIVES`.
        unit_pixels: whether the kernel sees `(x + 1) / 2` (images in
            [-1, 1] compared on the papers' [0, 1] pixels, where their `s`
            hold) rather than `x` (points, codes).
        loss_weight: factor on the objective (the authors' code: 1000).
        encoder: `None`, or images -> codes in [0, 1] (sigmoid).
        decoder: `None`, or codes -> [0, 1] pixels (sigmoid).
        ae_steps: steps of autoencoder training before the GMMN's (> 0
            with an autoencoder).
        ae_optimizer: Keras optimizer identifier of the autoencoder.
        latent_distribution: `"uniform"` (U[-1, 1], the paper's) or
            `"normal"`.
        seed: integer seed of the model's noise.
        entry: the zoo entry whose paper optimizer `compile()` uses.
        g_ema_decay: see `AdversarialModel`.
        **kwargs: `keras.Model` arguments such as `name`.

    Example:

    ```python
    gmmn = ganzoo.build("gmmn")          # the paper's MNIST network
    gmmn.compile()                       # SGD, lr 2 -> 0.2, momentum 0.9 -> 0.99
    gmmn.fit(ganzoo.data.load("mnist", batch_size=1000), steps_per_epoch=100)
    digits = gmmn.generate(16, seed=0)
    ```

    References: Li, Swersky & Zemel, "Generative Moment Matching Networks",
    ICML 2015; Dziugaite, Roy & Ghahramani, "Training generative neural
    networks via Maximum Mean Discrepancy optimization", UAI 2015.
    """

    kind = "unconditional"

    def __init__(
        self,
        generator,
        latent_dim,
        scales=mmd_lib.GMMN_SCALES,
        objective="sqrt_biased",
        unit_pixels=True,
        loss_weight=1.0,
        encoder=None,
        decoder=None,
        ae_steps=0,
        ae_optimizer=None,
        latent_distribution="uniform",
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
        check_latent_distribution(latent_distribution)
        if (encoder is None) != (decoder is None):
            raise ValueError(
                "Received: only one of `encoder` and `decoder`; expected both "
                "(GMMN+AE) or neither (a data-space GMMN)."
            )
        if encoder is not None and not int(ae_steps) > 0:
            raise ValueError(
                f"Received: `ae_steps={ae_steps!r}` with an autoencoder; expected "
                "a number of autoencoder steps > 0."
            )
        self.scales = tuple(float(s) for s in scales)
        mmd_lib.gaussian_kernel(ops.zeros((1, 1)), ops.zeros((1, 1)), self.scales)
        self.latent_dim = int(latent_dim)
        self.objective = objective
        self.unit_pixels = bool(unit_pixels)
        self.loss_weight = float(loss_weight)
        self.ae_steps = int(ae_steps)
        self.ae_optimizer_identifier = ae_optimizer
        self.latent_distribution = latent_distribution
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.discriminator = None  # The kernel statistic takes its place.
        self.code_generator = generator
        self.encoder, self.decoder = encoder, decoder
        self.generator = generator
        if decoder is not None:
            latents = keras.Input((self.latent_dim,))
            pixels = decoder(generator(latents))
            self.generator = keras.Model(
                latents, keras.layers.Rescaling(2.0, -1.0)(pixels), name="sampler"
            )
        self.image_shape = sample_shape(self.generator, self.latent_dim)
        self.built = True
        names = ("g_loss",) + (("ae_loss",) if encoder is not None else ())
        self.trackers = {n: keras.metrics.Mean(name=n) for n in names}
        self.track_generator_average()

    @property
    def metrics(self):
        return list(self.trackers.values())

    def generator_variables(self):
        return self.code_generator.trainable_variables

    def autoencoder_variables(self):
        return self.encoder.trainable_variables + self.decoder.trainable_variables

    def export_spec(self):
        from ganzoo.models import signatures

        return signatures.unconditional_spec(self)

    def compile(self, d_optimizer=None, g_optimizer=None, jit_compile="auto", **kwargs):
        """The generator's optimizer (and the autoencoder's); see `AdversarialModel`."""
        ae_optimizer = kwargs.pop("ae_optimizer", None)
        super().compile(d_optimizer, g_optimizer, jit_compile=jit_compile, **kwargs)
        if self.encoder is not None:
            identifier = ae_optimizer or self.ae_optimizer_identifier or "adam"
            self.ae_optimizer = precision.with_loss_scaling(
                keras.optimizers.get(identifier), self.decoder
            )

    def get_compile_config(self):
        config = super().get_compile_config()
        if self.encoder is not None:
            config["ae_optimizer"] = keras.optimizers.serialize(self.ae_optimizer)
        return config

    def compile_from_config(self, config):
        config = dict(config)
        if "ae_optimizer" in config:
            config["ae_optimizer"] = keras.optimizers.deserialize(
                config["ae_optimizer"]
            )
        super().compile_from_config(config)

    def build_optimizers(self):
        super().build_optimizers()
        if self.encoder is not None and not self.ae_optimizer.built:
            self.ae_optimizer.build(self.autoencoder_variables())

    # -- Game ------------------------------------------------------------------

    def sample_latent(self, batch_size, seed=None):
        """Draws `(batch_size, latent_dim)` noise from the latent prior."""
        shape = (batch_size, self.latent_dim)
        seed = self.seed_generator if seed is None else seed
        return draw_latents(shape, self.latent_distribution, seed)

    def _kernel_space(self, x):
        x = ops.cast(x, "float32")
        return (x + 1.0) / 2.0 if self.unit_pixels else x

    def mmd_objective(self, targets):
        """`(loss, logs)`: the MMD between `targets` and as many samples."""
        fake = self.code_generator(
            self.sample_latent(ops.shape(targets)[0]), training=True
        )
        if self.decoder is None:
            targets, fake = self._kernel_space(targets), self._kernel_space(fake)
        fake = ops.cast(fake, "float32")
        if self.objective == "sqrt_biased":
            loss = mmd_lib.mmd(targets, fake, self.scales)
        else:
            loss = mmd_lib.mmd2(targets, fake, self.scales, self.objective)
        return self.loss_weight * loss, {"g_loss": loss}

    def autoencoder_objective(self, images):
        """`(loss, logs)`: binary cross-entropy of the reconstruction."""
        pixels = (ops.cast(images, "float32") + 1.0) / 2.0
        codes = self.encoder(pixels, training=True)
        reconstruction = ops.cast(self.decoder(codes, training=True), "float32")
        loss = ops.mean(keras.losses.binary_crossentropy(pixels, reconstruction))
        return loss, {"ae_loss": loss}

    def _check(self, images):
        if not images.dtype.is_floating or tuple(images.shape[1:]) != self.image_shape:
            raise ValueError(
                f"Received: a batch of `dtype={images.dtype.name}` and "
                f"`shape={tuple(images.shape[1:])}` per example; expected "
                f"floating-point samples of shape {self.image_shape}."
            )
        input_checks.check_images(images, in_unit_range=self.unit_pixels)

    def train_step(self, data):
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is not None:
            raise ValueError(
                "Received: `(images, labels)` batches; expected images only: "
                "a GMMN is unconditional."
            )
        self._check(real)
        g_vars = self.generator_variables()
        if self.encoder is None:
            logs = self.optimizer_step(
                self.g_optimizer, lambda: self.mmd_objective(real), g_vars
            )
            return self.report(logs)
        self.build_optimizers()  # At trace time: no variables inside the cond.

        def autoencoder_phase():
            logs = self.optimizer_step(
                self.ae_optimizer,
                lambda: self.autoencoder_objective(real),
                self.autoencoder_variables(),
            )
            return logs["ae_loss"], ops.zeros(())

        def gmmn_phase():
            pixels = (ops.cast(real, "float32") + 1.0) / 2.0
            codes = ops.stop_gradient(self.encoder(pixels, training=False))
            logs = self.optimizer_step(
                self.g_optimizer, lambda: self.mmd_objective(codes), g_vars
            )
            return ops.zeros(()), logs["g_loss"]

        in_ae_phase = self.ae_optimizer.iterations < self.ae_steps
        ae_loss, g_loss = ops.cond(in_ae_phase, autoencoder_phase, gmmn_phase)
        # The idle phase's loss reads 0.
        return self.report({"ae_loss": ae_loss, "g_loss": g_loss})

    # -- Sampling ----------------------------------------------------------------

    def synthetic_batch(self, batch_size, seed=0):
        """A random batch of samples uniform in [-1, 1]."""
        rng = np.random.default_rng(seed)
        shape = (batch_size, *self.image_shape)
        return rng.uniform(-1.0, 1.0, shape).astype(np.float32)

    def generate(self, n, seed=None, batch_size=256):
        """Samples `n` outputs (inference mode); see `ganzoo.GAN.generate`."""
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
        nets = dict(
            generator=self.code_generator, encoder=self.encoder, decoder=self.decoder
        )
        config.update(serialize_networks(nets))
        config.update(
            latent_dim=self.latent_dim,
            scales=list(self.scales),
            objective=self.objective,
            unit_pixels=self.unit_pixels,
            loss_weight=self.loss_weight,
            ae_steps=self.ae_steps,
            ae_optimizer=self.ae_optimizer_identifier,
            latent_distribution=self.latent_distribution,
            seed=self.seed,
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**deserialize_networks(config, NETS))
