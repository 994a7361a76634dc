"""`cgan`: conditional GAN, Mirza & Osindero (2014), on DCGAN networks."""

from ganzoo.models.conditional import ConditionalGAN
from ganzoo.nets import conditional as conditional_nets
from ganzoo.registry import optimizer, register

CONDITIONAL_SMOKE_KWARGS = dict(
    image_shape=(8, 8, 1), latent_dim=4, base_filters=4, num_classes=10
)


@register(
    "cgan",
    smoke_kwargs=CONDITIONAL_SMOKE_KWARGS,
    paper="Mirza & Osindero, Conditional Generative Adversarial Nets, 2014",
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="conditional_accuracy",
    dataset="mnist",
    loss="non_saturating",
    d_steps=1,
)
def build_cgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    num_classes=10,
    base_filters=64,
    kernel_size=5,
    embedding_dim=None,
    projection=False,
    **kwargs,
):
    """Builds a label-conditioned GAN on DCGAN networks sized by `image_shape`.

    G gets the label code next to the noise; D gets it tiled over the image
    as extra channels, or, with `projection=True`, as a projection term
    `embed(y) . phi(x)` added to its logit (Miyato & Koyama 2018).

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: noise size.
        num_classes: number of classes K.
        base_filters: width of the outermost conv layers.
        kernel_size: conv kernel size.
        embedding_dim: `None` for one-hot labels, else learned embeddings of
            this size (in G, and in D unless `projection`).
        projection: use the projection discriminator.
        **kwargs: other `ganzoo.GAN` arguments: `loss` (a pair of
            `ganzoo.losses.list_losses()`), `d_steps`, `penalty` (taken at the
            batch's labels), `penalty_weight`, `seed`.

    Returns:
        A `ConditionalGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5).
        Train it on `(images, labels)` batches.

    Example:

    ```python
    gan = ganzoo.build("cgan", projection=True)
    gan.compile()
    gan.fit(ganzoo.data.load("mnist", with_labels=True, seed=0), epochs=1)
    digits = gan.generate(10, seed=0, labels=range(10))
    ```
    """
    generator = conditional_nets.conditional_generator(
        image_shape, latent_dim, num_classes, base_filters, kernel_size, embedding_dim
    )
    discriminator = conditional_nets.conditional_discriminator(
        image_shape,
        num_classes,
        base_filters,
        kernel_size,
        conditioning="projection" if projection else "concat",
        embedding_dim=embedding_dim,
    )
    return ConditionalGAN(
        generator,
        discriminator,
        latent_dim,
        num_classes,
        name="cgan",
        **kwargs,
    )
