"""InfoGAN's benchmark: how well the categorical code finds the digit classes.

`"categorical_code_error"` generates `samples_per_code` images for each value
of the categorical code, reads their digits with ganzoo's held-out domain
classifier, maps each code value to one class by the Hungarian assignment on
the (code, class) confusion matrix (`scipy.optimize.linear_sum_assignment`)
and reports the share of samples off their code's class. The paper's
headline (Chen et al. 2016, section 5.2): the code captures the digit classes
with about 5% error on MNIST. Beside it: `q_test_error`, the same mapping for
Q itself classifying the 10,000 test digits (the paper's "c1 as a
classifier"), and the domain FID, KID, precision and recall of unconditional
samples (the codes drawn from their prior), the `domain_fid` evaluator's, so
that the row compares with `dcgan_mnist`'s.
"""

import numpy as np
from scipy import optimize

from ganzoo import metrics
from ganzoo.data import stacked_mnist
from ganzoo.metrics import evaluators
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models import conditional

KEYS = ("categorical_code_error", "q_test_error", *evaluators.DOMAIN_KEYS)


def hungarian_error(codes, classes, num_codes, num_classes):
    """Error of the best one-to-one mapping of code values to classes.

    Args:
        codes: `(N,)` ints in `[0, num_codes)`: each sample's code value.
        classes: `(N,)` ints in `[0, num_classes)`: its (predicted) class.
        num_codes: the code's values.
        num_classes: the classes.

    Returns:
        A dict: `error` (the share of samples whose class is not their code
        value's mapped class), `mapping` (a `(num_codes,)` int array, the
        class of each code value, -1 for a value left unmatched when there
        are more values than classes) and `confusion` (`(num_codes,
        num_classes)` counts).

    Example:

    >>> hungarian_error([0, 0, 1], [2, 2, 0], 2, 3)["mapping"]
    array([2, 0])
    """
    codes, classes = np.asarray(codes), np.asarray(classes)
    confusion = np.zeros((num_codes, num_classes), np.int64)
    np.add.at(confusion, (codes, classes), 1)
    rows, columns = optimize.linear_sum_assignment(confusion, maximize=True)
    mapping = np.full(num_codes, -1, np.int64)
    mapping[rows] = columns
    hits = confusion[rows, columns].sum()
    return {
        "error": float(1.0 - hits / max(len(codes), 1)),
        "mapping": mapping,
        "confusion": confusion,
    }


def q_test_error(gan, dataset="mnist", batch_size=500):
    """Q's Hungarian-mapped error on a dataset's test images (a trained InfoGAN)."""
    images, labels = stacked_mnist.load_image_arrays(dataset, "test")
    images = images.astype(np.float32) / 127.5 - 1.0
    predicted = conditional.predict_labels(gan.recognizer, images, batch_size)
    num_classes = int(labels.max()) + 1
    return hungarian_error(predicted, labels, gan.num_classes, num_classes)["error"]


@register_evaluator("categorical_code_error", keys=KEYS, needs=("classifier",))
def categorical_code_error(
    gan, data, seed=0, *, classifier="mnist", samples_per_code=1000, num_samples=None
):
    """Digit-class error of the categorical code, Q's, and the domain scores.

    Args:
        gan: a trained `infogan` (or an object with `num_classes` and
            `generate(n, seed, labels)`; without `recognizer`, e.g. a loaded
            export, `q_test_error` is NaN).
        data: the config's data block; `name` gives the test images.
        seed: generation seed.
        classifier: the domain classifier's dataset, held out from the GAN.
        samples_per_code: images generated for each code value.
        num_samples: unconditional samples for FID/KID/precision/recall
            (`None`: the protocol's 10,000).

    Returns:
        `{"categorical_code_error", "q_test_error", "fid_domain",
        "kid_domain", "precision", "recall"}` as floats.
    """
    domain_classifier = metrics.load_domain_classifier(classifier)
    codes = np.repeat(np.arange(gan.num_classes), samples_per_code)
    images = np.asarray(gan.generate(len(codes), seed, codes), np.float32)
    predicted = conditional.predict_labels(domain_classifier, images)
    num_classes = int(domain_classifier.model.output_shape[-1])
    scores = {
        "categorical_code_error": hungarian_error(
            codes, predicted, gan.num_classes, num_classes
        )["error"],
        "q_test_error": (
            q_test_error(gan, data["name"]) if hasattr(gan, "recognizer") else np.nan
        ),
    }
    scores.update(evaluators.domain_fid(gan, data, seed, num_samples=num_samples))
    return scores
