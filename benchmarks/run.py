r"""Trains, evaluates and exports zoo entries; appends rows to the results.

    python -m benchmarks.run --suite=quick --workdir=/tmp/ganzoo_bench --plots_dir=benchmarks/plots

One config instead of a suite (any field can be overridden):

    python -m benchmarks.run --config=zoo_configs/vanilla_ring8.py:smoke \
        --config.train.steps=40 --seeds=0,1 --workdir=/tmp/ganzoo_bench

Each (config, seed) trains in `<workdir>/<config>/seed_<k>/train` (running
the command again resumes it), is scored with its benchmark
(`benchmarks/evaluation.py`), exported as a SavedModel, and appends one JSON
line per metric to `--results`. Regenerate the table afterwards with
`python -m benchmarks.results`.
"""  # noqa: E501

import glob
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from absl import app, flags, logging  # noqa: E402
from ml_collections import config_flags  # noqa: E402

from benchmarks import suites  # noqa: E402

# TensorFlow, Keras and ganzoo are imported after flag parsing (in the
# functions below), so `--help` and flag errors answer at once.

_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "A zoo config, zoo_configs/<model>_<dataset>.py[:smoke]."
)
_SUITE = flags.DEFINE_enum(
    "suite", None, sorted(suites.SUITES), "A named suite of runs."
)
_WORKDIR = flags.DEFINE_string(
    "workdir", "/tmp/ganzoo_benchmarks", "Root folder of the runs' workdirs."
)
_SEEDS = flags.DEFINE_list(
    "seeds", None, "Seeds to run, e.g. 0,1,2 (default: the suite's, or 0)."
)
_RESULTS = flags.DEFINE_string(
    "results", "benchmarks/results.jsonl", "JSON-lines file the rows are appended to."
)
_PLOTS_DIR = flags.DEFINE_string(
    "plots_dir", None, "If set, copy each run's samples.png and losses.png here."
)


def _seeds(default):
    if _SEEDS.value is None:
        return tuple(default)
    try:
        return tuple(int(s) for s in _SEEDS.value)
    except ValueError:
        raise app.UsageError(
            f"Received: `--seeds={','.join(_SEEDS.value)}`; expected integers, "
            "e.g. 0,1,2."
        ) from None


def _check_config(config, name):
    import ganzoo
    from benchmarks import evaluation

    if config.model.name not in ganzoo.list_models():
        raise app.UsageError(
            f"Received: `model.name={config.model.name!r}` in {name}; expected one "
            f"of {ganzoo.list_models()}."
        )
    try:
        evaluation.eval_spec(config)
    except ValueError as error:
        raise app.UsageError(f"{name}: {error}") from None


def build_specs():
    """The `runner.RunSpec`s the flags ask for."""
    if (_CONFIG.value is None) == (_SUITE.value is None):
        raise app.UsageError(
            "Received: "
            + ("both `--config` and `--suite`" if _SUITE.value else "neither flag")
            + "; expected exactly one of `--config=zoo_configs/<model>_<dataset>.py` "
            f"or `--suite` (one of {sorted(suites.SUITES)})."
        )
    specs = []
    if _CONFIG.value is not None:
        # "zoo_configs/vanilla_ring8.py:smoke" -> "vanilla_ring8:smoke".
        path = config_flags.get_config_filename(flags.FLAGS["config"])
        name = os.path.basename(path).replace(".py", "")
        if not os.path.isfile(path.partition(":")[0]):
            available = sorted(glob.glob(os.path.join("zoo_configs", "*_*.py")))
            raise app.UsageError(
                f"Received: `--config={path}`, which does not exist; expected one "
                f"of {available} (an unknown model or dataset has no config)."
            )
        overrides = dict(config_flags.get_override_values(flags.FLAGS["config"]))
        from benchmarks import runner

        _check_config(_CONFIG.value, name)
        for seed in _seeds((0,)):
            config = runner.with_seed(_CONFIG.value, seed)
            specs.append(runner.RunSpec(config, name, seed, overrides))
        return specs
    from benchmarks import runner

    for entry in suites.get_suite(_SUITE.value):
        path, _, arg = entry.config.partition(":")
        name = os.path.basename(path).removesuffix(".py") + (f":{arg}" if arg else "")
        base = runner.load_config(path, arg or None)
        runner.apply_overrides(base, entry.overrides)
        _check_config(base, name)
        for seed in _seeds(entry.seeds):
            config = runner.with_seed(base, seed)
            specs.append(
                runner.RunSpec(config, name, seed, dict(entry.overrides), _SUITE.value)
            )
    return specs


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(
            f"Received: unexpected arguments {argv[1:]}; expected flags only."
        )
    specs = build_specs()
    import keras

    from benchmarks import runner, table

    logging.info(
        "%d runs at commit %s; results go to %s",
        len(specs),
        runner.git_commit(),
        _RESULTS.value,
    )
    progress = keras.utils.Progbar(len(specs), unit_name="run")
    rows = []
    for i, spec in enumerate(specs):
        logging.info("Run %d/%d: %s seed %d", i + 1, len(specs), spec.name, spec.seed)
        new = runner.run_benchmark(
            spec, _WORKDIR.value, _RESULTS.value, _PLOTS_DIR.value
        )
        rows += new
        progress.update(
            i + 1, values=[("failed", sum(r["status"] == "failed" for r in new))]
        )
    print("\n" + table.format_summary(table.aggregate(rows)))
    print(f"\nAppended {len(rows)} rows to {_RESULTS.value}; regenerate the table with")
    print(f"  python -m benchmarks.results --results={_RESULTS.value}")


def parse_flags(argv):
    """absl's flag parsing, with config-file errors reported as flag errors.

    `ml_collections` raises plain exceptions for an unknown override
    (`--config.train.stepz=1`) or a missing config file; they become the
    usual one-line absl message and exit status 1 instead of a traceback.
    """
    try:
        return flags.FLAGS(argv)
    except flags.Error as error:
        message = str(error)
    except (AttributeError, KeyError, OSError, ValueError, TypeError) as error:
        text = str(error.args[0] if error.args else error)
        text = text.replace("\\n", "; ").replace("\\'", "").replace("'", "")
        message = (
            f"Received: a `--config` flag that could not be applied ({text}); "
            "expected an existing zoo_configs/<model>_<dataset>.py[:smoke] and "
            "overrides of fields it has, e.g. `--config.train.steps=100`."
        )
    sys.stderr.write(f"FATAL Flags parsing error: {message}\n")
    sys.stderr.write("Pass --helpshort or --helpfull to see help on flags.\n")
    sys.exit(1)


if __name__ == "__main__":
    app.run(main, flags_parser=parse_flags)
