"""`realnvp`: the zoo entry (builder); the model is `RealNVP`."""

from ganzoo import nets
from ganzoo.models.realnvp.model import RealNVP
from ganzoo.nets.flows import LOGIT_LAMBDA, RealNVPFlow
from ganzoo.registry import optimizer, register

REALNVP_PAPER = (
    "Danihelka et al., Comparison of Maximum Likelihood and GAN-based training "
    "of Real NVPs, arXiv 1705.05263, 2017; Grover et al., Flow-GAN, AAAI 2018"
)
REALNVP_SMOKE_KWARGS = dict(
    image_shape=(8, 8, 1),
    objective="hybrid",  # Both players move: the sweep checks both.
    num_scales=1,
    couplings_per_scale=1,
    final_couplings=1,
    hidden_channels=4,
    base_filters=4,
)


@register(
    "realnvp",
    smoke_kwargs=REALNVP_SMOKE_KWARGS,
    paper=REALNVP_PAPER,
    # Flow-GAN's MNIST commands, the same for its three arms (both players).
    optimizer=optimizer("Adam", learning_rate=1e-4, beta_1=0.5, beta_2=0.9),
    evaluator="bits_per_dim",
    dataset="mnist",
    loss="wasserstein",
    d_steps=5,
    penalty="wgan_gp",
    penalty_weight=10.0,
)
def build_realnvp(
    image_shape=(28, 28, 1),
    objective="mle",
    num_scales=1,
    couplings_per_scale=3,
    final_couplings=3,
    hidden_channels=32,
    logit_lambda=LOGIT_LAMBDA,
    likelihood_weight=1.0,
    base_filters=64,
    kernel_size=5,
    **kwargs,
):
    """Builds a Real NVP generator with a WGAN-GP critic beside it.

    The flow (`ganzoo.nets.flows.RealNVPFlow`): per scale block
    `couplings_per_scale` checkerboard affine couplings, a squeeze and as
    many channel couplings, then `final_couplings` checkerboard ones, each
    with a conv conditioner `hidden_channels` wide and tanh-bounded scales,
    on logit-transformed images. The critic is WGAN-GP's: the DCGAN
    discriminator without batch norm.

    Args:
        image_shape: `(height, width, channels)`; sides divisible by
            `2**num_scales` (and by 4 for the critic).
        objective: `"mle"`, `"wgan_gp"` or `"hybrid"` (see `RealNVP`).
        num_scales: scale blocks of the flow.
        couplings_per_scale: couplings of each mask per block.
        final_couplings: checkerboard couplings closing the flow.
        hidden_channels: width of the couplings' conditioners.
        logit_lambda: lambda of the logit transform (MAF: 1e-6).
        likelihood_weight: Flow-GAN's weight of the likelihood in `"hybrid"`
            (its MNIST hybrid: 1).
        base_filters: width of the critic's first conv layer.
        kernel_size: the critic's kernel size.
        **kwargs: other `RealNVP` arguments; the WGAN-GP game (`loss`
            `"wasserstein"`, `d_steps` 5, `penalty` `"wgan_gp"`,
            `penalty_weight` 10) is the registration's default.

    Returns:
        A `RealNVP`; `compile()` defaults to Adam(1e-4, beta_1=0.5,
        beta_2=0.9) for both (Flow-GAN's MNIST setting).

    Example:

    ```python
    mle = ganzoo.build("realnvp")
    adversarial = ganzoo.build("realnvp", objective="wgan_gp")
    ```
    """
    flow = RealNVPFlow(
        image_shape,
        num_scales=num_scales,
        couplings_per_scale=couplings_per_scale,
        final_couplings=final_couplings,
        hidden_channels=hidden_channels,
        logit_lambda=logit_lambda,
        name="generator",
    )
    critic = nets.dcgan_discriminator(
        tuple(image_shape), base_filters, kernel_size, batch_norm=False
    )
    return RealNVP(
        flow,
        critic,
        objective=objective,
        likelihood_weight=likelihood_weight,
        name="realnvp",
        **kwargs,
    )
