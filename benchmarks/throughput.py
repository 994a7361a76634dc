r"""Training throughput of zoo entries: steps/s and images/s, XLA on and off.

    python -m benchmarks.throughput --models=dcgan --steps=20

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

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import datetime  # noqa: E402
import json  # noqa: E402

import keras  # noqa: E402
from absl import app, flags, logging  # noqa: E402

import ganzoo  # noqa: E402
from benchmarks import runner, speed  # noqa: E402

_MODELS = flags.DEFINE_list("models", None, "Entries to time (default: all).")
_STEPS = flags.DEFINE_integer("steps", 50, "Timed training steps per measurement.")
_WARMUP = flags.DEFINE_integer("warmup", 3, "Untimed steps first (tracing, XLA).")
_REPEATS = flags.DEFINE_integer("repeats", 3, "Measurements per setting (median).")
_JIT = flags.DEFINE_list("jit", ["false", "true"], "jit_compile values to time.")
_BATCH = flags.DEFINE_integer("batch_size", None, "Override the reference batch.")
_BASELINE = flags.DEFINE_list(
    "baseline", ["dcgan"], "Entries also timed with the plain Keras train_step."
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
    progress = keras.utils.Progbar(len(models) * len(jits), unit_name="setting")
    for name in models:
        for jit in jits:
            logging.info("Timing %s with jit_compile=%s", name, jit)
            try:
                results = speed.measure(
                    name,
                    jit,
                    _STEPS.value,
                    _WARMUP.value,
                    _REPEATS.value,
                    _BATCH.value,
                    baseline=name in _BASELINE.value,
                )
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
                        jit_compile=jit,
                        **rates,
                        ratio=rates["ganzoo"] / rates["plain_keras"],
                    )
                )
            progress.add(1, values=[("steps/s", rates["ganzoo"])])
    with open(_OUT_JSON.value, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    with open(_OUT_MD.value, "w", encoding="utf-8") as f:
        f.write(speed.render_markdown(report))
    print("\n" + speed.render_markdown(report))


def _flag_text():
    names = ("models", "steps", "warmup", "repeats", "jit", "baseline", "batch_size")
    return [flags.FLAGS[n].serialize() for n in names if flags.FLAGS[n].present]


if __name__ == "__main__":
    app.run(main)
