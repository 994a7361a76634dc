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
import re
import sys

from absl import app, flags, logging
from ml_collections import config_flags

from benchmarks import suites

# TensorFlow, Keras and ganzoo are imported after flag parsing (in the
# functions below), so `--help` and flag errors answer at once; ganzoo
# first, so that TensorFlow starts without its notices (`GANZOO_VERBOSE=1`
# shows them: see ganzoo/_startup.py).

PROGRAM = "benchmarks.run"
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
if "debug" not in flags.FLAGS:  # As `cli_errors.define_debug_flag`, without TF.
    flags.DEFINE_bool(
        "debug", False, "Show the traceback of any error (a user error: one line)."
    )
_PLOTS_DIR = flags.DEFINE_string(
    "plots_dir", None, "If set, copy each run's samples.png and losses.png here."
)


MAX_SEED = 2**31  # Seeds are int32 for TensorFlow and uint32 for NumPy.


@flags.validator("seeds")
def _check_seeds(values):
    # At flag parsing: a bad seed stops the binary before any work.
    for value in values or ():
        try:
            seed = int(value)
        except ValueError:
            seed = -1
        if not 0 <= seed < MAX_SEED:
            raise flags.ValidationError(
                f"Received: `--seeds={','.join(values)}`, whose {value!r} is not "
                f"a seed; expected integers in [0, {MAX_SEED}), e.g. 0,1,2."
            )
    return True


def _seeds(default):
    if _SEEDS.value is None:
        return tuple(default)
    return tuple(int(s) for s in _SEEDS.value)


def _check_config(config, name):
    import ganzoo
    from benchmarks import evaluation

    if config.model.name not in ganzoo.list_models():
        raise ValueError(
            f"Received: `model.name={config.model.name!r}` in {name}; expected one "
            f"of {ganzoo.list_models()}."
        )
    try:
        evaluation.eval_spec(config)
    except ValueError as error:
        prefix = "" if "Received:" in str(error) else "Received: "
        raise ValueError(f"{prefix}{name}: {error}") from None


def build_specs():
    """The `runner.RunSpec`s the flags ask for."""
    if (_CONFIG.value is None) == (_SUITE.value is None):
        raise ValueError(
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
            raise ValueError(
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
    """Runs the specs; a user's error is one line and exit status 2."""
    # Imported after flag parsing; first ganzoo, so TensorFlow starts quietly.
    from ganzoo.training import cli_errors

    with cli_errors.one_line_errors(PROGRAM):
        _main(argv)


def _main(argv):
    if len(argv) > 1:
        raise ValueError(
            f"Received: unexpected arguments {argv[1:]}; expected flags only."
        )
    specs = build_specs()
    import keras

    from benchmarks import runner, table
    from ganzoo.training import workdir as workdir_lib

    for spec in specs:  # Before any work: a run in use elsewhere stops this one.
        workdir_lib.check_not_in_use(runner.train_dir(spec, _WORKDIR.value))

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
    failed = [r for r in rows if r["status"] == "failed"]
    if failed:
        runs = sorted({(r["config"], r["seed"]) for r in failed})
        sys.stderr.write(
            f"{PROGRAM}: error: {len(runs)} of {len(specs)} runs failed "
            f"({runs[0][0]} seed {runs[0][1]}: {failed[0]['reason']}); the log "
            "above has the traceback.\n"
        )
        sys.exit(1)


def parse_flags(argv):
    """absl's flag parsing, with every flag error as one line and status 2.

    `ml_collections` raises plain exceptions for an unknown override
    (`--config.train.stepz=1`) or a missing config file, and absl prints its
    usage before a bad value's message; each becomes one line instead.
    """
    try:
        return flags.FLAGS(argv)
    except flags.Error as error:
        received = re.search(r"Received:[^\n]*", str(error))
        message = received.group(0) if received else str(error)
    except (AttributeError, KeyError, OSError, ValueError, TypeError) as error:
        text = str(error.args[0] if error.args else error)
        text = text.replace("\\n", "; ").replace("\\'", "").replace("'", "")
        message = (
            f"Received: a `--config` flag that could not be applied ({text}); "
            "expected an existing zoo_configs/<model>_<dataset>.py[:smoke] and "
            "overrides of fields it has, e.g. `--config.train.steps=100`."
        )
    message = " ".join(message.split())
    sys.stderr.write(f"{PROGRAM}: error: {message} (--helpshort lists the flags)\n")
    sys.exit(2)


if __name__ == "__main__":
    app.run(main, flags_parser=parse_flags)
