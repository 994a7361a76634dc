"""SGAN's benchmark by name, `"semi_supervised_error"`, and its curve.

The test error of the discriminator's K-class head (`gan.classifier`) on the
dataset's test split, with D's averaged parameters when its optimizer keeps
them (`SGAN.averaged_weights`), as Salimans et al. test: they reached 93 +-
6.5 errors of 10,000 (0.93%) on MNIST with 100 labels and feature matching.
`TestErrorMonitor` logs the same number at every logged chunk of training.
"""

import contextlib

import keras
import numpy as np

from ganzoo.data.semisupervised import load_arrays
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models.conditional import predict_labels


def classifier_error(classifier, images, labels, batch_size=500):
    """Test error of a classifier: the SGAN benchmark number.

    Args:
        classifier: `gan.classifier`, any Keras model images -> class scores,
            or an object with `predict_labels(images)`.
        images: images in [-1, 1] (uint8 images are scaled here).
        labels: their int labels.
        batch_size: images per classifier call.

    Returns:
        A dict with `error` (fraction), `errors` (count) and `num_examples`.

    Example:

    ```python
    images, labels = ganzoo.data.semisupervised.load_arrays("mnist", "test")
    with gan.averaged_weights():
        classifier_error(gan.classifier, images, labels)["error"]  # paper: 0.0093
    ```
    """
    images = np.asarray(images)
    if images.dtype == np.uint8:
        images = images.astype(np.float32) / 127.5 - 1.0
    predicted = predict_labels(classifier, images, batch_size)
    errors = int(np.sum(predicted != np.asarray(labels)))
    return {
        "error": errors / len(images),
        "errors": errors,
        "num_examples": len(images),
    }


def _averaged(gan):
    # Any object with a `classifier` scores; one without an average, as is.
    return getattr(gan, "averaged_weights", contextlib.nullcontext)()


def classifier_errors(gan, images, labels):
    """`{"test_error": averaged D's, "test_error_raw": trained D's}`."""
    raw = classifier_error(gan.classifier, images, labels)["error"]
    with _averaged(gan):
        averaged = classifier_error(gan.classifier, images, labels)["error"]
    return {"test_error": averaged, "test_error_raw": raw}


@register_evaluator("semi_supervised_error", keys=("classifier_test_error",))
def semi_supervised_error(gan, data, seed=0, *, split="test"):
    """Error rate of `gan.classifier` on every image of `split`.

    With D's averaged parameters where its optimizer keeps them
    (`use_ema=True`; Salimans et al.'s protocol), else its trained ones.

    Args:
        gan: a trained `sgan`.
        data: the config's data block; `data["name"]` is the labelled set.
        seed: unused (the score is deterministic).
        split: the split scored.

    Returns:
        `{"classifier_test_error": float}` (the key of the results table).
    """
    del seed
    images, labels = load_arrays(data["name"], split)
    with _averaged(gan):
        error = classifier_error(gan.classifier, images, labels)["error"]
    return {"classifier_test_error": error}


class TestErrorMonitor(keras.callbacks.Callback):
    """Adds the test error to the logs of every chunk (Keras epoch) of `fit`.

    `ganzoo.training.train` writes those logs to TensorBoard
    (`<workdir>/tensorboard/scalars`) and its log line, so the run keeps its
    error-vs-epoch curve: `test_error` (D's averaged parameters, the
    paper's protocol) and `test_error_raw` (the trained ones). With
    `train.log_every` = one pass over the data, one point per epoch
    (`benchmarks/sgan_curve.py` draws them). Runs before the training
    callback, which reads the logs.

    Args:
        dataset: the labelled image set, e.g. `"mnist"`.
        split: the split scored (its every image).
    """

    __test__ = False  # Not a pytest class, despite its name.

    def __init__(self, dataset, split="test"):
        super().__init__()
        self.dataset, self.split = dataset, split
        self.arrays = None

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        if self.arrays is None:  # Loaded once, on first use.
            self.arrays = load_arrays(self.dataset, self.split)
        logs.update(classifier_errors(self.model, *self.arrays))
