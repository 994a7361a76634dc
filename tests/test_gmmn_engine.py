"""A GMMN (no discriminator) gets the engine's input checks and rollbacks.

The in-step input checks wrap `fit`'s function in `AdversarialModel`, so
every game on the base reports a bad batch mid-fit; a rollback lowers the
learning rates of the optimizers the model has (no `d_optimizer` here).
"""

import logging
import os
import sys

import numpy as np
import pytest
from conftest import batches
from keras import ops

import ganzoo
from ganzoo.models.gmmn.model import GMMN
from ganzoo.training import loop as training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from zoo_configs import families_ring8  # noqa: E402


def _points(bad_value):
    points = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    points[9, 1] = bad_value  # In the third batch of four.
    return points


def _images(bad_value):
    images = np.random.default_rng(0).uniform(-1, 1, (16, 4, 4, 1))
    images[9, 2, 1, 0] = bad_value
    return images.astype(np.float32)


CASES = {
    "nan_point": ((2,), _points(np.nan), r"with 1 NaN or infinite values"),
    "inf_point": ((2,), _points(np.inf), r"with 1 NaN or infinite values"),
    "pixel_255": ((4, 4, 1), _images(255.0), r"of images .*, 255\]; expected .*1\]"),
}


@pytest.mark.parametrize("steps_per_execution", [1, 2])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_gmmn_fit_stops_at_a_bad_batch_with_the_one_line_error(
    case, steps_per_execution
):
    shape, data, message = CASES[case]
    gmmn = ganzoo.build("gmmn", image_shape=shape, hidden_units=(8,), seed=0)
    gmmn.compile(
        g_optimizer="adam",
        jit_compile=False,
        steps_per_execution=steps_per_execution,
    )
    with pytest.raises(ValueError, match=r"^Received: a batch " + message) as error:
        gmmn.fit(batches(data), verbose=0)
    assert "\n" not in str(error.value)
    # Good batches pass: the first two, before the bad one.
    gmmn.fit(batches(data[:8]), verbose=0)


def test_a_gmmn_run_rolls_back_and_lowers_only_its_generator_rate(
    tmp_path, monkeypatch, caplog
):
    # The MMD is NaN from step 8 while G's rate is above 3e-5: two rollbacks
    # (Adam 1e-4 -> 5e-5 -> 2.5e-5). Before, a rollback failed on the
    # missing `d_optimizer`.
    original = GMMN.mmd_objective

    def mmd_objective(self, targets):
        loss, _ = original(self, targets)
        optimizer = self.g_optimizer
        bad = ops.logical_and(optimizer.iterations >= 7, optimizer.learning_rate > 3e-5)
        loss = ops.where(bad, float("nan"), loss)
        return loss, {"g_loss": loss}

    monkeypatch.setattr(GMMN, "mmd_objective", mmd_objective)
    config = families_ring8.get_config("gmmn,smoke")
    config.train.update(
        steps=20,
        verbose=0,
        checkpoint_every=5,
        sample_every=5,
        jit_compile=False,
        on_divergence="rollback",
        rollback_lr_factor=0.5,
    )
    with caplog.at_level(logging.WARNING):
        result = training.train(config, tmp_path)
    assert result.step == 20 and result.gan.d_optimizer is None
    assert "Rollback 2/3" in caplog.text and "Rollback 3/3" not in caplog.text
    np.testing.assert_allclose(
        float(result.gan.g_optimizer.learning_rate), 2.5e-5, rtol=1e-6
    )
