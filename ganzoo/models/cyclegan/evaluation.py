"""CycleGAN's benchmark by name: `"translation"` on the synthetic pair.

The pair's true B image of every test digit is known, so G(a) is scored
against it (mean absolute error in [0, 1] pixels, beside the "copy the
input" baseline), and a domain classifier reads the digit back from F(G(a))
and F(b) (`ganzoo.data.evaluate_translation`, which holds the pair's ground
truth). The goal of ganzoo issue #5: labels kept in at least 97% of F(G(a)).

Domain FID: the classifier's features of B images mapped back to strokes
(`ganzoo.data.translation.b_to_strokes`, one fixed map for every image), the
Frechet distance of G(a) to the true B images of the same test digits, beside
the "copy the input" translation and the floor of real B images from the
training half against the same test images.
"""

import numpy as np

from ganzoo import data as data_lib
from ganzoo import metrics
from ganzoo.data.translation import b_to_strokes, to_float
from ganzoo.metrics.evaluators import register_evaluator

KEYS = (
    "mae",
    "copy_mae",
    "accuracy_cycle",
    "accuracy_b2a",
    "fid_domain",
    "copy_fid_domain",
    "real_fid_domain",
)


def domain_fids(gan, pair, classifier, num_examples=None, batch_size=256, fake_b=None):
    """Frechet distances in the classifier's features, to the true test B images.

    Args:
        gan: a model with `translate(images, direction, batch_size=)`.
        pair: a `ganzoo.data.translation.TranslationPair`.
        classifier: a domain classifier with `features(28x28x1 images)`.
        num_examples: test digits used; None takes all.
        batch_size: images per network call.
        fake_b: G(a) of those test images if already made; None translates.

    Returns:
        A dict: `fid_domain` (G(a)), `copy_fid_domain` (a repeated over B's
        channels) and `real_fid_domain` (real B images of other digits, from
        the training half: the floor).
    """
    n = (
        len(pair.test_a)
        if num_examples is None
        else min(num_examples, len(pair.test_a))
    )
    a, b = to_float(pair.test_a[:n]), to_float(pair.test_b[:n])

    def features(images):
        view = pair.to_classifier_view(b_to_strokes(images))
        return classifier.features(view, batch_size=batch_size)

    reference = features(b)
    candidates = dict(
        fid_domain=(
            gan.translate(a, "a2b", batch_size=batch_size) if fake_b is None else fake_b
        ),
        copy_fid_domain=np.broadcast_to(a, b.shape),
        real_fid_domain=to_float(pair.train_b[:n]),
    )
    return {
        key: float(metrics.frechet_distance(features(images), reference))
        for key, images in candidates.items()
    }


@register_evaluator("translation", keys=KEYS, needs=("classifier",))
def translation(
    gan, data, seed=0, *, classifier="mnist", num_examples=None, split="test"
):
    """Scores a translator on the test digits of the config's pair.

    Args:
        gan: a trained `cyclegan` (anything with `translate`).
        data: the config's data block; `data["kwargs"]` rebuilds the pair
            (`ganzoo.data.load_translation_pair` arguments, e.g. `take`).
        seed: unused (translation is deterministic).
        classifier: the domain classifier's dataset.
        num_examples: test digits scored; None takes all 10,000.
        split: only `"test"`: the split whose true B images are known.

    Returns:
        A dict with the `KEYS` present.
    """
    del seed
    if split != "test":
        raise ValueError(
            f"Received: `eval.split={split!r}`; expected 'test' (the pair's "
            "ground truth is scored on its test digits)."
        )
    pair = data_lib.load_translation_pair(**dict(data.get("kwargs") or {}))
    domain_classifier = metrics.load_domain_classifier(classifier)
    # G(a) once, for both the MAE and the FID.
    n = (
        len(pair.test_a)
        if num_examples is None
        else min(num_examples, len(pair.test_a))
    )
    fake_b = gan.translate(to_float(pair.test_a[:n]), "a2b", batch_size=256)
    scores = data_lib.evaluate_translation(
        gan, pair, domain_classifier, num_examples, fake_b=fake_b
    )
    scores.update(
        domain_fids(gan, pair, domain_classifier, num_examples, fake_b=fake_b)
    )
    return {k: float(scores[k]) for k in KEYS if k in scores}
