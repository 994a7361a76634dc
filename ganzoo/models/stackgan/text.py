"""Text for text-to-image GANs: tokenizer, text encoder, image-text matching.

Strings become token ids with a Keras `TextVectorization` (outside any
compiled step: string ops do not run under XLA); a small learned encoder
turns the ids into an embedding phi_t and runs inside the step. StackGAN
used a char-CNN-RNN encoder pretrained with an image-text matching objective
(Reed et al. 2016); `train_text_encoder` pretrains ours the same way, with a
symmetric contrastive loss against a small image encoder.

Example:

```python
vectorizer = make_vectorizer(vocabulary, sequence_length=16)
encoder = text_encoder(len(vocabulary) + 2, 16, embedding_dim=64)
embeddings = encoder(vectorizer(["a small red circle at the top"]))
```
"""

import keras
import tensorflow as tf
from keras import layers, ops

from ganzoo.data import captions

# Re-exported: they moved to the layer below, callers here still use them.
from ganzoo.data.tokenizer import (  # noqa: F401, E402
    RESERVED_TOKENS,
    make_vectorizer,
    tokenize,
)


# TextVectorization's two reserved ids: padding and out-of-vocabulary.
def text_encoder(vocab_size, sequence_length, embedding_dim=128, width=64):
    """Token ids -> text embedding phi_t (length `sqrt(embedding_dim)`).

    Word embeddings, a width-3 convolution (so "top left" is read as a
    phrase) and max-pooling over words; XLA-compatible. The output has unit
    scale per component (a unit vector times `sqrt(embedding_dim)`), so a
    freshly initialised dense layer on it (conditioning augmentation) gives
    means of unit scale: the text is not drowned by the code's N(0, I)
    noise at the start of training.

    Args:
        vocab_size: vocabulary size including the reserved ids.
        sequence_length: ids per caption.
        embedding_dim: size of phi_t.
        width: word-embedding and convolution width.
    """
    tokens = layers.Input((sequence_length,), dtype="int32", name="tokens")
    x = layers.Embedding(vocab_size, width)(tokens)
    x = layers.Conv1D(width, 3, padding="same", activation="relu")(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(embedding_dim)(x)
    x = layers.UnitNormalization()(x)
    embedding = layers.Rescaling(float(embedding_dim) ** 0.5, name="phi_t")(x)
    return keras.Model(tokens, embedding, name="text_encoder")


def image_encoder(image_shape, embedding_dim=128, width=32):
    """A small CNN images -> unit embeddings, the other side of the matching."""
    images = layers.Input(tuple(image_shape), name="images")
    x = images
    for i in range(3):
        x = layers.Conv2D(width * 2**i, 4, 2, "same", activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.UnitNormalization()(layers.Dense(embedding_dim)(x))
    return keras.Model(images, x, name="image_encoder")


def matching_loss(text_embeddings, image_embeddings, temperature=0.1):
    """Symmetric image-text matching (contrastive) loss.

    Each caption must pick its own image among the batch's, and each image
    its own caption: the mean of the two cross-entropies over the cosine
    similarity matrix divided by `temperature`.

    Args:
        text_embeddings: `(batch, dim)` vectors.
        image_embeddings: `(batch, dim)` vectors, row i matching text i.
        temperature: softmax temperature.
    """
    text_embeddings = ops.normalize(text_embeddings, axis=-1)
    image_embeddings = ops.normalize(image_embeddings, axis=-1)
    logits = ops.matmul(text_embeddings, ops.transpose(image_embeddings))
    logits = logits / temperature
    labels = ops.arange(ops.shape(logits)[0])
    ce = keras.losses.sparse_categorical_crossentropy
    return 0.5 * (
        ops.mean(ce(labels, logits, from_logits=True))
        + ops.mean(ce(labels, ops.transpose(logits), from_logits=True))
    )


def train_text_encoder(encoder, dataset, steps, learning_rate=1e-3):
    """Trains `encoder` with an image-text matching objective, in place.

    Args:
        encoder: a `text_encoder` model.
        dataset: a `tf.data.Dataset` of `(images, token_ids)` batches.
        steps: training steps.
        learning_rate: Adam learning rate.

    Returns:
        A dict with the last `loss` and the batch `retrieval_accuracy`
        (how often a caption's nearest image is its own).

    Example:

    ```python
    data = ganzoo.data.load_captions("shapes", batch_size=64, repeat=True)
    train_text_encoder(encoder, data, steps=300)
    ```
    """
    spec = dataset.element_spec[0]
    images_net = image_encoder(spec.shape[1:], encoder.output.shape[-1])
    optimizer = keras.optimizers.Adam(learning_rate)
    variables = encoder.trainable_variables + images_net.trainable_variables

    @tf.function(jit_compile=True)
    def step(images, tokens):
        with tf.GradientTape() as tape:
            text = encoder(tokens, training=True)
            image = images_net(images, training=True)
            loss = matching_loss(text, image)
        optimizer.apply(tape.gradient(loss, variables), variables)
        nearest = ops.argmax(ops.matmul(text, ops.transpose(image)), axis=-1)
        hits = ops.equal(ops.cast(nearest, "int32"), ops.arange(ops.shape(text)[0]))
        return loss, ops.mean(ops.cast(hits, "float32"))

    loss = accuracy = float("nan")
    for images, tokens in dataset.take(steps):
        loss, accuracy = step(images, ops.cast(tokens, "int32"))
    return {"loss": float(loss), "retrieval_accuracy": float(accuracy)}


def pretrain_on_shapes(encoder, steps, image_size=64, seed=0, num_examples=2000):
    """Pretrains a (frozen) text encoder on the shapes captions, in place.

    The explicit pretraining step of StackGAN's text encoder
    (`StackGAN.prepare_training` calls it): `train_text_encoder` on
    `num_examples` rendered shapes, with the encoder made trainable for it
    and frozen again after.

    Args:
        encoder: a `text_encoder` model.
        steps: training steps (batches of 64).
        image_size: side of the rendered images.
        seed: seed of the rendered data.
        num_examples: rendered images (with their captions) to cycle over.

    Returns:
        `train_text_encoder`'s dict (`loss`, `retrieval_accuracy`).
    """
    data = captions.load_captions(
        "shapes",
        batch_size=64,
        seed=seed,
        repeat=True,
        image_size=image_size,
        num_examples=num_examples,
    )
    frozen, encoder.trainable = not encoder.trainable, True
    try:
        return train_text_encoder(encoder, data, steps)
    finally:
        encoder.trainable = not frozen
