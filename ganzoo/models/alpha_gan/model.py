"""The alpha-GAN game on the engine's k-step loop (Rosca et al. 2017, Alg. 1).

Four players share the engine's two optimizers: the discriminator step
updates the image discriminator D and the code discriminator C, the
generator step updates the generator G and the encoder E. Each objective
hook returns one scalar whose gradient, for each player, is that player's
own loss of Algorithm 1 (a `stop_gradient` keeps D's verdict on the
reconstructions out of E's gradient), so `GAN.train_step` needs no change.
Sharing an optimizer is exact for Adam (per-variable moments, one shared
step count, all players updated every step) when the players' settings are
the same, as here.
"""

import keras
from keras import ops

from ganzoo.gan import GAN
from ganzoo.models.alpha_gan import losses
from ganzoo.nets.batching import call_in_batches


@keras.saving.register_keras_serializable(package="ganzoo")
class AlphaGAN(GAN):
    """alpha-GAN: a GAN with an implicit encoder and a code discriminator.

    Per step, on a real batch `x`, codes `z_hat = E(x)`, reconstructions
    `x_hat = G(z_hat)`, prior draws `z ~ p(z)` and samples `x' = G(z)`:

    - E: `lambda * |x - x_hat|_1 + A(C(z_hat))` (match the prior);
    - G: `lambda * |x - x_hat|_1 + A(D(x_hat)) + A(D(x'))`;
    - D: cross-entropy, `x` real, `x_hat` and `x'` fake;
    - C: cross-entropy, prior draws `z` real, codes `z_hat` fake;

    with `A` the adversarial term, the paper's density-ratio form
    `-log(D / (1 - D))` (`generator_adversarial="density_ratio"`) or the
    non-saturating `-log D`. The discriminator step (D and C, `d_steps`
    times) precedes the generator step (G and E), the engine's order;
    Algorithm 1 lists E, G, D, C.

    Args:
        generator: `keras.Model` from `(batch, latent_dim)` codes to samples.
        discriminator: `keras.Model` from samples to `(batch, 1)` logits.
        encoder: `keras.Model` from samples to `(batch, latent_dim)` codes.
        code_discriminator: `keras.Model` from codes to `(batch, 1)` logits.
        latent_dim: size of z.
        reconstruction_weight: lambda, the weight of the L1 reconstruction.
        generator_adversarial: `"density_ratio"` or `"non_saturating"`.
        loss: kept for `ganzoo.GAN`'s config; only `"non_saturating"` (the
            cross-entropy game above) is accepted.
        **kwargs: other `ganzoo.GAN` arguments (`d_steps`, `penalty` on D,
            `seed`, `entry`, `name`).

    Example:

    ```python
    gan = ganzoo.build("alpha_gan")              # 2-D points (the mixtures)
    gan.compile()
    codes = gan.encode(points)
    ```

    Reference: Rosca, Lakshminarayanan, Warde-Farley & Mohamed,
    "Variational Approaches for Auto-Encoding Generative Adversarial
    Networks", arXiv:1706.04987, 2017, Algorithm 1.
    """

    def __init__(
        self,
        generator,
        discriminator,
        encoder,
        code_discriminator,
        latent_dim,
        reconstruction_weight=1.0,
        generator_adversarial="density_ratio",
        loss="non_saturating",
        **kwargs,
    ):
        if loss != "non_saturating":
            raise ValueError(
                f"Received: `loss={loss!r}`; expected 'non_saturating' (alpha-GAN "
                "trains D and C with cross-entropy; choose the generator's "
                "adversarial term with `generator_adversarial`)."
            )
        super().__init__(generator, discriminator, latent_dim, loss=loss, **kwargs)
        if generator_adversarial not in losses.ADVERSARIAL_FORMS:
            raise ValueError(
                f"Received: `generator_adversarial={generator_adversarial!r}`; "
                f"expected one of {list(losses.ADVERSARIAL_FORMS)}."
            )
        if (
            isinstance(reconstruction_weight, bool)
            or not isinstance(reconstruction_weight, (int, float))
            or reconstruction_weight < 0
        ):
            raise ValueError(
                f"Received: `reconstruction_weight={reconstruction_weight!r}`; "
                "expected a number >= 0 (lambda)."
            )
        self.encoder = encoder
        self.code_discriminator = code_discriminator
        self.reconstruction_weight = float(reconstruction_weight)
        self.generator_adversarial = generator_adversarial
        self.e_loss_tracker = keras.metrics.Mean(name="e_loss")
        self.c_loss_tracker = keras.metrics.Mean(name="c_loss")
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")

    @property
    def metrics(self):
        return super().metrics + [
            self.e_loss_tracker,
            self.c_loss_tracker,
            self.reconstruction_tracker,
        ]

    def generator_variables(self):
        return self.generator.trainable_variables + self.encoder.trainable_variables

    def discriminator_variables(self):
        return (
            self.discriminator.trainable_variables
            + self.code_discriminator.trainable_variables
        )

    # -- Game hooks --------------------------------------------------------------

    def _forward(self, real):
        codes = self.encoder(real, training=True)
        reconstructed = self.generator(codes, training=True)
        prior = self.sample_latent(ops.shape(real)[0])
        samples = self.generator(prior, training=True)
        return codes, reconstructed, prior, samples

    def discriminator_objective(self, batch):
        """D's plus C's cross-entropy (no shared weights: separate gradients)."""
        real = batch["real"]
        codes, reconstructed, prior, samples = self._forward(real)
        d_loss = losses.classifier_loss(
            self.discriminator(real, training=True),
            self.discriminator(reconstructed, training=True),
            self.discriminator(samples, training=True),
        )
        c_loss = losses.classifier_loss(
            self.code_discriminator(prior, training=True),
            self.code_discriminator(codes, training=True),
        )
        d_total, logs = self.weighted_penalty(
            d_loss, self.discriminator_penalty(real, samples)
        )
        return d_total + c_loss, dict(logs, c_loss=c_loss)

    def generator_objective(self, batch):
        """`L_E + L_G`, the reconstruction counted once: each its own gradient."""
        real = batch["real"]
        codes, reconstructed, _, samples = self._forward(real)
        reconstruction = losses.reconstruction_loss(real, reconstructed)
        weighted = self.reconstruction_weight * reconstruction
        form = self.generator_adversarial
        code_term = losses.adversarial_loss(
            self.code_discriminator(codes, training=True), form=form
        )
        # D's verdict on G(E(x)) trains G only (Algorithm 1's L_E has no
        # such term): G is applied again to codes the gradient cannot follow.
        detached = self.generator(ops.stop_gradient(codes), training=True)
        image_term = losses.adversarial_loss(
            self.discriminator(detached, training=True), form=form
        ) + losses.adversarial_loss(
            self.discriminator(samples, training=True), form=form
        )
        e_loss, g_loss = weighted + code_term, weighted + image_term
        logs = {
            "g_loss": g_loss,
            "e_loss": e_loss,
            "reconstruction": reconstruction,
        }
        return weighted + code_term + image_term, logs

    # -- Inference ---------------------------------------------------------------

    def encode(self, images, batch_size=256):
        """The codes `E(x)` of `images` (inference mode), a float32 array."""
        codes = call_in_batches(
            lambda x: self.encoder(x, training=False),
            images,
            batch_size,
            (self.latent_dim,),
        )
        return codes.astype("float32")

    def reconstruct(self, images, batch_size=256):
        """`G(E(x))` of `images` (inference mode), in the data's range."""
        outputs = call_in_batches(
            lambda x: self.generator(self.encoder(x, training=False), training=False),
            images,
            batch_size,
            self.image_shape,
        )
        return outputs.astype("float32")

    # -- Serialization -----------------------------------------------------------

    def get_config(self):
        config = super().get_config()
        config.update(
            encoder=keras.saving.serialize_keras_object(self.encoder),
            code_discriminator=keras.saving.serialize_keras_object(
                self.code_discriminator
            ),
            reconstruction_weight=self.reconstruction_weight,
            generator_adversarial=self.generator_adversarial,
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("generator", "discriminator", "encoder", "code_discriminator"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
