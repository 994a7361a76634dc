"""CycleGAN's benchmark by name: `"translation"` on the synthetic pair.

The pair's true B image of every test digit is known, so G(a) is scored
against it (mean absolute error in [0, 1] pixels, beside the "copy the
input" baseline), and a domain classifier reads the digit back from F(G(a))
and F(b) (`ganzoo.data.evaluate_translation`, which holds the pair's ground
truth). The goal of ganzoo issue #5: labels kept in at least 97% of F(G(a)).
"""

from ganzoo import data as data_lib
from ganzoo import metrics
from ganzoo.metrics.evaluators import register_evaluator

KEYS = ("mae", "copy_mae", "accuracy_cycle", "accuracy_b2a")


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
    scores = data_lib.evaluate_translation(gan, pair, domain_classifier, num_examples)
    return {k: float(scores[k]) for k in KEYS if k in scores}
