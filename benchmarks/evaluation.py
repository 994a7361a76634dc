"""The benchmark of each zoo config: `evaluate_config(gan, config)`.

Not a binary: `benchmarks/run.py` calls it after training. The benchmark is
an evaluator looked up by name (`ganzoo.metrics.get_evaluator`): the
config's `eval.evaluator` (or its old name `eval.metric`), else the zoo
entry's registered evaluator, else the dataset's (`ganzoo.data.catalog`);
the rest of `config.eval` are the evaluator's options
(`ganzoo.training.config.evaluator_name` documents the rule). The
evaluators and their result keys:

- `"mode_coverage"` (ring8, grid25): PacGAN's protocol -> `modes_captured`,
  `high_quality_fraction`, `modes_kl`.
- `"domain_fid"` (mnist, fashion_mnist): FID and KID in ganzoo's domain
  classifier features -> `fid_domain`, `kid_domain`.
- `"evaluate"`: `ganzoo.metrics.evaluate` with `eval.metrics`
  (e.g. `["parzen"]` -> `parzen_log_likelihood`, `parzen_sigma`); `"parzen"`
  is that list's evaluator (Goodfellow et al. 2014's protocol).
- `"conditional_accuracy"` (cgan, acgan), `"semi_supervised_error"` (sgan:
  `classifier_test_error`), `"translation"` (cyclegan: `mae`, `copy_mae`,
  `accuracy_cycle`, `accuracy_b2a`), `"stackgan_attributes"` (stackgan:
  `attribute_accuracy` and its baselines): registered in the entries'
  folders under `ganzoo/models/`.
"""

import ml_collections

import ganzoo  # noqa: F401  (imports ganzoo.models: the entries' evaluators)
from ganzoo.data import catalog
from ganzoo.metrics import evaluators
from ganzoo.training import config as config_lib

MIXTURE_METRICS = evaluators.MIXTURE_METRICS
# Fields of `config.eval` that are not evaluator options.
_NOT_OPTIONS = ("evaluator", "metric", *config_lib.EVAL_NOTES)


def _plain(value):
    if isinstance(value, ml_collections.ConfigDict):
        return value.to_dict()
    return value


def eval_spec(config):
    """The evaluator of `config` and its options (defaults filled in).

    Args:
        config: a zoo config (`ml_collections.ConfigDict`).

    Returns:
        `(evaluator, options)`: a `ganzoo.metrics.Evaluator` and a dict.

    Raises:
        ValueError: an unknown evaluator (the message lists them), an unknown
            `eval.metric`, or an option the evaluator does not take.
    """
    block = _plain(config.get("eval")) or {}
    evaluator = evaluators.get_evaluator(config_lib.evaluator_name(config))
    options = {k: v for k, v in block.items() if k not in _NOT_OPTIONS}
    return evaluator, evaluator.with_defaults(**options)


def required_datasets(config):
    """The on-disk datasets a run of `config` needs (e.g. `["mnist"]`)."""
    evaluator, options = eval_spec(config)
    needed = set(catalog.get_dataset(config.data.name).files_needed)
    needed.update(evaluator.datasets(**options))
    return sorted(needed)


def metric_names(config):
    """The metric keys `evaluate_config` returns for `config` (for skip rows)."""
    evaluator, options = eval_spec(config)
    return evaluator.metric_keys(config.data.name, **options)


def evaluate_config(gan, config, seed=0):
    """Scores a trained GAN with the benchmark of its config.

    Args:
        gan: the trained model (`TrainResult.gan`).
        config: the config it was trained with.
        seed: seed for the generated samples.

    Returns:
        A dict metric name -> float.

    Example:

    ```python
    result = ganzoo.training.train(config, workdir)
    evaluate_config(result.gan, config)
    # {'modes_captured': 8.0, 'high_quality_fraction': 0.97, 'modes_kl': 0.01}
    ```
    """
    evaluator, options = eval_spec(config)
    return evaluator(gan, _plain(config.data), seed=seed, **options)
