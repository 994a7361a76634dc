"""CycleGAN networks: the ResNet generator and the PatchGAN discriminator.

Both follow the authors' reference code (junyanz/pytorch-CycleGAN-and-pix2pix):
weights drawn from N(0, 0.02), instance normalization, and explicit padding
so every size matches the paper's formulas exactly.
"""

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="ganzoo")
class ReflectionPadding2D(layers.Layer):
    """Pads height and width by mirroring the border (no edge repetition).

    Keras 3 has no reflection-padding layer (only `ZeroPadding2D`). CycleGAN
    pads with reflections before its 7x7 and 3x3 convolutions because zero
    borders leave visible artifacts at the image edges; `ops.pad(...,
    mode="reflect")` provides it on every backend and compiles under XLA.

    Args:
        padding: pixels added on each side of height and width.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Example:

    ```python
    x = ReflectionPadding2D(3)(keras.ops.zeros((1, 8, 8, 3)))  # (1, 14, 14, 3)
    ```

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017, appendix 7.2.
    """

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, bool) or not isinstance(padding, int) or padding < 0:
            raise ValueError(
                f"Received: `padding={padding!r}`; expected an integer >= 0."
            )
        self.padding = padding

    def call(self, inputs):
        p = self.padding
        return ops.pad(inputs, [[0, 0], [p, p], [p, p], [0, 0]], mode="reflect")

    def compute_output_shape(self, input_shape):
        b, h, w, c = input_shape
        grow = 2 * self.padding
        return (b, None if h is None else h + grow, None if w is None else w + grow, c)

    def get_config(self):
        return {**super().get_config(), "padding": self.padding}


def _init():
    # The reference code initialises every conv with N(0, 0.02).
    return keras.initializers.RandomNormal(stddev=0.02)


def _conv(x, filters, kernel, strides=1, use_bias=False):
    return layers.Conv2D(
        filters,
        kernel,
        strides=strides,
        use_bias=use_bias,
        kernel_initializer=_init(),
    )(x)


def _norm(x):
    # groups=-1: one group per channel, i.e. instance normalization (the
    # reference code's InstanceNorm2d; eps as in PyTorch).
    return layers.GroupNormalization(groups=-1, epsilon=1e-5)(x)


def _check_shape(image_shape, arg="image_shape"):
    shape = tuple(image_shape)
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(
            f"Received: `{arg}={shape}`; expected (height, width, channels)."
        )
    return shape


def resnet_generator(
    image_shape,
    out_channels=None,
    base_filters=64,
    num_res_blocks=9,
    name="resnet_generator",
):
    """CycleGAN's ResNet generator: c7s1-64, d128, d256, R256 x n, u128, u64, c7s1-3.

    Two stride-2 convolutions down, `num_res_blocks` residual blocks, two
    stride-2 transposed convolutions up; reflection padding before the 7x7
    and residual convolutions; instance norm and ReLU after each convolution
    but the last, which ends in tanh. The output has the input's size.

    Args:
        image_shape: `(height, width, channels)` of the input; height and
            width divisible by 4 and at least 8 (reflection padding needs
            the 1/4-size feature map to be wider than its padding).
        out_channels: channels of the output; defaults to the input's.
        base_filters: filters of the first layer (the paper: 64).
        num_res_blocks: residual blocks (the paper: 6 at 128x128, 9 at
            256x256 and above).
        name: model name.

    Returns:
        A functional `keras.Model` from images in [-1, 1] to images in
        [-1, 1] of shape `(height, width, out_channels)`.

    Example:

    ```python
    g = resnet_generator((32, 32, 3), base_filters=8, num_res_blocks=2)
    ```

    Reference: Zhu et al., ICCV 2017, appendix 7.2; Johnson et al.,
    "Perceptual Losses for Real-Time Style Transfer", ECCV 2016.
    """
    h, w, c = _check_shape(image_shape)
    if h % 4 or w % 4 or min(h, w) < 8:
        raise ValueError(
            f"Received: `image_shape={tuple(image_shape)}`; expected height and "
            "width divisible by 4 and at least 8 (two stride-2 steps down and "
            "back up), e.g. (32, 32, 3) or (256, 256, 3)."
        )
    if num_res_blocks < 0:
        raise ValueError(
            f"Received: `num_res_blocks={num_res_blocks!r}`; expected >= 0."
        )
    out_channels = c if out_channels is None else out_channels
    images = keras.Input((h, w, c))
    x = ReflectionPadding2D(3)(images)
    x = layers.ReLU()(_norm(_conv(x, base_filters, 7)))
    filters = base_filters
    for _ in range(2):
        filters *= 2
        # Padding 1 on both sides, as in the reference code; "same" would pad
        # only the bottom/right for a stride-2 3x3 convolution.
        x = layers.ZeroPadding2D(1)(x)
        x = layers.ReLU()(_norm(_conv(x, filters, 3, strides=2)))
    for _ in range(num_res_blocks):
        y = ReflectionPadding2D(1)(x)
        y = layers.ReLU()(_norm(_conv(y, filters, 3)))
        y = _norm(_conv(ReflectionPadding2D(1)(y), filters, 3))
        x = layers.Add()([x, y])
    for _ in range(2):
        filters //= 2
        x = layers.Conv2DTranspose(
            filters,
            3,
            strides=2,
            padding="same",
            use_bias=False,
            kernel_initializer=_init(),
        )(x)
        x = layers.ReLU()(_norm(x))
    x = _conv(ReflectionPadding2D(3)(x), out_channels, 7, use_bias=True)
    outputs = layers.Activation("tanh")(x)
    return keras.Model(images, outputs, name=name)


def patchgan_output_size(size, num_layers=3):
    """Side of the PatchGAN's output grid for an input side `size`.

    Each 4x4 convolution pads 1 on each side: `out = (n + 2 - 4) // s + 1`,
    with stride 2 for the first `num_layers` and stride 1 for the last two.

    Args:
        size: input height or width.
        num_layers: stride-2 layers (3 for the 70x70 PatchGAN).

    Example:

    >>> patchgan_output_size(256), patchgan_output_size(128)
    (30, 14)
    """
    for stride in [2] * num_layers + [1, 1]:
        size = (size - 2) // stride + 1
    return size


def patchgan_receptive_field(num_layers=3):
    """Receptive field of one PatchGAN output: 70 for `num_layers=3`.

    Walks back from one output pixel: `r <- (r - 1) * stride + 4`.

    Example:

    >>> patchgan_receptive_field(3), patchgan_receptive_field(2)
    (70, 34)
    """
    field = 1
    for stride in [1, 1] + [2] * num_layers:
        field = (field - 1) * stride + 4
    return field


def patchgan_discriminator(
    image_shape, base_filters=64, num_layers=3, name="patchgan_discriminator"
):
    """PatchGAN discriminator: one real/fake score per overlapping patch.

    C64-C128-C256-C512 (4x4 convolutions, LeakyReLU 0.2, instance norm on
    all but the first), then a 4x4 convolution to one channel. The first
    `num_layers` convolutions have stride 2; with 3 each output sees a 70x70
    patch. The outputs are linear, for the least-squares loss.

    Args:
        image_shape: `(height, width, channels)` of the input.
        base_filters: filters of the first layer (the paper: 64), doubled
            per layer up to 8x.
        num_layers: stride-2 layers; 3 is the paper's 70x70 PatchGAN, fewer
            suit small images (2: 34x34, 1: 16x16 patches).
        name: model name.

    Returns:
        A functional `keras.Model` producing `(batch, rows, cols, 1)` scores
        with `rows = patchgan_output_size(height, num_layers)`.

    Example:

    ```python
    d = patchgan_discriminator((256, 256, 3))  # output (None, 30, 30, 1)
    ```

    Reference: Isola et al., "Image-to-Image Translation with Conditional
    Adversarial Networks", CVPR 2017; Zhu et al., ICCV 2017, appendix 7.2.
    """
    h, w, c = _check_shape(image_shape)
    if num_layers < 0 or min(patchgan_output_size(s, num_layers) for s in (h, w)) < 1:
        raise ValueError(
            f"Received: `num_layers={num_layers!r}` for `image_shape="
            f"{tuple(image_shape)}`; expected a number of stride-2 layers >= 0 "
            "that leaves an output grid of at least 1x1 (see "
            "`patchgan_output_size`): the 70x70 PatchGAN (3) needs images of "
            "at least 32x32."
        )
    images = keras.Input((h, w, c))
    x = images
    filters = base_filters
    for i, stride in enumerate([2] * num_layers + [1]):
        x = _conv(
            layers.ZeroPadding2D(1)(x), filters, 4, strides=stride, use_bias=i == 0
        )
        if i > 0:
            x = _norm(x)
        x = layers.LeakyReLU(0.2)(x)
        filters = min(filters * 2, base_filters * 8)
    scores = _conv(layers.ZeroPadding2D(1)(x), 1, 4, use_bias=True)
    return keras.Model(images, scores, name=name)
