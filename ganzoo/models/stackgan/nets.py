"""StackGAN networks: conditioning augmentation, Stage-I and Stage-II G and D.

All are functional `keras.Model`s built from `keras.layers` only. Sizes
follow Zhang et al. (2017) scaled by `filters`: Stage-I G projects
`[z, c]` to 4x4 and upsamples to the Stage-I side; Stage-II G encodes the
Stage-I image, joins the text code, refines with residual blocks and
upsamples to 4x the Stage-I side; both discriminators are matching-aware
(they see the image and the text embedding).

Reference: Zhang et al., "StackGAN: Text to Photo-realistic Image Synthesis
with Stacked Generative Adversarial Networks", ICCV 2017.
"""

import math

from keras import layers, models

# Stage-I G starts from, and the discriminators end at, this side (the paper).
BASE_SIDE = 4


def _num_halvings(large, small, arg):
    n = math.log2(large / small) if large >= small else -1
    if n != int(n):
        raise ValueError(
            f"Received: `{arg}={large}`; expected {small} times a power of 2."
        )
    return int(n)


def conditioning_augmentation(embedding_dim, condition_dim, name="ca"):
    """Text embedding -> `[mean, log_variance]` of the conditioning Gaussian.

    The code `c = mean + exp(log_variance / 2) * eps` is sampled by the model
    (its seed generator), so this net is deterministic.

    Args:
        embedding_dim: size of the text embedding phi_t.
        condition_dim: size N_g of the conditioning code c.
        name: model name.
    """
    embedding = layers.Input((embedding_dim,), name="embedding")
    x = layers.Dense(2 * condition_dim, name="moments")(embedding)
    # The paper's code uses a ReLU (later GLU) here; a plain linear map lets
    # the mean take any sign, which the KL to N(0, I) asks for.
    mean = layers.Identity(name="mean")(x[:, :condition_dim])
    log_variance = layers.Identity(name="log_variance")(x[:, condition_dim:])
    return models.Model(embedding, [mean, log_variance], name=name)


def _up_block(x, filters, name):
    # Nearest upsampling + 3x3 conv (the paper's "upsampling block").
    x = layers.UpSampling2D(name=f"{name}_up")(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv")(
        x
    )
    x = layers.BatchNormalization(name=f"{name}_bn")(x)
    return layers.ReLU(name=f"{name}_relu")(x)


def _to_image(x, channels, name):
    x = layers.Conv2D(channels, 3, padding="same", name=f"{name}_conv")(x)
    return layers.Activation("tanh", name=name)(x)


def stage1_generator(side, channels, noise_dim, condition_dim, filters=64):
    """Stage-I G: `[z, c]` -> a `side x side` image in [-1, 1].

    Args:
        side: Stage-I image side (the paper: 64), `4 * 2**n`.
        channels: image channels.
        noise_dim: size of z.
        condition_dim: size of c.
        filters: width of the last hidden layer, doubled towards the input.
    """
    n = _num_halvings(side, BASE_SIDE, "stage1_side")
    z = layers.Input((noise_dim,), name="noise")
    c = layers.Input((condition_dim,), name="condition")
    width = filters * 2**n
    x = layers.Concatenate()([z, c])
    x = layers.Dense(BASE_SIDE * BASE_SIDE * width, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Reshape((BASE_SIDE, BASE_SIDE, width))(x)
    for i in range(n):
        x = _up_block(x, filters * 2 ** (n - i - 1), f"up{i}")
    return models.Model([z, c], _to_image(x, channels, "image"), name="stage1_g")


def _residual_block(x, filters, name):
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.ReLU()(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    return layers.ReLU(name=name)(layers.Add()([x, y]))


def _replicate(code, side):
    # The paper spatially replicates the text code over the feature map.
    x = layers.Reshape((1, 1, code.shape[-1]))(code)
    return layers.UpSampling2D(side)(x)


def stage2_generator(stage1_side, channels, condition_dim, filters=32, num_residual=2):
    """Stage-II G: `[stage1_image, c]` -> an image 4x larger.

    The encoder halves the Stage-I image twice (to at least 4x4), joins the
    replicated code c, refines with residual blocks and upsamples to 4x the
    Stage-I side (the paper: 64 -> 16 -> 256).

    Args:
        stage1_side: side of the Stage-I image.
        channels: image channels.
        condition_dim: size of c.
        filters: width of the first encoder layer.
        num_residual: residual blocks (the paper: 4).
    """
    _num_halvings(stage1_side, BASE_SIDE, "stage1_side")
    downs = min(2, _num_halvings(stage1_side, BASE_SIDE, "stage1_side"))
    low = layers.Input((stage1_side, stage1_side, channels), name="stage1_image")
    c = layers.Input((condition_dim,), name="condition")
    x = layers.Conv2D(filters, 3, padding="same")(low)
    x = layers.ReLU()(x)
    for i in range(downs):
        x = layers.Conv2D(filters * 2 ** (i + 1), 4, 2, "same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
    side, width = stage1_side // 2**downs, filters * 2**downs
    x = layers.Concatenate()([x, _replicate(c, side)])
    x = layers.Conv2D(width, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    for i in range(num_residual):
        x = _residual_block(x, width, f"residual{i}")
    ups = downs + 2
    for i in range(ups):
        x = _up_block(x, max(width // 2 ** (i + 1), filters // 2, 4), f"up{i}")
    image = _to_image(x, channels, "image")
    return models.Model([low, c], image, name="stage2_g")


def matching_discriminator(
    side,
    channels,
    embedding_dim,
    filters=64,
    compress_dim=128,
    unconditional=False,
    name="d",
):
    """Matching-aware D: `[image, text_embedding]` -> `(batch, 1)` logits.

    Strided convolutions take the image to 4x4; the embedding, compressed
    by a dense layer to `compress_dim` and replicated over the 4x4 map, is
    joined to it, and a 1x1 then a 4x4 convolution score image *and* text,
    so that a real image with the wrong text can be called fake.

    With `unconditional=True` the logits are `(batch, 2)`: the matching
    score, then a second 4x4 convolution's score of the 4x4 image features
    alone (the authors' PyTorch Stage-II D, `get_uncond_logits`).

    Args:
        side: image side, `4 * 2**n` with n >= 1.
        channels: image channels.
        embedding_dim: size of the text embedding.
        filters: width of the first conv layer, doubled per halving.
        compress_dim: size N_d of the compressed embedding (the paper: 128).
        unconditional: also score the image without the text (see above).
        name: model name.
    """
    n = _num_halvings(side, BASE_SIDE, "side")
    image = layers.Input((side, side, channels), name="image")
    embedding = layers.Input((embedding_dim,), name="embedding")
    x = image
    for i in range(n):
        x = layers.Conv2D(filters * 2**i, 4, 2, "same", use_bias=i == 0)(x)
        if i:  # No batch norm on the input layer (DCGAN).
            x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(0.2)(x)
    features = x
    code = layers.Dense(compress_dim)(embedding)
    code = layers.LeakyReLU(0.2)(code)
    x = layers.Concatenate()([x, _replicate(code, BASE_SIDE)])
    x = layers.Conv2D(filters * 2 ** max(n - 1, 0), 1, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(0.2)(x)
    logits = layers.Flatten()(layers.Conv2D(1, BASE_SIDE, padding="valid")(x))
    if unconditional:
        score = layers.Conv2D(1, BASE_SIDE, padding="valid", name="unconditional")
        logits = layers.Concatenate()([logits, layers.Flatten()(score(features))])
    return models.Model([image, embedding], logits, name=name)
