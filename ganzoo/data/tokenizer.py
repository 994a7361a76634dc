"""Strings to token ids for captioned datasets and text-conditioned models.

A Keras `TextVectorization` runs in tf.data, outside any compiled step
(string ops do not run under XLA).
"""

import numpy as np
import tensorflow as tf
from keras import layers

# TextVectorization's two reserved ids: padding and out-of-vocabulary.
RESERVED_TOKENS = 2


def make_vectorizer(vocabulary, sequence_length):
    """A `TextVectorization` mapping strings to `(batch, sequence_length)` ids.

    Args:
        vocabulary: list of words (lower case, no punctuation).
        sequence_length: ids per caption (padded with 0 / truncated).
    """
    if not vocabulary:
        raise ValueError(
            f"Received: `vocabulary={vocabulary!r}`; expected a non-empty list "
            "of words."
        )
    return layers.TextVectorization(
        standardize="lower_and_strip_punctuation",
        output_mode="int",
        output_sequence_length=int(sequence_length),
        vocabulary=list(vocabulary),
    )


def tokenize(vectorizer, text):
    """Token ids (int32 NumPy) of one string or a list of strings."""
    if isinstance(text, (str, bytes)):
        text = [text]
    if not len(text) or not all(isinstance(t, (str, bytes)) for t in text):
        raise ValueError(
            f"Received: `text={text!r}`; expected a string or a non-empty list "
            "of strings."
        )
    return np.asarray(vectorizer(tf.constant(list(text)))).astype(np.int32)
