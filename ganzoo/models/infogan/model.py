"""`InfoGAN`: the game with a recognition network Q on D's trunk."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from ganzoo.gan import GAN, check_count
from ganzoo.models.conditional import ConditionalGAN, classifier_view
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import infogan as infogan_losses
from ganzoo.objectives import replicas


@keras.saving.register_keras_serializable(package="ganzoo")
class InfoGAN(ConditionalGAN):
    """A GAN whose generator's codes can be read back from its samples.

    G gets the noise z, a categorical code c (K values, uniform) and
    `num_continuous` continuous codes; Q, a head on D's trunk, predicts the
    codes from generated samples. Both players add `-lambda L_I` (InfoGAN's
    lower bound on `I(c; G(z, c))`, `ganzoo.objectives.infogan`) to their
    GAN losses, so G learns to use the codes in ways Q can recover. No labels
    are used: training batches are images only, and Q never sees real data.
    Q's weights belong to `discriminator`, so D's optimizer trains them, as
    in the authors' code.

    Sampling is the conditional entries' (`generate(n, seed, labels=...)`,
    the same export): `labels` fixes the categorical code, `latents` holds z
    followed by the continuous codes, and `generate(..., continuous=...)`
    fixes those.

    Args:
        generator: `keras.Model` mapping `[latents, labels]` to images, where
            `latents` is `(batch, latent_dim)`: the noise, then the
            continuous codes.
        discriminator: `keras.Model` mapping images to `[source (batch, 1),
            categorical logits (batch, K)]`, plus `continuous means (batch,
            num_continuous)` when `num_continuous > 0`.
        latent_dim: size of `latents`, noise and continuous codes together.
        num_classes: K, the categorical code's values.
        num_continuous: continuous codes, the last columns of `latents`.
        categorical_weight: lambda of the categorical code (the paper's 1).
        continuous_weight: lambda of the continuous codes (the code's 1).
        **kwargs: `ganzoo.GAN` arguments (`loss`, `latent_distribution`,
            `seed`...).

    Example:

    ```python
    gan = ganzoo.build("infogan")
    gan.compile()
    gan.fit(ganzoo.data.load("mnist", batch_size=128), epochs=1)
    code_3 = gan.generate(10, seed=0, labels=3)
    tilted = gan.generate(10, seed=0, labels=3, continuous=[1.0, 0.0])
    ```

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning
    by Information Maximizing Generative Adversarial Nets", NeurIPS 2016.
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        num_classes,
        num_continuous=2,
        categorical_weight=1.0,
        continuous_weight=1.0,
        **kwargs,
    ):
        if (
            not isinstance(num_continuous, (int, np.integer))
            or isinstance(num_continuous, bool)
            or not 0 <= num_continuous < latent_dim
        ):
            raise ValueError(
                f"Received: `num_continuous={num_continuous!r}` with "
                f"`latent_dim={latent_dim!r}`; expected an int in [0, latent_dim)."
            )
        for name, value in [
            ("categorical_weight", categorical_weight),
            ("continuous_weight", continuous_weight),
        ]:
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(
                    f"Received: `{name}={value!r}`; expected a number >= 0."
                )
        super().__init__(generator, discriminator, latent_dim, num_classes, **kwargs)
        self.num_continuous = int(num_continuous)
        self.categorical_weight = float(categorical_weight)
        self.continuous_weight = float(continuous_weight)
        self.info_tracker = keras.metrics.Mean(name="info_loss")
        self.mi_tracker = keras.metrics.Mean(name="mi_categorical")

    @property
    def noise_dim(self):
        """Size of the noise z: `latent_dim - num_continuous`."""
        return self.latent_dim - self.num_continuous

    @property
    def metrics(self):
        return [*super().metrics, self.info_tracker, self.mi_tracker]

    @property
    def recognizer(self):
        """A `keras.Model` images -> Q's categorical probabilities."""
        return classifier_view(self.discriminator, self.image_shape, 1, "recognizer")

    # -- Game ------------------------------------------------------------------

    def unpack_batch(self, data):
        return GAN.unpack_batch(self, data)  # Images only: no labels are used.

    def synthetic_batch(self, batch_size, seed=0):
        return GAN.synthetic_batch(self, batch_size, seed)

    def sample_codes(self, batch_size):
        """`(latents, categorical codes)` from the prior, inside the step."""
        latents = self.sample_latent(batch_size)
        shape = (batch_size,)
        if replicas.num_replicas() > 1:  # Each replica its own codes.
            seed = replicas.replica_seed(self.seed_generator)
            codes = tf.random.stateless_uniform(
                shape, seed, minval=0, maxval=self.num_classes, dtype=tf.int32
            )
        else:
            codes = keras.random.randint(
                shape, 0, self.num_classes, dtype="int32", seed=self.seed_generator
            )
        return latents, codes

    def information_loss(self, images, latents, codes):
        """`(source logits, -lambda L_I, L_I of c)` of generated `images`."""
        outputs = self.discriminator(images, training=True)
        continuous, means = None, None
        if self.num_continuous:
            continuous, means = latents[:, self.noise_dim :], outputs[2]
        info = infogan_losses.infogan_mutual_information_loss(
            codes,
            outputs[1],
            continuous,
            means,
            self.categorical_weight,
            self.continuous_weight,
        )
        mi = infogan_losses.categorical_information(codes, outputs[1], self.num_classes)
        return outputs[0], info, mi

    def discriminator_objective(self, batch):
        real = batch["real"]
        latents, codes = self.sample_codes(ops.shape(real)[0])
        fake = self.generator([latents, codes], training=True)
        real_source = self.discriminator(real, training=True)[0]  # D only: no Q.
        fake_source, info, mi = self.information_loss(fake, latents, codes)
        d_loss = self.discriminator_loss(real_source, fake_source)

        def critic(images, training=True):
            return self.discriminator(images, training=training)[0]

        penalty = self.discriminator_penalty(real, fake, critic)
        logs = {"info_loss": info, "mi_categorical": mi}
        loss, logs = self.weighted_penalty(d_loss, penalty, logs)
        return loss + info, logs

    def generator_objective(self, batch):
        latents, codes = self.sample_codes(ops.shape(batch["real"])[0])
        fake = self.generator([latents, codes], training=True)
        fake_source, info, _ = self.information_loss(fake, latents, codes)
        g_loss = self.generator_loss(fake_source)
        return g_loss + info, {"g_loss": g_loss}

    # -- Sampling --------------------------------------------------------------

    def generate(self, n, seed=None, labels=None, batch_size=256, continuous=None):
        """Samples `n` images with given codes (inference mode).

        Args:
            n: number of samples.
            seed: integer; the same seed (and codes) gives the same samples.
            labels: the categorical code: a scalar or `n` ints in
                `[0, num_classes)`; `None` draws it uniformly.
            batch_size: samples per generator call, to bound memory.
            continuous: `None` (drawn with the noise) or the continuous codes:
                `(num_continuous,)` for all samples or `(n, num_continuous)`.

        Returns:
            A float32 NumPy array `(n,) + image_shape` in [-1, 1].
        """
        if continuous is None:
            return super().generate(n, seed, labels, batch_size)
        check_count(n)
        values = np.asarray(continuous, np.float32)
        try:
            values = np.broadcast_to(values, (n, self.num_continuous))
        except ValueError:
            raise ValueError(
                f"Received: `continuous` of shape {values.shape}; expected "
                f"({self.num_continuous},) or ({n}, {self.num_continuous})."
            ) from None
        if labels is None:
            labels = self.sample_labels(n, seed)
        labels = ops.convert_to_tensor(self.check_labels(labels, n))
        latents = np.array(ops.convert_to_numpy(self.sample_latent(n, seed=seed)))
        latents[:, self.noise_dim :] = values
        with self.averaged_generator():
            images = call_in_batches(
                self.generator,
                [ops.convert_to_tensor(latents), labels],
                batch_size,
                self.image_shape,
            )
        return images.astype(np.float32)

    def export_spec(self):
        # Named, not `super()`: `publish --float16` calls this method with a
        # view of the model as `self` (benchmarks.publish.Float16View).
        spec = ConditionalGAN.export_spec(self)
        spec.metadata.update(
            noise_dim=self.noise_dim,
            num_continuous=self.num_continuous,
            codes=(
                "labels: the categorical code; latents: the noise, then the "
                f"{self.num_continuous} continuous codes (last columns)"
            ),
        )
        return spec

    def get_config(self):
        config = super().get_config()
        config.update(
            num_continuous=self.num_continuous,
            categorical_weight=self.categorical_weight,
            continuous_weight=self.continuous_weight,
        )
        return config
