"""Train, evaluate, export and record one benchmark run: `run_benchmark(...)`.

Not a binary: `benchmarks/run.py` calls `run_benchmark` for each
(config, seed). One run's folder, `<workdir>/<config name>/seed_<k>/`,
holds the training workdir (`train/`, resumable: running again continues
from its checkpoint), the SavedModel export (`export/`), `samples.png` (the
last training grid) and `losses.png` (from the TensorBoard scalars).
Each metric becomes one JSON line in the results file.
"""

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import copy
import dataclasses
import datetime
import functools
import glob
import json
import os
import platform
import shutil
import subprocess
import time

import keras
import ml_collections
import numpy as np
import tensorflow as tf
from absl import logging

import ganzoo
from benchmarks import evaluation, mode_collapse_table, plots
from ganzoo import data as data_lib
from ganzoo.metrics.evaluate import DEFAULT_NUM_SAMPLES
from ganzoo.training import config as config_lib
from ganzoo.training import loop as training
from ganzoo.training.workdir import WorkdirInUseError

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclasses.dataclass
class RunSpec:
    """One (config, seed) to run.

    Args:
        config: the full config (overrides and seed already applied).
        name: the config's name, e.g. `"vanilla_ring8"` or
            `"vanilla_ring8:smoke"`.
        seed: the seed written into `config.train.seed` and `data.seed`.
        overrides: the overridden fields, `{"train.steps": 5000}` (recorded).
        suite: the suite's name, or None for a single `--config` run.
    """

    config: ml_collections.ConfigDict
    name: str
    seed: int
    overrides: dict = dataclasses.field(default_factory=dict)
    suite: str | None = None


def load_config(path, arg=None):
    """Loads a zoo config file and returns `get_config(arg)`.

    Args:
        path: the file, absolute or relative to the repository root.
        arg: the `:arg` part, e.g. `"smoke"`, or None.
    """
    full = path if os.path.isabs(path) else os.path.join(REPO, path)
    return config_lib.load_config(full, arg)


def apply_overrides(config, overrides):
    """Sets dotted fields (`{"train.steps": 100}`); unknown keys raise KeyError."""
    for key, value in overrides.items():
        node, *path = config, *key.split(".")
        for part in path[:-1]:
            node = node[part]
        if path[-1] not in node:
            raise KeyError(f"Received: override `{key}`; the config has no such field.")
        node[path[-1]] = value
    return config


def with_seed(config, seed):
    """A copy of `config` whose training and data order use `seed`."""
    config = copy.deepcopy(config)  # Keeps typed fields and references.
    config.train.seed = seed
    config.data.seed = seed
    return config


@functools.lru_cache(maxsize=1)
def git_commit():
    """`git rev-parse --short HEAD`, with `+dirty` for uncommitted changes.

    Read once per process: a row names the code its run started with, not a
    commit made while it trained (`benchmarks.run` reads it before training).
    """
    try:
        run = dict(cwd=REPO, capture_output=True, text=True, check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], **run)
        status = subprocess.run(["git", "status", "--porcelain"], **run)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


@functools.lru_cache(maxsize=1)
def machine():
    """A one-line description of this machine and the library versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [
                line.split(":", 1)[1].strip() for line in f if "model name" in line
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    gpus = [
        tf.config.experimental.get_device_details(g).get("device_name", g.name)
        for g in tf.config.list_physical_devices("GPU")
    ]
    device = ", ".join(gpus) if gpus else "no GPU"
    return (
        f"{os.cpu_count()}x {cpu}, {device}; TF {tf.__version__}, "
        f"Keras {keras.__version__}"
    )


def missing_data(config):
    """Why `config` cannot run here (a data set is absent), or None."""
    for name in evaluation.required_datasets(config):
        try:
            data_lib.prepare(name)
        except FileNotFoundError as error:
            return f"{name} not available: {str(error).split('. ')[0]}"
    return None


def result_row(spec, **fields):
    """A row of the results file for `spec` (a `RunSpec`): `fields` added."""
    config = spec.config
    return {
        "model": config.model.name,
        "dataset": config.data.name,
        "config": spec.name,
        "suite": spec.suite,
        "seed": spec.seed,
        "steps": config.train.steps,
        "batch_size": config.data.batch_size,
        "overrides": {k: v for k, v in spec.overrides.items()},
        "machine": machine(),
        "commit": git_commit(),
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        **fields,
    }


def plain_json(value):
    """`value` with ConfigDicts, tuples and NumPy values as plain JSON types.

    Overrides from the command line can be `ml_collections.ConfigDict`s
    (`--config.optimizer.d={"class_name": ...}`), which `json` cannot write.
    """
    if isinstance(value, (ml_collections.ConfigDict, ml_collections.FrozenConfigDict)):
        value = value.to_dict()
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain_json(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def append_rows(path, rows):
    """Appends `rows` (dicts) to the JSON-lines file `path`.

    Every row is converted (`plain_json`) and encoded before the file is
    opened, so a value JSON cannot hold raises without writing half a row;
    anything still unknown is written as its `str`, so that no row is lost.
    """
    lines = [
        json.dumps(plain_json(row), sort_keys=True, default=str) + "\n" for row in rows
    ]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.writelines(lines)


# Config label of the rows that score a weight-averaged run's raw generator.
RAW_GENERATOR_SUFFIX = " (raw generator)"


def _raw_generator_scores(gan, config, seed):
    """Scores of `gan`'s trained weights, when it samples from their average.

    With `g_ema_decay` the benchmark scores the averaged generator; the
    average never feeds back into the game, so the raw weights of the same
    run are the run without averaging, scored with the same evaluator and
    seed. None without an average.
    """
    if gan.generator_average is None:
        return None
    with gan.raw_generator():
        return evaluation.evaluate_config(gan, config, seed=seed)


def run_dir(spec, workdir):
    """The folder of one (config, seed): `<workdir>/<name>/seed_<seed>/`."""
    return os.path.join(workdir, spec.name.replace(":", "_"), f"seed_{spec.seed}")


def train_dir(spec, workdir):
    """The training workdir of one (config, seed), inside `run_dir`."""
    return os.path.join(run_dir(spec, workdir), "train")


def run_benchmark(spec, workdir, results_path, plots_dir=None):
    """Trains, evaluates and exports one (config, seed); appends its rows.

    Args:
        spec: a `RunSpec`.
        workdir: the root of all runs; this run uses
            `<workdir>/<name>/seed_<seed>/`.
        results_path: the JSON-lines results file to append to.
        plots_dir: if set, `samples.png` and `losses.png` are also copied
            there as `<name>_<steps>steps_seed<k>_{samples,losses}.png`
            (and `..._modes.png` for a mixture).

    Returns:
        The list of rows written (one per metric; `status` is `"ok"`,
        `"skipped"` with a `reason`, or `"failed"` with the error).
    """
    config = spec.config
    folder = run_dir(spec, workdir)
    reason = missing_data(config)
    if reason:
        logging.warning("Skipping %s seed %d: %s", spec.name, spec.seed, reason)
        rows = [
            result_row(spec, metric=m, value=None, status="skipped", reason=reason)
            for m in evaluation.metric_names(config)
        ]
        append_rows(results_path, rows)
        return rows
    try:
        start = time.time()
        result = training.train(config, train_dir(spec, workdir))
        train_seconds = time.time() - start
        start = time.time()
        scores = evaluation.evaluate_config(result.gan, config, seed=spec.seed)
        eval_seconds = time.time() - start
        start = time.time()
        raw_scores = _raw_generator_scores(result.gan, config, spec.seed)
        raw_eval_seconds = time.time() - start
    except WorkdirInUseError:  # Another process's run: not this run's failure.
        raise
    except Exception as error:  # noqa: BLE001 - a suite records and goes on.
        logging.exception("%s seed %d failed", spec.name, spec.seed)
        reason = f"{type(error).__name__}: {error}"[:300]
        rows = [
            result_row(spec, metric=m, value=None, status="failed", reason=reason)
            for m in evaluation.metric_names(config)
        ]
        append_rows(results_path, rows)
        return rows
    prefix = mode_collapse_table.plot_prefix(spec.name, config.train.steps, spec.seed)
    mixture = config.data.name if config.data.name in data_lib.list_mixtures() else None
    artifacts = _plots(folder, plots_dir, prefix, write=False, mixture=mixture)
    # The benchmark's scores (of the average, where the run keeps one) with the
    # plots; then those of the same run's trained weights: a paired comparison.
    scored = [(spec, scores, eval_seconds, dict(artifacts=artifacts))]
    if raw_scores is not None:
        name = f"{spec.name}{RAW_GENERATOR_SUFFIX}"
        raw_spec = dataclasses.replace(spec, name=name)
        scored.append((raw_spec, raw_scores, raw_eval_seconds, {}))
    rows = [
        result_row(
            row_spec,
            metric=metric,
            value=value,
            status="ok",
            initial_step=result.initial_step,
            train_seconds=round(train_seconds, 1),
            eval_seconds=round(seconds, 1),
            # What `train.mixed_precision` resolved to: "auto" depends on the
            # CPU's flags, which the machine's name does not show.
            dtype_policy=result.gan.dtype_policy.name,
            **extra,
        )
        for row_spec, row_scores, seconds, extra in scored
        for metric, value in row_scores.items()
    ]
    # Written before the export and the plots, which can fail: the rows of an
    # evaluation (hours of training) are never lost.
    append_rows(results_path, rows)
    ganzoo.export(
        result.gan,
        os.path.join(folder, "export"),
        metadata={"config": spec.name, "steps": result.step, "scores": scores},
        overwrite=True,
    )
    if mixture:  # The scored samples (the evaluator's count and seed).
        points = result.gan.generate(DEFAULT_NUM_SAMPLES[mixture], seed=spec.seed)
        np.save(os.path.join(folder, "points.npy"), points)
        plots.plot_modes(points, mixture, os.path.join(folder, "modes.png"), prefix)
    _plots(folder, plots_dir, prefix, mixture=mixture)
    return rows


def _plots(run_dir, plots_dir, prefix, write=True, mixture=None):
    # `write=False` only names the files, for the rows written before them.
    grids = sorted(glob.glob(os.path.join(run_dir, "train", "samples", "*.png")))
    outputs = {}
    if mixture:  # Written by `run_benchmark` (samples over the true modes).
        outputs["modes"] = os.path.join(run_dir, "modes.png")
    if grids:
        outputs["samples"] = os.path.join(run_dir, "samples.png")
        if write:
            shutil.copyfile(grids[-1], outputs["samples"])
    scalars = os.path.join(run_dir, "train", "tensorboard", "scalars")
    outputs["losses"] = os.path.join(run_dir, "losses.png")
    if write:
        outputs["losses"] = plots.plot_losses(scalars, outputs["losses"], title=prefix)
    if plots_dir:
        os.makedirs(plots_dir, exist_ok=True)
        for kind, path in list(outputs.items()):
            if path:
                outputs[kind] = os.path.join(plots_dir, f"{prefix}_{kind}.png")
                if write:
                    plots.compact_copy(path, outputs[kind])
    return {
        k: os.path.relpath(v, REPO) if v and v.startswith(REPO) else v
        for k, v in outputs.items()
    }
