"""`stackgan`: text-to-image in two stages, Zhang et al. (ICCV 2017).

Batches are `(images, text)` at the final resolution, where `text` is int
token ids (run through the model's frozen text encoder inside the step) or
float embeddings (precomputed, as the paper's CUB embeddings).
`ganzoo.data.load_captions("shapes")` serves such batches.
"""

import keras
import numpy as np
from keras import ops

from ganzoo.gan import GAN
from ganzoo.models.stackgan import losses
from ganzoo.models.stackgan import text as text_lib
from ganzoo.models.stackgan.stages import check_stage
from ganzoo.nets.batching import call_in_batches


def _heads(logits):
    """`(matching, text-free or None)` logits of a D with one or two heads."""
    if logits.shape[-1] == 1:
        return logits, None
    return logits[:, :1], logits[:, 1:]


@keras.saving.register_keras_serializable(package="ganzoo")
class StackGAN(GAN):
    """Stage-I and Stage-II GANs conditioned on text, with CA and KL.

    Each step: the text embedding phi_t gives each trained stage a code
    `c ~ N(mean(phi_t), diag(var(phi_t)))` (conditioning augmentation); D
    minimises the matching-aware loss (real + own text real; real + the
    next example's text and fake + text fake) and G the non-saturating loss
    plus `kl_weight * KL(N(mean, var) || N(0, I))`. `stage` picks the
    schedule: 1 then 2 (Stage-I frozen) as in the paper, or `"end_to_end"`.

    Args:
        generator: a `StackGenerator` (it holds the frozen text encoder;
            pretrain that with `ganzoo.text.train_text_encoder`).
        discriminator: a `StackDiscriminator`.
        latent_dim: `noise_dim + condition_dim`: z and the code's noise.
        vocabulary: the tokenizer's word list (`generate(text=...)`).
        sequence_length: token ids per caption.
        kl_weight: lambda, the weight of the KL term (the paper: 1).
        lr_decay_steps: if set, the default optimizers halve their rates
            every this many steps (the paper's code); None or 0: constant.
        stage: 1, 2 or `"end_to_end"` (must match the containers').
        text_encoder_steps: image-text matching steps that
            `prepare_training()` pretrains the text encoder for (0: none).
        **kwargs: `ganzoo.GAN` arguments (`d_steps`, `seed`, `name`...).

    Example:

    ```python
    gan = ganzoo.build("stackgan", image_shape=(64, 64, 3))
    gan.compile()
    gan.fit(ganzoo.data.load_captions("shapes", repeat=True), steps_per_epoch=100)
    images = gan.generate(text=["a small red circle at the top"], seed=0)
    ```

    Reference: Zhang et al., "StackGAN: Text to Photo-realistic Image
    Synthesis with Stacked Generative Adversarial Networks", ICCV 2017.
    """

    kind = "text"

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        vocabulary,
        sequence_length=16,
        kl_weight=1.0,
        lr_decay_steps=None,
        stage="end_to_end",
        text_encoder_steps=0,
        **kwargs,
    ):
        for key, default in (("loss", "non_saturating"), ("penalty", None)):
            if kwargs.get(key, default) != default:
                raise ValueError(
                    f"Received: `{key}={kwargs[key]!r}`; expected {default!r}: "
                    "StackGAN's matching-aware losses are built in."
                )
        check_stage(stage)
        if generator.stage != stage or discriminator.stage != stage:
            raise ValueError(
                f"Received: `stage={stage!r}` with networks built for stages "
                f"{generator.stage!r} / {discriminator.stage!r}; expected the same."
            )
        expected = generator.noise_dim + generator.condition_dim
        if latent_dim != expected:
            raise ValueError(
                f"Received: `latent_dim={latent_dim!r}`; expected noise_dim + "
                f"condition_dim = {expected}."
            )
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        self.vocabulary = list(vocabulary)
        self.sequence_length = int(sequence_length)
        self.kl_weight = float(kl_weight)
        if lr_decay_steps is not None and int(lr_decay_steps) < 0:
            raise ValueError(
                f"Received: `lr_decay_steps={lr_decay_steps!r}`; expected None, 0 "
                "(both: constant rates) or a positive number of steps."
            )
        # 0 (a config's `steps // 6` of a tiny run) keeps the rates constant.
        self.lr_decay_steps = int(lr_decay_steps) if lr_decay_steps else None
        self.stage = stage
        # The Stage-I checkpoint a Stage-II model was loaded from (the
        # builder sets it); `prepare_training` refuses Stage-II without one.
        self.stage1_source = None
        self.text_encoder_steps = int(text_encoder_steps)
        self.kl_tracker = keras.metrics.Mean(name="kl")
        # Not a tracked layer: it has no weights and the vocabulary is in the
        # config; `export_spec` hands it to the SavedModel explicitly.
        vectorizer = text_lib.make_vectorizer(self.vocabulary, self.sequence_length)
        object.__setattr__(self, "vectorizer", vectorizer)

    def default_optimizers(self):
        """The paper's Adam(2e-4, beta_1=0.5); halved every `lr_decay_steps`.

        The official code halves both rates every `LR_DECAY_EPOCH` epochs
        (a staircase); `ExponentialDecay(rate, lr_decay_steps, 0.5,
        staircase=True)` is that schedule in steps.
        """
        optimizers = super().default_optimizers()
        if self.lr_decay_steps is None:
            return optimizers

        def halving(optimizer):
            rate = keras.optimizers.schedules.ExponentialDecay(
                float(optimizer.learning_rate), self.lr_decay_steps, 0.5, True
            )
            config = dict(optimizer.get_config(), learning_rate=rate)
            return type(optimizer).from_config(config)

        return tuple(halving(o) for o in optimizers)

    @property
    def text_encoder(self):
        """The frozen `keras.Model` token ids -> embeddings (in the generator)."""
        return self.generator.text_encoder

    @property
    def metrics(self):
        return [*super().metrics, self.kl_tracker]

    # -- Text ------------------------------------------------------------------

    def embed(self, text):
        """Embeddings of token ids (int) or precomputed embeddings (float)."""
        text = ops.convert_to_tensor(text)
        if "float" in str(text.dtype):
            return text
        return self.text_encoder(ops.cast(text, "int32"), training=False)

    def tokenize(self, text):
        """int32 token ids of a string or a list of strings."""
        return text_lib.tokenize(self.vectorizer, text)

    # -- Game ------------------------------------------------------------------

    def _trains(self, stage):
        return self.stage in (stage, "end_to_end")

    def matching_loss(self, d, real, embedding, fake):
        """The matching-aware D loss of one stage's D on one batch."""
        wrong = ops.roll(embedding, 1, axis=0)  # Mismatched: next example's.
        pairs = ((real, embedding), (real, wrong), (fake, embedding))
        (real, real_free), (wrong, _), (fake, fake_free) = (
            _heads(d(pair, training=True)) for pair in pairs
        )
        return losses.stackgan_discriminator_loss(
            real, wrong, fake, real_free, fake_free
        )

    def unpack_batch(self, data):
        real, text, _ = keras.utils.unpack_x_y_sample_weight(data)
        if text is None:
            raise ValueError(
                "Received: batches of images only; expected `(images, text)` "
                "with token ids or embeddings, e.g. from "
                "`ganzoo.data.load_captions`."
            )
        self.check_real_batch(real)
        low_real = self.discriminator.downscale(real)
        return {"real": real, "low_real": low_real, "embedding": self.embed(text)}

    def discriminator_objective(self, batch):
        real, embedding = batch["real"], batch["embedding"]
        latents = self.sample_latent(ops.shape(real)[0])
        low, high, _ = self.generator.synthesize(embedding, latents, training=True)
        low, high = ops.stop_gradient(low), ops.stop_gradient(high)
        d_loss = 0.0
        if self._trains(1):
            d_loss += self.matching_loss(
                self.discriminator.stage1, batch["low_real"], embedding, low
            )
        if self._trains(2):
            d_loss += self.matching_loss(
                self.discriminator.stage2, real, embedding, high
            )
        return d_loss, {"d_loss": d_loss}

    def generator_objective(self, batch):
        embedding, d = batch["embedding"], self.discriminator
        latents = self.sample_latent(ops.shape(batch["real"])[0])
        low, high, moments = self.generator.synthesize(
            embedding, latents, training=True
        )
        g_loss = 0.0
        for stage, net, images in ((1, d.stage1, low), (2, d.stage2, high)):
            if self._trains(stage):
                logits = net([images, embedding], training=True)
                g_loss += losses.stackgan_generator_loss(*_heads(logits))
        kl = sum((losses.kl_loss(m, v) for m, v in moments), ops.zeros(()))
        return g_loss + self.kl_weight * kl, {"g_loss": g_loss, "kl": kl}

    def synthetic_batch(self, batch_size, seed=0):
        """Random `(images, token_ids)`, the structure `train_step` takes."""
        images = super().synthetic_batch(batch_size, seed)
        vocab = len(self.vocabulary) + text_lib.RESERVED_TOKENS
        rng = np.random.default_rng(seed + 1)
        tokens = rng.integers(vocab, size=(batch_size, self.sequence_length))
        return images, tokens.astype(np.int32)

    # -- Sampling --------------------------------------------------------------

    def _text_batch(self, n, text):
        tokens = self.tokenize(text)
        if n is not None and len(tokens) == 1:
            tokens = np.repeat(tokens, n, axis=0)
        if n is not None and len(tokens) != n:
            raise ValueError(
                f"Received: `n={n!r}` and {len(tokens)} captions; expected one "
                "caption, or one per sample."
            )
        return tokens

    def generate_stages(self, text, seed=None, n=None):
        """`(stage1_images, output_images)` for captions, for side by side.

        Args:
            text: a caption or a list of captions.
            seed: integer; the same seed and text give the same images.
            n: optional number of samples of a single caption.
        """
        tokens = self._text_batch(n, text)
        latents = self.sample_latent(len(tokens), seed=seed)
        embedding = self.embed(tokens)
        with self.averaged_generator():  # The weight average, if kept.
            low, out, _ = self.generator.synthesize(embedding, latents, training=False)
        return (
            ops.convert_to_numpy(low).astype(np.float32),
            ops.convert_to_numpy(out).astype(np.float32),
        )

    def generate(self, n=None, seed=None, text=None, batch_size=256):
        """Samples images for captions, or from the code prior without text.

        Args:
            n: number of samples; with `text`, optional (one per caption, or
                `n` of a single caption).
            seed: integer; the same seed (and text) gives the same samples.
            text: `None`, a caption or a list of captions (raw strings).
            batch_size: samples per generator call, to bound memory.

        Returns:
            A float32 NumPy array `(n,) + image_shape` in [-1, 1].

        Example:

        ```python
        images = gan.generate(text=["a small red circle at the top"], seed=0)
        ```
        """
        if text is None:
            if n is None:
                raise ValueError("Received: `n=None` and `text=None`; expected one.")
            return super().generate(n, seed=seed, batch_size=batch_size)
        tokens = self._text_batch(n, text)
        latents = self.sample_latent(len(tokens), seed=seed)

        def draw(batch):
            tokens, latents = batch
            return self.generator.synthesize(self.embed(tokens), latents)[1]

        with self.averaged_generator():  # The weight average, if kept.
            images = call_in_batches(
                draw, [tokens, latents], batch_size, self.image_shape
            )
        return images.astype(np.float32)

    def preview_grid(self, n, seed, inputs=None):
        """The training grid: captions over Stage-I and Stage-II samples."""
        from ganzoo.models.stackgan.evaluation import preview_grid

        del inputs  # Captions come from the shapes test split.
        return preview_grid(self, n, seed)

    def prepare_training(self):
        """Pretrains the text encoder for `text_encoder_steps`, if any.

        Image-text matching on the shapes captions (`text.pretrain_on_shapes`),
        as the paper's char-CNN-RNN was pretrained before the GAN; the
        encoder stays frozen during the game. The training binary calls this
        after building, before restoring a checkpoint (which holds the
        pretrained encoder of an earlier run).

        A Stage-II model keeps the text encoder of the Stage-I run it was
        loaded from (Stage-I learnt on its embeddings), and refuses to train
        without one: a Stage-II on a random frozen Stage-I is no schedule.

        Returns:
            The pretraining's last `loss` and `retrieval_accuracy`, or `{}`.
        """
        if self.stage == 2:
            if self.stage1_source is None:
                raise ValueError(
                    "Received: `stage=2` without `stage1_checkpoint`; expected "
                    "the workdir of a finished stage-1 run to train Stage-II on "
                    "(`--config.model.kwargs.stage1_checkpoint=...`)."
                )
            return {}
        if not self.text_encoder_steps:
            return {}
        return text_lib.pretrain_on_shapes(
            self.text_encoder,
            self.text_encoder_steps,
            image_size=self.image_shape[0],
            seed=self.seed or 0,
        )

    def export_spec(self):
        """Export protocol (`ganzoo.export`): latent and string signatures."""
        from ganzoo.models.stackgan.export import stackgan_export_spec

        return stackgan_export_spec(self)

    # -- Serialization ---------------------------------------------------------

    def get_config(self):
        config = super().get_config()
        config.update(
            vocabulary=self.vocabulary,
            sequence_length=self.sequence_length,
            kl_weight=self.kl_weight,
            lr_decay_steps=self.lr_decay_steps,
            stage=self.stage,
            text_encoder_steps=self.text_encoder_steps,
        )
        return config
