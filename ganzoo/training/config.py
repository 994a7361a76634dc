"""The training config schema: every field, its default, its type, its meaning.

    ganzoo-train --config=zoo_configs/dcgan_mnist.py:smoke --workdir=/tmp/dcgan_smoke

A zoo config `zoo_configs/<model>_<dataset>.py` defines `get_config(arg=None)`
and returns `base_config(model, dataset, arg, ...)` stating only what differs
from `SCHEMA`'s defaults and from the entry's registered ones (with
`optimizer.d` None, `compile()` takes the entry's paper optimizer). `:smoke`
applies `SMOKE`, a seconds-long run. `ganzoo.training.train` fills a config's
missing fields from `SCHEMA` (`with_defaults`), so the loop reads each field
directly and no default is restated elsewhere.

Example:

```python
from ganzoo.training import config

def get_config(arg=None):
    return config.base_config("dcgan", "mnist", arg, model_kwargs=dict(base_filters=64))
```
"""

import copy
import dataclasses
import importlib.util
import os
from typing import Any

import ml_collections
from ml_collections.config_dict import FieldReference

from ganzoo import registry
from ganzoo.data import catalog


@dataclasses.dataclass(frozen=True)
class Field:
    """One config field.

    Args:
        default: its value when a config does not set it.
        type: the type a command-line override must have (`object`: any).
        help: what it means.
    """

    default: Any
    type: type
    help: str


SCHEMA = {
    "model": {
        "name": Field("", str, "the zoo entry: `ganzoo.build(name, **kwargs)`"),
        "kwargs": Field({}, dict, "builder arguments; `image_shape` is the dataset's"),
    },
    "data": {
        "name": Field("", str, "a dataset of `ganzoo.data.catalog`"),
        "loader": Field("load", str, "`ganzoo.data.get_loader` name (the dataset's)"),
        "split": Field("train", str, "the split trained on"),
        "batch_size": Field(64, int, "examples per step (global, over replicas)"),
        "seed": Field(0, int, "seeds the data order and synthetic draws"),
        "kwargs": Field({}, dict, "extra loader arguments, e.g. `take`"),
    },
    "train": {
        "steps": Field(10_000, int, "generator updates of the run"),
        "log_every": Field(100, int, "steps per Keras epoch (a chunk of `fit`)"),
        "checkpoint_every": Field(1_000, int, "steps between checkpoints"),
        "keep_every": Field(
            0,
            int,
            "steps between checkpoints kept for good in `<workdir>/kept` (0: "
            "none), scored afterwards by `benchmarks.checkpoint_curve`",
        ),
        "sample_every": Field(1_000, int, "steps between sample grids (PNG)"),
        "num_samples_in_grid": Field(64, int, "samples drawn for each grid"),
        "seed": Field(0, int, "seeds weights and noise"),
        "jit_compile": Field(
            "auto",
            object,
            '"auto" (the faster measured path: ganzoo.engine.execution), True (XLA) '
            "or False (graph)",
        ),
        "steps_per_execution": Field(
            "auto",
            object,
            '"auto" (gcd of log/checkpoint/sample_every, at most 100) or a '
            "divisor of `log_every`: steps per call of the compiled function",
        ),
        "verbose": Field(1, int, "Keras `fit` verbosity"),
        "deterministic": Field(False, bool, "`enable_op_determinism()`"),
        "distribute": Field("none", str, "none, mirrored, multi_worker or tpu"),
        "tpu": Field("", str, "the TPU address for `distribute=tpu`"),
        "mixed_precision": Field(
            "auto",
            str,
            "auto (mixed_bfloat16 for entries registered bfloat16=True on CPUs "
            "with AVX512_BF16/AMX and TPUs, else float32), float32, "
            "mixed_float16 or mixed_bfloat16",
        ),
        "on_divergence": Field("stop", str, "on NaN/inf: stop, or rollback"),
        "rollback_lr_factor": Field(0.5, float, "learning rates x this per rollback"),
        "max_rollbacks": Field(3, int, "rollbacks before giving up"),
    },
    "optimizer": {
        "d": Field(None, object, "D's Keras optimizer identifier; None: the entry's"),
        "g": Field(None, object, "G's Keras optimizer identifier; None: the entry's"),
    },
    "eval": {
        "evaluator": Field(
            None,
            str,
            "the benchmark (`ganzoo.metrics.get_evaluator`); None: "
            "the entry's registered one, else the dataset's",
        ),
    },
}
# `config.eval` also holds the evaluator's options (its keyword arguments)
# and these notes for the reader, which no code reads.
EVAL_NOTES = {
    "target": "the goal of the benchmark",
    "target_label_accuracy": "the goal for the labels kept by a translation",
    "paper": "the paper's value",
    "paper_std": "the paper's spread",
}
# `config.eval.metric`, the name before evaluators: old name -> evaluator.
EVAL_METRIC_ALIASES = {
    "evaluate": "evaluate",
    "conditional_accuracy": "conditional_accuracy",
    "classifier_test_error": "semi_supervised_error",
    "translation": "translation",
    "attribute_accuracy": "stackgan_attributes",
}
# A `:smoke` config: a run of seconds (a few examples keep the data cheap).
SMOKE = {
    "train.steps": 20,
    "data.batch_size": 16,
    "train.num_samples_in_grid": 16,
    "train.log_every": 5,
    "train.checkpoint_every": 10,
    "train.sample_every": 10,
}
ARGS = (None, "", "smoke")
# Field names that `base_config` takes as keywords (those in one section).
_KEYWORDS = {
    name: section
    for section, fields in SCHEMA.items()
    for name in fields
    if name not in ("name", "kwargs", "seed", "d", "g")
}


def _field(field, value):
    # None (or a scalar of an `object` field, "auto") needs a typed reference
    # so that the command line can set it: `--config.optimizer.d=sgd`. A dict
    # becomes a ConfigDict, whose own fields can be overridden.
    if value is None or (field.type is object and not isinstance(value, dict)):
        return FieldReference(value, field_type=field.type)
    return copy.deepcopy(value)


def base_config(
    model,
    dataset,
    arg=None,
    *,
    model_kwargs=None,
    smoke_model_kwargs=None,
    data_kwargs=None,
    d_optimizer=None,
    g_optimizer=None,
    seed=None,
    evaluation=None,
    **fields,
):
    """Builds a training config; `arg="smoke"` gives a tiny, seconds-long run.

    Args:
        model: the zoo entry, e.g. `"dcgan"`.
        dataset: a dataset of `ganzoo.data.catalog`, e.g. `"mnist"`; it gives
            `model.kwargs.image_shape` and `data.loader`.
        arg: the config argument after `:` on the command line (None or
            `"smoke"`).
        model_kwargs: builder arguments of the full run.
        smoke_model_kwargs: builder arguments that replace `model_kwargs`'
            values in a smoke run (small widths).
        data_kwargs: extra loader arguments (`data.kwargs`).
        d_optimizer: `optimizer.d`; None keeps the entry's default.
        g_optimizer: `optimizer.g`; same rule.
        seed: `train.seed` and `data.seed` (default 0).
        evaluation: the `config.eval` block: `evaluator` and its options.
        **fields: any other field of `SCHEMA` by its name, e.g. `steps=`,
            `batch_size=`, `log_every=`, `loader=`.

    Returns:
        An `ml_collections.ConfigDict` with every field of `SCHEMA`.
    """
    if arg not in ARGS:
        raise ValueError(
            f"Received: config argument `{arg!r}`; expected one of {list(ARGS)} "
            "(e.g. `--config=zoo_configs/dcgan_mnist.py:smoke`)."
        )
    info = catalog.get_dataset(dataset)
    unknown = sorted(set(fields) - set(_KEYWORDS))
    if unknown:
        raise ValueError(
            f"Received: `{unknown[0]}={fields[unknown[0]]!r}`; expected fields "
            f"of the schema: {sorted(_KEYWORDS)}."
        )
    values = {f"{_KEYWORDS[k]}.{k}": v for k, v in fields.items()}
    values.setdefault("data.loader", info.loader)
    model_kwargs = dict(model_kwargs or {})
    data_kwargs = dict(data_kwargs or {})
    if seed is not None:
        values.update({"train.seed": seed, "data.seed": seed})
    if arg == "smoke":
        values.update(SMOKE)
        model_kwargs.update(smoke_model_kwargs or {})
        data_kwargs.update(info.smoke_kwargs)
    values.update(
        {
            "model.name": model,
            "model.kwargs": dict(model_kwargs, image_shape=info.shape),
            "data.name": dataset,
            "data.kwargs": data_kwargs,
            "optimizer.d": d_optimizer,
            "optimizer.g": g_optimizer,
        }
    )
    config = ml_collections.ConfigDict()
    for section, schema in SCHEMA.items():
        config[section] = ml_collections.ConfigDict()
        for name, field in schema.items():
            value = values.get(f"{section}.{name}", field.default)
            config[section][name] = _field(field, value)
    config.eval.update(evaluation or {})
    return config


def mixture_config(model, dataset, arg=None, **kwargs):
    """A `base_config` for the 2D mixtures (`ring8`, `grid25`).

    Defaults to the networks and schedule of the WGAN-GP toy code
    (gan_toy.py): 2-d noise, three hidden layers of 512, batch 256, and
    2,500-point sample plots (the PacGAN protocol's sample count). Any
    `base_config` argument overrides them.
    """
    settings = dict(
        model_kwargs=dict(latent_dim=2, hidden_units=(512, 512, 512)),
        smoke_model_kwargs=dict(latent_dim=2, hidden_units=(16,)),
        steps=20_000,
        batch_size=256,
        log_every=500,
        checkpoint_every=5_000,
        sample_every=2_000,
        num_samples_in_grid=2_500,
    )
    settings.update(kwargs)
    return base_config(model, dataset, arg, **settings)


def with_defaults(config):
    """A copy of `config` with every missing field of `SCHEMA` filled in.

    Raises:
        ValueError: a section or field that is not in `SCHEMA` (`eval`
            holds the evaluator's options and is not checked here).
    """
    config = copy.deepcopy(config)  # Keeps typed fields and references.
    unknown = sorted(set(config) - set(SCHEMA))
    for section, schema in SCHEMA.items():
        if section not in config or config[section] is None:
            config[section] = ml_collections.ConfigDict()
        if section != "eval":
            unknown += [f"{section}.{k}" for k in config[section] if k not in schema]
        for name, field in schema.items():
            if name not in config[section]:
                config[section][name] = _field(field, field.default)
    if unknown:
        raise ValueError(
            f"Received: config field `{unknown[0]}`; expected fields of the "
            f"schema ({[f'{s}.{n}' for s in SCHEMA for n in SCHEMA[s]]})."
        )
    return config


def evaluator_name(config):
    """The benchmark of `config`, by name.

    `eval.evaluator` (or its old name `eval.metric`); else the zoo entry's
    registered evaluator when the config trains on the entry's registered
    dataset (a generic entry such as `vanilla` also runs on the mixtures,
    whose benchmark is not its MNIST one); else the dataset's.

    Raises:
        ValueError: an unknown `eval.metric`, or no evaluator at all.
    """
    block = config.get("eval") or {}
    metric, evaluator = block.get("metric"), block.get("evaluator")
    if metric is not None:
        if metric not in EVAL_METRIC_ALIASES:
            raise ValueError(
                f"Received: `eval.metric={metric!r}`; expected one of "
                f"{list(EVAL_METRIC_ALIASES)} (the old names of `eval.evaluator`)."
            )
        if evaluator and evaluator != EVAL_METRIC_ALIASES[metric]:
            raise ValueError(
                f"Received: `eval.metric={metric!r}` and `eval.evaluator="
                f"{evaluator!r}`; expected only `eval.evaluator` (`eval.metric` "
                "is its old name)."
            )
        return EVAL_METRIC_ALIASES[metric]
    if evaluator:
        return evaluator
    entry = registry.get_entry(config.model.name)
    own = getattr(entry, "evaluator", None)
    if getattr(entry, "dataset", None) not in (None, config.data.name):
        own = None
    name = own or catalog.get_dataset(config.data.name).evaluator
    if name is None:
        raise ValueError(
            f"Received: `model.name={config.model.name!r}` on `data.name="
            f"{config.data.name!r}`, neither of which names an evaluator; "
            "expected `config.eval.evaluator`."
        )
    return name


def load_module(path, sibling=None):
    """Imports a config file by its path (no `sys.path` entry needed).

    Args:
        path: the `.py` file.
        sibling: if set, the file of that name in `path`'s folder instead
            (a config reusing another's settings: `load_module(__file__,
            "wgan_ring8.py")`).
    """
    path = os.path.abspath(os.fspath(path))
    if sibling is not None:
        path = os.path.join(os.path.dirname(path), sibling)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"Received: `config={path!r}`; expected a file "
            "zoo_configs/<model>_<dataset>.py."
        )
    name = f"ganzoo_config_{os.path.basename(path)[:-3]}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_config(path, arg=None):
    """`get_config(arg)` of a config file; `path` may end in `:arg`.

    Example:

    ```python
    config = load_config("zoo_configs/vanilla_ring8.py:smoke")
    ```
    """
    path, colon, suffix = os.fspath(path).partition(":")
    return load_module(path).get_config(suffix if colon else arg)
