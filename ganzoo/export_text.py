"""Export spec of text-conditioned models: plain TensorFlow samples from text.

`stackgan_export_spec(gan)` follows `ganzoo.export`'s protocol. Besides the
latent signatures every zoo entry has (`serve(latents)`: the code prior
path, `sample(num, seed)`, `sample_latent(num, seed)`), it adds:

```python
m = tf.saved_model.load(path)
m.sample_text(text=tf.constant(["a small red circle at the top"]), seed=0)
m.serve_text(text=..., latents=...)     # latents from m.sample_latent
m.embed_text(text=...)                  # the text encoder's phi_t
```

The tokenizer (a `TextVectorization` with its vocabulary table) is saved
with the model, so strings go straight in.
"""

import tensorflow as tf

from ganzoo.export import ExportSpec, Signature, latent_prior

_TEXT = tf.TensorSpec([None], tf.string)
_INT = tf.TensorSpec([], tf.int32)


def stackgan_export_spec(gan):
    """The `ExportSpec` of a `StackGAN`: latent and string signatures."""
    generator, encoder, vectorizer = gan.generator, gan.text_encoder, gan.vectorizer
    prior = latent_prior(gan.latent_dim, gan.latent_distribution)
    latents_spec = tf.TensorSpec([None, gan.latent_dim], tf.float32)

    def serve(latents):
        return {"images": generator(latents, training=False)}

    def sample(num, seed):
        latents = prior(num, seed)
        return {"images": generator(latents, training=False), "latents": latents}

    def sample_latent(num, seed):
        return {"latents": prior(num, seed)}

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

    signatures = dict(
        serve=Signature(serve, {"latents": latents_spec}),
        sample=Signature(sample, {"num": _INT, "seed": _INT}),
        sample_latent=Signature(sample_latent, {"num": _INT, "seed": _INT}),
        embed_text=Signature(embed_text, {"text": _TEXT}),
        serve_text=Signature(serve_text, {"text": _TEXT, "latents": latents_spec}),
        sample_text=Signature(sample_text, {"text": _TEXT, "seed": _INT}),
    )
    metadata = dict(
        latent_dim=gan.latent_dim,
        latent_distribution=gan.latent_distribution,
        output_shape=list(gan.image_shape),
        output_range=[-1.0, 1.0],
        noise_dim=generator.noise_dim,
        condition_dim=generator.condition_dim,
        sequence_length=gan.sequence_length,
        vocabulary_size=len(gan.vocabulary),
        stage=str(gan.stage),
    )
    return ExportSpec(
        kind="text",
        signatures=signatures,
        default="serve",
        metadata=metadata,
        trackables={"text_vectorizer": vectorizer},
    )
