"""Containers that hold StackGAN's two stages as one generator and one D.

`ganzoo.GAN` has one `generator` and one `discriminator`; these containers
keep both stages (and the conditioning augmentation nets) inside them, and
set which parts train from `stage`: 1 trains Stage-I only, 2 freezes
Stage-I (the paper's schedule), `"end_to_end"` trains both jointly.
"""

import keras
from keras import ops

STAGES = (1, 2, "end_to_end")
_GENERATOR_NETS = ("ca1", "stage1", "ca2", "stage2", "text_encoder")


def check_stage(stage):
    if stage not in STAGES:
        raise ValueError(f"Received: `stage={stage!r}`; expected one of {STAGES}.")
    return stage


def upscale(images, factor):
    """Nearest-neighbour upscaling by an integer factor."""
    return ops.repeat(ops.repeat(images, factor, axis=1), factor, axis=2)


@keras.saving.register_keras_serializable(package="ganzoo")
class StackGenerator(keras.Model):
    """Text encoder, conditioning augmentation and both stages' generators.

    `call(latents)` splits `latents = [z, c]` and draws with `c` as the code
    of both stages (c from the prior N(0, I), which the KL term pulls each
    text's code distribution towards). `synthesize` is the text path.

    Args:
        ca1: Stage-I conditioning augmentation, embedding -> [mean, log_var].
        stage1: Stage-I G, `[z, c]` -> low-resolution image.
        ca2: Stage-II conditioning augmentation.
        stage2: Stage-II G, `[stage1_image, c]` -> 4x larger image.
        text_encoder: token ids -> text embedding phi_t; always frozen
            (pretrained, as the paper's char-CNN-RNN).
        noise_dim: size of z.
        stage: 1, 2 or `"end_to_end"`; with 1 the output is the Stage-I image
            upscaled 4x (nearest), so the output shape never changes.
        conditioning_augmentation: True samples `c ~ N(mean, var)`; False
            (the paper's ablation) uses `c = mean` and reports no moments,
            so no KL term.
        **kwargs: `keras.Model` arguments.
    """

    def __init__(
        self,
        ca1,
        stage1,
        ca2,
        stage2,
        text_encoder,
        noise_dim,
        stage="end_to_end",
        conditioning_augmentation=True,
        **kw,
    ):
        super().__init__(**kw)
        self.conditioning_augmentation = bool(conditioning_augmentation)
        self.ca1, self.stage1, self.ca2, self.stage2 = ca1, stage1, ca2, stage2
        self.text_encoder = text_encoder
        text_encoder.trainable = False
        self.noise_dim = int(noise_dim)
        self.stage = check_stage(stage)
        self.condition_dim = int(ca1.outputs[0].shape[-1])
        self.factor = int(stage2.output_shape[1]) // int(stage1.output_shape[1])
        # Frozen parts also run in inference mode (BatchNorm statistics kept).
        ca1.trainable = stage1.trainable = stage != 2
        ca2.trainable = stage2.trainable = stage != 1
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self.stage2.output_shape[1:])

    def split(self, latents):
        """`latents` -> `(z, eps)`: the noise and the code's standard normal."""
        return latents[:, : self.noise_dim], latents[:, self.noise_dim :]

    def codes(self, ca, embedding, eps, training):
        """`(c, mean, log_var)` with `c = mean + exp(log_var / 2) * eps`."""
        mean, log_variance = ca(embedding, training=training)
        if not self.conditioning_augmentation:
            return mean, mean, log_variance
        # The noise is float32; under mixed precision the code is not.
        eps = ops.cast(eps, mean.dtype)
        return mean + ops.exp(0.5 * log_variance) * eps, mean, log_variance

    def draw(self, z, c1, c2, training=False):
        """`(stage1_image, output)` from codes; `output` follows `stage`."""
        low = self.stage1([z, c1], training=training and self.stage != 2)
        if self.stage == 1:
            return low, upscale(low, self.factor)
        return low, self.stage2([low, c2], training=training)

    def synthesize(self, embedding, latents, training=False):
        """Text path: `(stage1_image, output, moments)` for `embedding`.

        `moments` lists the `(mean, log_var)` of the stages that train
        (none without conditioning augmentation).
        """
        z, eps = self.split(latents)
        c1, m1, v1 = self.codes(self.ca1, embedding, eps, training)
        c2, m2, v2 = self.codes(self.ca2, embedding, eps, training)
        low, out = self.draw(z, c1, c2, training)
        moments = {1: [(m1, v1)], 2: [(m2, v2)], "end_to_end": [(m1, v1), (m2, v2)]}
        if not self.conditioning_augmentation:
            return low, out, []
        return low, out, moments[self.stage]

    def call(self, latents, training=False):
        z, c = self.split(latents)
        return self.draw(z, c, c, training)[1]

    def get_config(self):
        config = super().get_config()
        for key in _GENERATOR_NETS:
            config[key] = keras.saving.serialize_keras_object(getattr(self, key))
        config.update(
            noise_dim=self.noise_dim,
            stage=self.stage,
            conditioning_augmentation=self.conditioning_augmentation,
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in _GENERATOR_NETS:
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)


@keras.saving.register_keras_serializable(package="ganzoo")
class StackDiscriminator(keras.Model):
    """Both stages' matching-aware discriminators.

    `call([images, embedding])` scores full-size images with the trained
    stage's D (Stage-I D sees them average-pooled to its size).

    Args:
        stage1: Stage-I D, `[low_image, embedding]` -> logits.
        stage2: Stage-II D, `[image, embedding]` -> logits.
        stage: 1, 2 or `"end_to_end"`; the D of a stage that does not train
            is frozen.
        **kwargs: `keras.Model` arguments.
    """

    def __init__(self, stage1, stage2, stage="end_to_end", **kwargs):
        super().__init__(**kwargs)
        self.stage1, self.stage2 = stage1, stage2
        self.stage = check_stage(stage)
        self.factor = int(stage2.inputs[0].shape[1]) // int(stage1.inputs[0].shape[1])
        stage1.trainable = stage != 2
        stage2.trainable = stage != 1
        self.built = True

    def downscale(self, images):
        """Full-size images average-pooled to the Stage-I side."""
        return ops.average_pool(images, self.factor, self.factor)

    def call(self, inputs, training=False):
        images, embedding = inputs
        if self.stage == 1:
            return self.stage1([self.downscale(images), embedding], training=training)
        return self.stage2([images, embedding], training=training)

    def get_config(self):
        config = super().get_config()
        for key in ("stage1", "stage2"):
            config[key] = keras.saving.serialize_keras_object(getattr(self, key))
        config.update(stage=self.stage)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("stage1", "stage2"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
