r"""Training throughput of zoo entries: steps/s and images/s, XLA on and off.

    python -m benchmarks.throughput --models=dcgan --steps=20
    python -m benchmarks.throughput --models=dcgan --flops \
        --policies=float32,mixed_bfloat16
    python -m benchmarks.throughput --models=wgan_gp,vanilla --kind=points \
        --steps_per_execution=10 --baseline= --write_paths   # on a quiet machine

`--flops` adds each path's GFLOP/s (FLOPs from XLA's optimized HLO of the
step) as a fraction of TensorFlow's measured matmul peak of its dtype;
`--write_paths` merges the float32 graph/XLA rates into
`ganzoo/engine/measured_paths.py`, the table `compile(jit_compile="auto")` reads.
The load average before and after is recorded: rates from a loaded machine
are not fit for `--write_paths`.

Every entry of `ganzoo.list_models()` (or `--models`) is built at its
reference size (the builder's defaults; batch 64, CycleGAN batch 1 as in
its paper) and trained on `gan.synthetic_batch(batch)` repeated, through
Keras `fit`, with `jit_compile=False` (graph) and `True` (XLA). A first
`fit` of `--warmup` steps traces and compiles; the next `--steps` are
timed, `--repeats` times (the median counts). For `--baseline` entries the
same networks also train under `benchmarks.plain_gan.PlainGAN`, a
hand-written Keras `train_step`, interleaved with ganzoo's engine, to give
the engine's overhead as a ratio measured in one run. Writes
`--out_json` and the Markdown table `--out_md`.

images/s counts real images consumed: steps/s x batch (entries with k
critic steps reuse one batch for the k updates).
"""

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import datetime
import json
import os

import keras
from absl import app, flags, logging

import ganzoo
from benchmarks import runner, speed
from ganzoo.training import config as config_lib

_MODELS = flags.DEFINE_list("models", None, "Entries to time (default: all).")
_STEPS = flags.DEFINE_integer("steps", 50, "Timed training steps per measurement.")
_WARMUP = flags.DEFINE_integer("warmup", 3, "Untimed steps first (tracing, XLA).")
_REPEATS = flags.DEFINE_integer("repeats", 3, "Measurements per setting (median).")
_JIT = flags.DEFINE_list("jit", ["false", "true"], "jit_compile values to time.")
_BATCH = flags.DEFINE_integer("batch_size", None, "Override the reference batch.")
_BASELINE = flags.DEFINE_list(
    "baseline", ["dcgan"], "Entries also timed with the plain Keras train_step."
)
_POLICIES = flags.DEFINE_list(
    "policies", ["float32"], "Dtype policies to time (float32, mixed_bfloat16)."
)
_KIND = flags.DEFINE_enum(
    "kind",
    "images",
    ["images", "points"],
    "images: the builders' defaults; "
    "points: the ring8 configs' networks (2-d, 3x512) at batch 256.",
)
_SPE = flags.DEFINE_integer("steps_per_execution", 1, "compile's steps per call.")
_FLOPS = flags.DEFINE_bool("flops", False, "FLOPs per step and % of matmul peak.")
_WRITE_PATHS = flags.DEFINE_bool(
    "write_paths", False, "Merge float32 rates into ganzoo/engine/measured_paths.py."
)
_OUT_JSON = flags.DEFINE_string(
    "out_json", "benchmarks/throughput.json", "Where the measurements go (JSON)."
)
_OUT_MD = flags.DEFINE_string(
    "out_md", "benchmarks/THROUGHPUT.md", "Where the Markdown table goes."
)


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    models = _MODELS.value or ganzoo.list_models()
    unknown = sorted(set(models) - set(ganzoo.list_models()))
    if unknown:
        raise app.UsageError(
            f"Received: `--models` with unknown {unknown}; expected names from "
            f"{ganzoo.list_models()}."
        )
    jits = [j.lower() == "true" for j in _JIT.value]
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    report = dict(
        command=" ".join(["python -m benchmarks.throughput", *_flag_text()]),
        machine=runner.machine(),
        commit=runner.git_commit(),
        time=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        steps=_STEPS.value,
        warmup=_WARMUP.value,
        repeats=_REPEATS.value,
        results=[],
        errors=[],
        ratios=[],
    )
    if _FLOPS.value:
        report["peak_gflops"] = {
            p.replace("mixed_", ""): speed.matmul_peak(p.replace("mixed_", ""))
            for p in _POLICIES.value
        }
    settings = [(p, j) for p in _POLICIES.value for j in jits]
    progress = keras.utils.Progbar(len(models) * len(settings), unit_name="setting")
    for name in models:
        model_kwargs, batch_size = _reference_size(name)
        for policy, jit in settings:
            logging.info("Timing %s with jit_compile=%s", name, jit)
            try:
                results = speed.measure(
                    name,
                    jit,
                    _STEPS.value,
                    _WARMUP.value,
                    _REPEATS.value,
                    batch_size,
                    baseline=name in _BASELINE.value,
                    model_kwargs=model_kwargs,
                    policy=policy,
                    steps_per_execution=_SPE.value,
                    flops=_FLOPS.value,
                )
                for result in results:
                    result["kind"] = _KIND.value
            except Exception as error:  # noqa: BLE001 - recorded in the table.
                logging.exception("%s jit_compile=%s failed", name, jit)
                report["errors"].append(
                    dict(
                        model=name,
                        jit_compile=jit,
                        error=f"{type(error).__name__}: {error}"[:200],
                    )
                )
                continue
            report["results"] += results
            rates = {r["engine"]: r["steps_per_s"] for r in results}
            if "plain_keras" in rates:
                report["ratios"].append(
                    dict(
                        model=name,
                        jit_compile=jit if policy == "float32" else f"{jit}, {policy}",
                        **rates,
                        ratio=rates["ganzoo"] / rates["plain_keras"],
                    )
                )
            progress.add(1, values=[("steps/s", rates["ganzoo"])])
    report["load_before"] = load_before
    report["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    if _WRITE_PATHS.value:
        speed.write_paths(report)
    with open(_OUT_JSON.value, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    with open(_OUT_MD.value, "w", encoding="utf-8") as f:
        f.write(speed.render_markdown(report))
    print("\n" + speed.render_markdown(report))


def _reference_size(name):
    # images: the builder's defaults. points: the networks and batch of the
    # entry's ring8 config (zoo_configs/<entry>_ring8.py).
    if _KIND.value == "images":
        return None, _BATCH.value
    # pacgan has no pacgan_ring8.py: its m=2 config, pacgan2_ring8.py, stands in.
    path = next(
        (
            os.path.join("zoo_configs", f)
            for f in (f"{name}_ring8.py", f"{name}2_ring8.py")
            if os.path.isfile(os.path.join("zoo_configs", f))
        ),
        None,
    )
    if path is None:
        raise app.UsageError(
            f"Received: `--kind=points` for {name!r}; expected "
            f"zoo_configs/{name}_ring8.py to exist."
        )
    config = config_lib.load_config(path)
    return config.model.kwargs.to_dict(), _BATCH.value or config.data.batch_size


def _flag_text():
    names = (
        "models", "steps", "warmup", "repeats", "jit", "baseline", "batch_size",
        "policies", "kind", "steps_per_execution", "flops", "write_paths",
    )  # fmt: skip
    return [flags.FLAGS[n].serialize() for n in names if flags.FLAGS[n].present]


if __name__ == "__main__":
    app.run(main)
