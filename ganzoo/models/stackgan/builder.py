"""`stackgan`: the zoo entry (builder); the model is `StackGAN`.

Reference: Zhang et al., "StackGAN: Text to Photo-realistic Image Synthesis
with Stacked Generative Adversarial Networks", ICCV 2017.
"""

from ganzoo.data import captions
from ganzoo.models.stackgan import nets
from ganzoo.models.stackgan import text as text_lib
from ganzoo.models.stackgan.model import StackGAN
from ganzoo.models.stackgan.schedule import ARCHITECTURE, restore_stage1
from ganzoo.models.stackgan.stages import (
    StackDiscriminator,
    StackGenerator,
    check_stage,
)
from ganzoo.registry import optimizer, register

PAPER = (
    "Zhang et al., StackGAN: Text to Photo-realistic Image Synthesis with "
    "Stacked Generative Adversarial Networks, ICCV 2017"
)
SMOKE_KWARGS = dict(
    image_shape=(32, 32, 3),
    noise_dim=4,
    condition_dim=4,
    embedding_dim=8,
    text_width=8,
    g_filters=4,
    d_filters=4,
    compress_dim=4,
    num_residual=1,
)


# The networks' widths at the scale of the shapes captions (16x16 Stage-I,
# 64x64 Stage-II), shared by the zoo configs of the two-stage schedule.
SHAPES_KWARGS = dict(
    noise_dim=32,
    condition_dim=32,
    embedding_dim=64,
    text_width=64,
    g_filters=32,
    d_filters=32,
    compress_dim=32,
    num_residual=2,
)
# The smoke widths, without a fixed image shape (the configs give it).
SHAPES_SMOKE_KWARGS = {
    **{k: v for k, v in SMOKE_KWARGS.items() if k != "image_shape"},
    "text_encoder_steps": 5,
}


@register(
    "stackgan",
    smoke_kwargs=SMOKE_KWARGS,
    paper=PAPER,
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),  # The paper's.
    evaluator="stackgan_attributes",
    dataset="shapes",
    d_steps=1,
)
def build_stackgan(
    image_shape=(256, 256, 3),
    noise_dim=100,
    condition_dim=128,
    embedding_dim=128,
    text_width=128,
    g_filters=64,
    d_filters=64,
    compress_dim=128,
    num_residual=4,
    vocabulary=None,
    sequence_length=captions.SEQUENCE_LENGTH,
    kl_weight=1.0,
    conditioning_augmentation=True,
    stage2_unconditional=False,
    lr_decay_steps=None,
    stage="end_to_end",
    stage1_checkpoint="",
    text_encoder_steps=0,
    **kwargs,
):
    """Builds StackGAN: Stage-I at 1/4 of `image_shape`'s side, Stage-II at it.

    Args:
        image_shape: `(side, side, channels)` of Stage-II's output; Stage-I
            draws `side / 4` (the paper: 256 -> Stage-I 64; here 64 -> 16).
        noise_dim: size of z (the paper: 100).
        condition_dim: size N_g of the conditioning code (the paper: 128).
        embedding_dim: size of the text embedding phi_t.
        text_width: width of the text encoder.
        g_filters: Stage-I G's last hidden width and Stage-II G's first.
        d_filters: width of both discriminators' first layer.
        compress_dim: size N_d of D's compressed text code (the paper: 128).
        num_residual: Stage-II residual blocks (the paper: 4).
        vocabulary: the tokenizer's words; `None` for the shapes captions'
            (`ganzoo.data.captions.shapes_vocabulary()`); for a caption folder
            use `ganzoo.data.caption_vocabulary(folder)`.
        sequence_length: token ids per caption.
        kl_weight: lambda of the KL term, which sums over the code's
            dimensions (the paper: 1; its code: 2 times the mean over the
            dimensions, i.e. `2 / condition_dim` here).
        conditioning_augmentation: sample `c ~ N(mean, var)` with the KL
            term (the paper); False uses `c = mean` and no KL (its ablation).
        stage2_unconditional: Stage-II D also scores images without text,
            and both losses add that score (the authors' PyTorch release;
            their TensorFlow code, the paper's, has only the matching score).
            On the shapes set it lowered Stage-II's attribute accuracy
            (`zoo_configs/stackgan_shapes_stage2_no_ca_uncond.py`).
        lr_decay_steps: if set, `compile()`'s default optimizers halve both
            learning rates every this many steps (the paper's code: every
            100 epochs, 50 for Stage-I on birds); None keeps 2e-4.
        stage: 1 (train Stage-I), 2 (train Stage-II, Stage-I frozen) or
            `"end_to_end"` (both jointly).
        stage1_checkpoint: for stage 2: the workdir (or checkpoint) of a
            finished stage-1 run with the same network arguments, loaded at
            build time (`restore_stage1` refuses anything else); `{seed}`
            in it is replaced by `seed`, so that `benchmarks.run
            --seeds=0,1,2` pairs each Stage-II seed with its Stage-I run.
        text_encoder_steps: image-text matching steps that
            `gan.prepare_training()` pretrains the text encoder for on the
            shapes set (0: random, fixed); building trains nothing.
        **kwargs: other `ganzoo.GAN` arguments: `d_steps`, `seed` (also
            seeds the text encoder's pretraining data).

    Returns:
        A `StackGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5) (the
        paper's optimizer). Train it on `(images, token_ids)` batches.

    Example:

    ```python
    gan = ganzoo.build("stackgan", image_shape=(64, 64, 3), text_encoder_steps=400)
    gan.prepare_training()  # Pretrains the text encoder (the binary does this).
    ```
    """
    check_stage(stage)
    if stage1_checkpoint and stage != 2:
        raise ValueError(
            f"Received: `stage1_checkpoint={stage1_checkpoint!r}` with "
            f"`stage={stage!r}`; expected stage=2 (Stage-II trains on a frozen, "
            "loaded Stage-I) or no stage1_checkpoint."
        )
    architecture = {k: v for k, v in locals().items() if k in ARCHITECTURE}
    side, channels = image_shape[0], image_shape[-1]
    if len(image_shape) != 3 or image_shape[1] != side or side % 16:
        raise ValueError(
            f"Received: `image_shape={tuple(image_shape)}`; expected (side, side, "
            "channels) with side a multiple of 16 (Stage-I is side / 4 >= 4)."
        )
    low = side // 4
    vocabulary = list(vocabulary or captions.shapes_vocabulary())
    vocab_size = len(vocabulary) + text_lib.RESERVED_TOKENS
    encoder = text_lib.text_encoder(
        vocab_size, sequence_length, embedding_dim, text_width
    )
    generator = StackGenerator(
        nets.conditioning_augmentation(embedding_dim, condition_dim, name="ca1"),
        nets.stage1_generator(low, channels, noise_dim, condition_dim, g_filters),
        nets.conditioning_augmentation(embedding_dim, condition_dim, name="ca2"),
        nets.stage2_generator(low, channels, condition_dim, g_filters, num_residual),
        encoder,
        noise_dim,
        stage=stage,
        conditioning_augmentation=conditioning_augmentation,
        name="generator",
    )
    discriminator = StackDiscriminator(
        nets.matching_discriminator(
            low, channels, embedding_dim, d_filters, compress_dim, name="stage1_d"
        ),
        nets.matching_discriminator(
            side,
            channels,
            embedding_dim,
            d_filters,
            compress_dim,
            unconditional=stage2_unconditional,
            name="stage2_d",
        ),
        stage=stage,
        name="discriminator",
    )
    gan = StackGAN(
        generator,
        discriminator,
        noise_dim + condition_dim,
        vocabulary,
        sequence_length=sequence_length,
        kl_weight=kl_weight,
        lr_decay_steps=lr_decay_steps,
        stage=stage,
        text_encoder_steps=text_encoder_steps,
        name="stackgan",
        **kwargs,
    )
    if stage1_checkpoint:
        if "{seed}" in stage1_checkpoint:
            if kwargs.get("seed") is None:
                raise ValueError(
                    f"Received: `stage1_checkpoint={stage1_checkpoint!r}` and "
                    "`seed=None`; expected a seed to fill in `{seed}`."
                )
            stage1_checkpoint = stage1_checkpoint.replace("{seed}", str(kwargs["seed"]))
        gan.stage1_source = restore_stage1(gan, stage1_checkpoint, architecture)
    return gan
