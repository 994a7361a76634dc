"""`RootEpsilonAdam`: improved-gan's Adam update, checked by hand."""

import keras
import numpy as np
import pytest

from ganzoo.nets import RootEpsilonAdam


def improved_gan_adam(w, grads, lr, mom1, mom2=0.999, eps=1e-8):
    """openai/improved-gan `nn.adam_updates`, in NumPy float64."""
    v = mg = np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        v = mom1 * v + (1 - mom1) * g
        mg = mom2 * mg + (1 - mom2) * g**2
        v_hat, mg_hat = v / (1 - mom1**t), mg / (1 - mom2**t)
        w = w - lr * v_hat / np.sqrt(mg_hat + eps)
    return w


def _run(optimizer, w0, grads):
    w = keras.Variable(w0.astype("float32"))
    for g in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, "float32"), w)])
    return w.numpy()


def test_matches_the_code_update_including_tiny_gradients():
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(3, 4))
    # Gradients spanning 1e-6 .. 1: where epsilon's placement matters.
    grads = [
        rng.normal(size=(3, 4)) * 10.0 ** rng.integers(-6, 1, (3, 4)) for _ in range(12)
    ]
    expected = improved_gan_adam(w0, grads, lr=3e-3, mom1=0.5)
    got = _run(RootEpsilonAdam(3e-3, beta_1=0.5), w0, grads)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    # Keras's Adam is another rule: it misses the same reference.
    keras_adam = _run(keras.optimizers.Adam(3e-3, beta_1=0.5, epsilon=1e-4), w0, grads)
    assert np.max(np.abs(keras_adam - expected)) > 1e-4


def test_round_trips_its_config_and_refuses_amsgrad():
    optimizer = RootEpsilonAdam(1e-3, beta_1=0.5, use_ema=True, ema_momentum=0.9999)
    again = keras.optimizers.get(keras.optimizers.serialize(optimizer))
    assert isinstance(again, RootEpsilonAdam)
    assert again.get_config() == optimizer.get_config()
    with pytest.raises(ValueError, match="amsgrad=True"):
        RootEpsilonAdam(amsgrad=True)
