"""`sgan`: the zoo entry (builder), its architectures and their recipes as data.

`RECIPES` holds, per architecture, what `compile()` without optimizers uses;
`"weight_norm_mlp"` is Salimans et al.'s MNIST recipe in the details of
their code (openai/improved-gan, `train_mnist_feature_matching.py`):

- D: [0, 1] pixels + N(0, 0.3) noise, weight-normalised ReLU layers 1000,
  500, 250, 250, 250, each followed by N(0, 0.5) noise, 10 weight-normalised
  logits (the fake class's logit fixed at 0); data-dependent init on 500
  training images; hidden layers' scales fixed after it.
- G: U[-1, 1]^100 -> 500 softplus + BN -> 500 softplus + BN -> 784 sigmoid
  with weight norm; feature matching on D's last 250-unit layer, against an
  unlabeled batch of its own. (The code draws U[0, 1]^100: an affine change
  of the noise that the batch norm after G's first layer removes, up to its
  epsilon.)
- D's loss: cross-entropy on 100 labeled digits per step (all 100 labels,
  reshuffled) plus `0.5 * (-mean lse(l_unl) + mean softplus(lse(l_unl)) +
  mean softplus(lse(l_fake)))` (the code's 0.5, `sgan_unsupervised_loss`).
- Adam(3e-3, beta_1=0.5) for both, constant (the MNIST script never decays
  it), 300 epochs of 600 steps at batch 100; D's parameters averaged
  (`a <- a + 1e-4 (p - a)` per step, i.e. EMA momentum 0.9999) and the test
  error taken with the averages, noise off.

Adam is the code's (`nn.adam_updates`: epsilon 1e-8 inside the square root,
after bias correction), `ganzoo.nets.RootEpsilonAdam`; Keras's `Adam`, which
adds epsilon outside the root before bias correction, took steps 0.6-0.8x
the code's after a few hundred steps and 0.03-0.5x in the first ten (issue
40), so it is not the same optimizer. One difference kept: the optimizer's
parameter average starts at the first step's weights, the code's at zero (a
bias of 0.9999^t that is gone, below 1e-7, by the end of 300 epochs; early
epochs of the curve read it).

The paper's first version (2016-06-10) predates the averaging: the MNIST
script of 2016-06-08 to 06-14 (improved-gan up to 30d4beb) used lr 0.001,
constant to epoch 200 and then `0.001 * (3 - epoch / 100)` per epoch, and
tested the trained D; `zoo_configs/sgan_mnist_paper_era.py` is that recipe.
"""

import dataclasses

from ganzoo.models.sgan import nets as ssl_nets
from ganzoo.models.sgan.model import SGAN
from ganzoo.nets import dcgan_generator
from ganzoo.registry import DEFAULT_OPTIMIZER, optimizer, register

PAPER = (
    "Odena, Semi-Supervised Learning with GANs, 2016; Salimans et al., "
    "Improved Techniques for Training GANs, NeurIPS 2016"
)


@dataclasses.dataclass(frozen=True)
class Recipe:
    """An architecture's training defaults.

    Args:
        d_optimizer: Keras optimizer identifier for D (`registry.optimizer`).
        g_optimizer: the same for G.
        latent_distribution: the noise prior, `"normal"` or `"uniform"`.
    """

    d_optimizer: dict
    g_optimizer: dict
    latent_distribution: str


# Salimans et al.'s MNIST Adam, their code's update rule (module docstring).
CODE_ADAM = "ganzoo>RootEpsilonAdam"
PAPER_ADAM = optimizer(CODE_ADAM, learning_rate=3e-3, beta_1=0.5, epsilon=1e-8)
# ... and for D its parameter average, which the test error uses.
PAPER_ADAM_AVERAGED = optimizer(
    CODE_ADAM,
    learning_rate=3e-3,
    beta_1=0.5,
    epsilon=1e-8,
    use_ema=True,
    ema_momentum=0.9999,
)
RECIPES = {
    # DCGAN's Adam(2e-4, beta_1=0.5) suits the conv nets (Odena 2016).
    "dcgan": Recipe(DEFAULT_OPTIMIZER, DEFAULT_OPTIMIZER, "normal"),
    # Salimans et al.'s nets without weight norm (the zoo's first MLP).
    "mlp": Recipe(PAPER_ADAM, PAPER_ADAM, "uniform"),
    "weight_norm_mlp": Recipe(PAPER_ADAM_AVERAGED, PAPER_ADAM, "uniform"),
}
ARCHITECTURES = tuple(RECIPES)


@register(
    "sgan",
    smoke_kwargs=dict(image_shape=(8, 8, 1), latent_dim=4, base_filters=4),
    paper=PAPER,
    # The default architecture's ("dcgan"); each architecture's are in
    # `RECIPES`, which `compile()` without optimizers uses.
    optimizer=RECIPES["dcgan"].d_optimizer,
    evaluator="semi_supervised_error",
    dataset="mnist",
    d_steps=1,
)
def build_sgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    num_classes=10,
    architecture="dcgan",
    base_filters=64,
    kernel_size=5,
    dropout=0.0,
    hidden_units=ssl_nets.PAPER_HIDDEN_UNITS,
    generator_units=ssl_nets.PAPER_GENERATOR_UNITS,
    generator_objective="feature_matching",
    unsupervised_weight=1.0,
    **kwargs,
):
    """Builds a semi-supervised GAN.

    Args:
        image_shape: shape of one image.
        latent_dim: noise size (the paper: 100).
        num_classes: number of real classes K.
        architecture: `"dcgan"` (conv nets sized by `image_shape`, no batch
            norm in D), `"mlp"` (Salimans et al.'s MNIST nets without weight
            norm, tanh output) or `"weight_norm_mlp"` (their nets as their
            code has them, see this module's docstring).
        base_filters: `"dcgan"` only: width of the outermost conv layers.
        kernel_size: `"dcgan"` only: conv kernel size.
        dropout: `"dcgan"` only: dropout on D's features before its head.
        hidden_units: MLPs only: D's hidden widths (1000, 500, 250, 250, 250).
        generator_units: `"weight_norm_mlp"` only: G's widths (500, 500).
        generator_objective: `"feature_matching"` (the paper's best for
            semi-supervised learning) or `"non_saturating"`.
        unsupervised_weight: weight of D's unsupervised loss (0: the
            supervised-only baseline with the same network).
        **kwargs: other `ganzoo.GAN` arguments (`d_steps`, `seed`, `penalty`
            on `D(x) = logsumexp(l)`...).

    Returns:
        An `SGAN`; `compile()` without optimizers uses the architecture's
        (`RECIPES`: DCGAN's Adam(2e-4, beta_1=0.5) for `"dcgan"`, Salimans et
        al.'s Adam(3e-3, beta_1=0.5) for the MLPs, with D's parameter average
        for `"weight_norm_mlp"`). Train it on
        `ganzoo.data.load_semi_supervised(...)`.

    Speed (`"weight_norm_mlp"`, the recipe's step, graph mode; issue 40):
    against the same networks, losses and updates in PyTorch eager,
    interleaved in one process on one thread of a busy 2-core AMD EPYC
    (`python -m benchmarks.sgan_speed_compare --threads=1`), ganzoo ran
    1.20-1.28x torch's steps/s (1.15-1.23x per CPU-second); before the
    Box-Muller noise, the scaled `x @ v` and G's separate real-feature
    call it ran 1.02x (`benchmarks/SPEED.md`). XLA is slower on a CPU:
    `keras.random` under XLA draws the noise in over a second per step.

    Example:

    ```python
    gan = ganzoo.build("sgan", architecture="weight_norm_mlp")
    gan.compile()  # Adam(3e-3, beta_1=0.5), D averaged (EMA 0.9999)
    ```
    """
    if architecture not in ARCHITECTURES:
        raise ValueError(
            f"Received: `architecture={architecture!r}`; expected one of "
            f"{list(ARCHITECTURES)}."
        )
    if architecture == "weight_norm_mlp":
        generator = ssl_nets.weight_norm_mlp_generator(
            image_shape, latent_dim, generator_units
        )
        discriminator = ssl_nets.weight_norm_mlp_discriminator(
            image_shape, num_classes, hidden_units
        )
    elif architecture == "mlp":
        generator = ssl_nets.mlp_batchnorm_generator(image_shape, latent_dim)
        discriminator = ssl_nets.mlp_classifier_discriminator(
            image_shape, num_classes, hidden_units
        )
    else:
        generator = dcgan_generator(image_shape, latent_dim, base_filters, kernel_size)
        discriminator = ssl_nets.classifier_discriminator(
            image_shape, num_classes, base_filters, kernel_size, dropout=dropout
        )
    return SGAN(
        generator,
        discriminator,
        latent_dim,
        generator_objective=generator_objective,
        unsupervised_weight=unsupervised_weight,
        architecture=architecture,
        latent_distribution=RECIPES[architecture].latent_distribution,
        name="sgan",
        **kwargs,
    )
