"""`cyclegan`: the zoo entry (builder); the model is `CycleGAN`."""

from ganzoo.models.cyclegan import nets
from ganzoo.models.cyclegan.model import CycleGAN
from ganzoo.registry import optimizer, register

CYCLEGAN_PAPER = (
    "Zhu et al., Unpaired Image-to-Image Translation using Cycle-Consistent "
    "Adversarial Networks, ICCV 2017"
)
CYCLEGAN_SMOKE_KWARGS = dict(
    image_shape=(8, 8, 1),
    b_channels=3,
    base_filters=4,
    num_res_blocks=1,
    discriminator_layers=1,
)


@register(
    "cyclegan",
    smoke_kwargs=CYCLEGAN_SMOKE_KWARGS,
    paper=CYCLEGAN_PAPER,
    # The paper's; with `total_steps` the rate decays over the second half.
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="translation",
    dataset="mnist",
)
def build_cyclegan(
    image_shape=(256, 256, 3),
    b_channels=None,
    base_filters=64,
    num_res_blocks=None,
    discriminator_layers=3,
    cycle_weight=10.0,
    identity_weight=0.0,
    pool_size=50,
    total_steps=None,
    seed=None,
):
    """Builds a CycleGAN with the paper's ResNet generators and PatchGANs.

    Args:
        image_shape: `(height, width, channels)` of domain A; height and
            width divisible by 4.
        b_channels: channels of domain B; defaults to domain A's.
        base_filters: width of the first generator and discriminator layers
            (the paper: 64).
        num_res_blocks: residual blocks per generator; defaults to the
            paper's 9 for images of at least 256x256 and 6 below.
        discriminator_layers: stride-2 layers of the PatchGANs; 3 is the
            paper's 70x70 PatchGAN (needs at least 32x32 images), 2 gives
            34x34 patches, 1 gives 16x16.
        cycle_weight: lambda of the cycle loss (the paper: 10).
        identity_weight: identity loss weight relative to `cycle_weight`;
            the paper uses 0.5 for painting -> photo, 0 otherwise.
        pool_size: history pool size per direction (the paper: 50).
        total_steps: training length for the default optimizers' linear
            learning-rate decay over the second half; None keeps 2e-4.
        seed: seed of the history pools.

    Returns:
        A `CycleGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5).

    Example:

    ```python
    gan = ganzoo.build("cyclegan", image_shape=(128, 128, 3))  # 6 blocks
    gan.compile()
    ```
    """
    shape_a = tuple(image_shape)
    if len(shape_a) != 3:
        raise ValueError(
            f"Received: `image_shape={image_shape!r}`; expected (height, width, "
            "channels)."
        )
    shape_b = (*shape_a[:2], shape_a[2] if b_channels is None else int(b_channels))
    if num_res_blocks is None:
        num_res_blocks = 9 if min(shape_a[:2]) >= 256 else 6

    def generator(source, target, name):
        return nets.resnet_generator(
            source, target[-1], base_filters, num_res_blocks, name=name
        )

    def discriminator(shape, name):
        return nets.patchgan_discriminator(
            shape, base_filters, discriminator_layers, name=name
        )

    return CycleGAN(
        generator(shape_a, shape_b, "generator_a2b"),
        generator(shape_b, shape_a, "generator_b2a"),
        discriminator(shape_b, "discriminator_b"),
        discriminator(shape_a, "discriminator_a"),
        cycle_weight=cycle_weight,
        identity_weight=identity_weight,
        pool_size=pool_size,
        total_steps=total_steps,
        seed=seed,
        name="cyclegan",
    )
