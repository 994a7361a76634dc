"""Run a network over arrays in fixed-size batches, to bound memory."""

import numpy as np
from keras import ops


def call_in_batches(fn, inputs, batch_size=256, empty_shape=None):
    """Calls `fn` on consecutive slices of `inputs`; concatenates the results.

    The one chunked-inference loop of the package: sampling, translating and
    classifying many examples all go through it.

    Args:
        fn: callable taking a batch (or a list of aligned batches) and
            returning one tensor or array.
        inputs: an array or tensor, or a list/tuple of them aligned on axis 0.
        batch_size: examples per call.
        empty_shape: the per-example output shape, used when `inputs` holds
            no example (then the result is a float32 array of shape
            `(0, *empty_shape)`); `None` calls `fn` once on the empty input.

    Returns:
        A NumPy array, the results concatenated along axis 0.

    Example:

    ```python
    images = call_in_batches(generator, latents, batch_size=256)
    ```
    """
    aligned = isinstance(inputs, (list, tuple))
    parts = list(inputs) if aligned else [inputs]
    n = int(ops.shape(parts[0])[0])
    if n == 0 and empty_shape is not None:
        return np.zeros((0, *empty_shape), np.float32)
    chunks = []
    for start in range(0, max(n, 1), batch_size):
        batch = [x[start : start + batch_size] for x in parts]
        chunks.append(ops.convert_to_numpy(fn(batch if aligned else batch[0])))
    return np.concatenate(chunks)


def has_batch_statistics(model):
    """Whether any layer of `model` normalises with batch statistics."""
    import keras

    return any(
        isinstance(layer, keras.layers.BatchNormalization)
        for layer in model._flatten_layers(include_self=False)
    )


def call_on_concatenation(model, batches, training=True):
    """`[model(b) for b in batches]` as one call on their concatenation.

    One call computes the same function when each example's output depends
    on that example alone: no batch statistics (callers check with
    `has_batch_statistics`) and per-example noise (`GaussianNoise`,
    `Dropout`), and it costs one pass instead of several. Batches are cast
    to the first one's dtype (a mixed-precision generator's images join
    real ones).

    Args:
        model: a `keras.Model` with one or several outputs.
        batches: a list of tensors aligned on every axis but the first.
        training: passed to the model.

    Returns:
        A list with, per batch, the model's output(s) for it, sliced back.
    """
    dtype = batches[0].dtype
    batches = [ops.cast(b, dtype) for b in batches]
    outputs = model(ops.concatenate(batches, axis=0), training=training)
    single = not isinstance(outputs, (list, tuple))
    outputs = [outputs] if single else list(outputs)
    results, start = [], 0
    for batch in batches:
        stop = start + ops.shape(batch)[0]
        sliced = [out[start:stop] for out in outputs]
        results.append(sliced[0] if single else sliced)
        start = stop
    return results
