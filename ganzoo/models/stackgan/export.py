"""Export spec of text-conditioned models: plain TensorFlow samples from text.

`stackgan_export_spec(gan)` is the `ExportSpec` (`ganzoo.models.signatures`)
of the "text" kind. Besides the latent signatures every zoo entry has
(`serve(latents)`: the code prior path, `sample(num, seed)`,
`sample_latent(num, seed)`), it adds:

```python
m = tf.saved_model.load(path)
m.sample_text(text=tf.constant(["a small red circle at the top"]), seed=0)
m.serve_text(text=..., latents=...)     # latents from m.sample_latent
m.embed_text(text=...)                  # the text encoder's phi_t
```

The tokenizer (a `TextVectorization` with its vocabulary table) is saved
with the model, so strings go straight in.
"""

import dataclasses

import tensorflow as tf

from ganzoo.models.signatures import Signature, latent_prior, unconditional_spec

_TEXT = tf.TensorSpec([None], tf.string)
_INT = tf.TensorSpec([], tf.int32)


def stackgan_export_spec(gan):
    """The `ExportSpec` of a `StackGAN`: latent and string signatures."""
    generator, encoder, vectorizer = gan.generator, gan.text_encoder, gan.vectorizer
    prior = latent_prior(gan.latent_dim, gan.latent_distribution)
    latents_spec = tf.TensorSpec([None, gan.latent_dim], tf.float32)

    def embed(text):
        return encoder(tf.cast(vectorizer(text), tf.int32), training=False)

    def embed_text(text):
        return {"embeddings": embed(text)}

    def serve_text(text, latents):
        _, images, _ = generator.synthesize(embed(text), latents, training=False)
        return {"images": images}

    def sample_text(text, seed):
        latents = prior(tf.shape(text)[0], seed)
        return dict(serve_text(text, latents), latents=latents)

    # The latent signatures are every unconditional entry's; text adds three.
    spec = unconditional_spec(gan, latents_spec)
    signatures = dict(
        spec.signatures,
        embed_text=Signature(embed_text, {"text": _TEXT}),
        serve_text=Signature(serve_text, {"text": _TEXT, "latents": latents_spec}),
        sample_text=Signature(sample_text, {"text": _TEXT, "seed": _INT}),
    )
    metadata = dict(
        spec.metadata,
        noise_dim=generator.noise_dim,
        condition_dim=generator.condition_dim,
        sequence_length=gan.sequence_length,
        vocabulary_size=len(gan.vocabulary),
        stage=str(gan.stage),
    )
    return dataclasses.replace(
        spec,
        kind="text",
        signatures=signatures,
        metadata=metadata,
        trackables={"text_vectorizer": vectorizer},
    )
