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
