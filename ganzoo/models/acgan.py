"""`acgan`: auxiliary classifier GAN, Odena, Olah & Shlens (2017)."""

import keras
from keras import ops

from ganzoo.models.cgan import CONDITIONAL_SMOKE_KWARGS
from ganzoo.models.conditional import ConditionalGAN, classifier_view
from ganzoo.nets import conditional as conditional_nets
from ganzoo.objectives import conditional as losses_conditional
from ganzoo.registry import optimizer, register


@keras.saving.register_keras_serializable(package="ganzoo")
class ACGAN(ConditionalGAN):
    """A conditional G and a D that also classifies: `D(x) = [source, class]`.

    D maximises `L_S + L_C` and G maximises `L_C - L_S` (the paper's eq. 2-3),
    where `L_S` is the log-likelihood of the right source (real/fake) and
    `L_C` that of the right class, on real and generated images. Here both
    are minimised as losses: the source part is the `loss` pair (the
    non-saturating game by default, as in the paper's code) and the class
    part is `class_loss_weight` times the K-way cross-entropy. D sees only
    the image; the label enters G alone.

    Args:
        generator: `keras.Model` mapping `[latents, labels]` to images.
        discriminator: `keras.Model` mapping images to `[source_logits
            (batch, 1), class_logits (batch, K)]`.
        latent_dim: size of the noise vector z.
        num_classes: number of classes K.
        class_loss_weight: weight of `L_C` in both players' losses.
        **kwargs: `ganzoo.GAN` arguments (`loss`, `d_steps`, `seed`...).

    Example:

    ```python
    gan = ganzoo.build("acgan")
    gan.compile()
    gan.fit(ganzoo.data.load("mnist", with_labels=True), epochs=1)
    probabilities = gan.classifier(images)  # (batch, 10)
    ```

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with
    Auxiliary Classifier GANs", ICML 2017.
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        num_classes,
        class_loss_weight=1.0,
        **kwargs,
    ):
        super().__init__(generator, discriminator, latent_dim, num_classes, **kwargs)
        self.class_loss_weight = float(class_loss_weight)
        self.accuracy_tracker = keras.metrics.Mean(name="class_accuracy")

    @property
    def metrics(self):
        return [*super().metrics, self.accuracy_tracker]

    @property
    def classifier(self):
        """A `keras.Model` images -> class probabilities, sharing D's weights."""
        return classifier_view(self.discriminator, self.image_shape, index=1)

    def source_logits(self, images, labels, training=True):
        return self.discriminator(images, training=training)[0]

    def labeled_discriminator_loss(self, real, fake, labels):
        real_source, real_classes = self.discriminator(real, training=True)
        fake_source, fake_classes = self.discriminator(fake, training=True)
        hits = ops.equal(ops.argmax(real_classes, axis=-1), ops.cast(labels, "int64"))
        class_loss = losses_conditional.class_cross_entropy
        d_loss = self.discriminator_loss(real_source, fake_source)
        d_loss += self.class_loss_weight * (
            class_loss(labels, real_classes) + class_loss(labels, fake_classes)
        )
        return d_loss, {"class_accuracy": ops.mean(ops.cast(hits, "float32"))}

    def labeled_generator_loss(self, fake, labels):
        fake_source, fake_classes = self.discriminator(fake, training=True)
        class_loss = losses_conditional.class_cross_entropy(labels, fake_classes)
        return self.generator_loss(fake_source) + self.class_loss_weight * class_loss

    def get_config(self):
        config = super().get_config()
        config.update(class_loss_weight=self.class_loss_weight)
        return config


@register(
    "acgan",
    smoke_kwargs=CONDITIONAL_SMOKE_KWARGS,
    paper=(
        "Odena, Olah & Shlens, Conditional Image Synthesis with Auxiliary "
        "Classifier GANs, ICML 2017"
    ),
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),  # The paper's.
    evaluator="conditional_accuracy",
    dataset="mnist",
    loss="non_saturating",
    d_steps=1,
)
def build_acgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    num_classes=10,
    base_filters=64,
    kernel_size=5,
    embedding_dim=None,
    class_loss_weight=1.0,
    **kwargs,
):
    """Builds an ACGAN on DCGAN networks sized by `image_shape`.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: noise size (the paper: 110 including the class code).
        num_classes: number of classes K.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        embedding_dim: `None` for one-hot labels in G, else a learned
            embedding of this size.
        class_loss_weight: weight of the class cross-entropy for both players.
        **kwargs: other `ganzoo.GAN` arguments: `loss` (the source real/fake
            pair; the paper's `non_saturating`), `d_steps`, `penalty` (taken
            at the batch's labels), `penalty_weight`, `seed`.

    Returns:
        An `ACGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5) (the
        paper's optimizer). Train it on `(images, labels)` batches.

    Example:

    ```python
    gan = ganzoo.build("acgan", image_shape=(32, 32, 3))
    ```
    """
    generator = conditional_nets.conditional_generator(
        image_shape, latent_dim, num_classes, base_filters, kernel_size, embedding_dim
    )
    discriminator = conditional_nets.auxiliary_classifier_discriminator(
        image_shape, num_classes, base_filters, kernel_size
    )
    return ACGAN(
        generator,
        discriminator,
        latent_dim,
        num_classes,
        class_loss_weight=class_loss_weight,
        name="acgan",
        **kwargs,
    )
