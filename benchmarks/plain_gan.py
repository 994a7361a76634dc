"""A plain, hand-written Keras GAN: the baseline of `benchmarks/throughput.py`.

Not a binary. `PlainGAN` is the textbook Keras 3 DCGAN (`keras.io`'s "DCGAN
to generate face images" example, TF backend): one discriminator step on
the non-saturating binary cross-entropy, then one generator step, with
`GradientTape` and no hooks, trackers beyond the two losses, penalties or
distribution logic. Wrapped around the networks of a ganzoo model, it
measures what ganzoo's engine costs on top of them.
"""

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import keras
import tensorflow as tf
from keras import ops


class PlainGAN(keras.Model):
    """Two networks and the minimal non-saturating GAN `train_step`.

    Args:
        generator: a Keras model `latents -> samples`.
        discriminator: a Keras model `samples -> logits`.
        latent_dim: size of the normal latent vector.
        seed: seed of the noise.

    Example:

    ```python
    gan = ganzoo.build("dcgan")
    plain = PlainGAN(gan.generator, gan.discriminator, gan.latent_dim)
    plain.compile(keras.optimizers.Adam(2e-4, beta_1=0.5),
                  keras.optimizers.Adam(2e-4, beta_1=0.5))
    plain.fit(dataset, steps_per_epoch=100)
    ```
    """

    def __init__(self, generator, discriminator, latent_dim, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")

    def compile(self, d_optimizer, g_optimizer, **kwargs):
        super().compile(**kwargs)
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker]

    def call(self, latents, training=False):
        return self.generator(latents, training=training)

    def train_step(self, real):
        batch_size = ops.shape(real)[0]
        latents = keras.random.normal(
            (batch_size, self.latent_dim), seed=self.seed_generator
        )
        with tf.GradientTape() as tape:
            fake = self.generator(latents, training=True)
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(fake, training=True)
            d_loss = self.bce(ops.ones_like(real_logits), real_logits) + self.bce(
                ops.zeros_like(fake_logits), fake_logits
            )
        d_vars = self.discriminator.trainable_variables
        self.d_optimizer.apply(tape.gradient(d_loss, d_vars), d_vars)

        latents = keras.random.normal(
            (batch_size, self.latent_dim), seed=self.seed_generator
        )
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator(
                self.generator(latents, training=True), training=True
            )
            g_loss = self.bce(ops.ones_like(fake_logits), fake_logits)
        g_vars = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(g_loss, g_vars), g_vars)

        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        return {
            "d_loss": self.d_loss_tracker.result(),
            "g_loss": self.g_loss_tracker.result(),
        }
