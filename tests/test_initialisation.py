"""No two kernels of any zoo entry start equal.

A Keras 3 initializer instance without a seed returns the same numbers at
every call, so one instance shared by several layers starts them from one
random stream: same-shaped kernels start identical, and differently shaped
ones share their first values. SGAN's weight-normalised D had it (issue 40).
"""

import itertools

import numpy as np
import pytest

import ganzoo
from ganzoo.models.sgan.builder import ARCHITECTURES

# The first values of two kernels' flattened streams that must differ.
HEAD = 8


def _builds():
    for name in ganzoo.list_models():
        yield name, {}
    # Entries whose networks are a choice: every architecture of SGAN.
    for architecture in ARCHITECTURES:
        yield "sgan", {"architecture": architecture}


def _random_kernels(gan):
    """(name, flat values) of every trainable kernel that is not constant."""
    kernels = []
    for variable in gan.trainable_variables:
        values = np.asarray(variable.numpy()).ravel()
        if len(variable.shape) >= 2 and values.size > 1 and np.ptp(values) > 0:
            kernels.append((variable.path, values))
    return kernels


def shared_streams(kernels):
    """Pairs of kernels whose first `HEAD` values are equal."""
    return [
        (a, b)
        for (a, x), (b, y) in itertools.combinations(kernels, 2)
        if np.array_equal(x[:HEAD], y[:HEAD])
    ]


@pytest.mark.parametrize(
    "name, kwargs", list(_builds()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_two_kernels_start_equal(name, kwargs):
    entry = ganzoo.get_entry(name)
    gan = ganzoo.build(name, seed=1, **{**entry.smoke_kwargs, **kwargs})
    kernels = _random_kernels(gan)
    assert kernels, f"{name}: no random kernel found"
    assert shared_streams(kernels) == []


def test_a_shared_initializer_instance_is_caught():
    # The check itself: one unseeded instance across layers is flagged.
    import keras

    shared = keras.initializers.RandomNormal(stddev=0.1)
    inputs = keras.Input((6,))
    x = keras.layers.Dense(5, kernel_initializer=shared)(inputs)
    x = keras.layers.Dense(4, kernel_initializer=shared)(x)
    model = keras.Model(inputs, x)
    assert len(shared_streams(_random_kernels(model))) == 1
