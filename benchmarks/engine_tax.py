r"""Where ganzoo's train step spends time beyond a plain Keras `train_step`.

    python -m benchmarks.engine_tax --models=dcgan --jit=false,true --steps=30 \
        --repeats=5 --out_json=benchmarks/engine_tax.json

Times, interleaved in one process (so load changes hit every variant
alike), the same networks and batch under:

- `plain_keras`: `benchmarks.plain_gan.PlainGAN`, a hand-written step;
- `ganzoo`: the entry as `ganzoo.build` makes it;
- `ganzoo_no_checks`: the same, with `fit`'s train function made by plain
  `keras.Model.make_train_function`, i.e. without the in-step input checks
  (`ganzoo.objectives.input_checks`) and their host-side verdict.

The ratios `ganzoo / plain_keras` and `ganzoo_no_checks / plain_keras` say
how much of the engine's overhead the checks are. Rates are medians over
`--repeats`; the spread (min and max) is kept beside them.
"""

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import json
import os
import statistics

import keras
from absl import app, flags

import ganzoo
from benchmarks import runner, speed

_MODELS = flags.DEFINE_list("models", ["dcgan"], "Entries to time.")
_JIT = flags.DEFINE_list("jit", ["false", "true"], "jit_compile values.")
_STEPS = flags.DEFINE_integer("steps", 30, "Timed steps per measurement.")
_WARMUP = flags.DEFINE_integer("warmup", 3, "Untimed steps first.")
_REPEATS = flags.DEFINE_integer("repeats", 5, "Measurements per variant.")
_BATCH = flags.DEFINE_integer("batch_size", 64, "Batch size.")
_OUT_JSON = flags.DEFINE_string("out_json", None, "Where to write the results.")


def _variants(name, jit_compile):
    keras.utils.set_random_seed(0)
    models = {}
    gan = ganzoo.build(name)
    gan.compile(jit_compile=jit_compile)
    models["ganzoo"] = gan
    bare = ganzoo.build(name)
    bare.compile(jit_compile=jit_compile)
    # The instance attribute shadows GAN.make_train_function: Keras's own.
    bare.make_train_function = lambda force=False: keras.Model.make_train_function(
        bare, force
    )
    models["ganzoo_no_checks"] = bare
    models["plain_keras"] = speed._plain(name, jit_compile)
    return models


def measure(name, jit_compile, steps, warmup, repeats, batch_size):
    models = _variants(name, jit_compile)
    batch = models["ganzoo"].synthetic_batch(batch_size)
    datasets = {k: speed._prepared(m, batch, warmup) for k, m in models.items()}
    seconds = {k: [] for k in models}
    for _ in range(repeats):
        for key, model in models.items():
            seconds[key].append(speed.time_steps(model, datasets[key], steps))
    rates = {k: [steps / s for s in v] for k, v in seconds.items()}
    plain = statistics.median(rates["plain_keras"])
    return [
        dict(
            model=name,
            jit_compile=jit_compile,
            variant=key,
            steps_per_s=statistics.median(values),
            min_steps_per_s=min(values),
            max_steps_per_s=max(values),
            ratio_to_plain=statistics.median(values) / plain,
            steps=steps,
            repeats=repeats,
            batch_size=batch_size,
        )
        for key, values in rates.items()
    ]


def main(argv):
    del argv
    load_before = os.getloadavg()
    results = []
    for name in _MODELS.value:
        for jit in _JIT.value:
            jit_compile = jit.lower() in ("true", "1", "yes")
            results += measure(
                name,
                jit_compile,
                _STEPS.value,
                _WARMUP.value,
                _REPEATS.value,
                _BATCH.value,
            )
    report = dict(
        machine=runner.machine(),
        commit=runner.git_commit(),
        load_average_before=load_before,
        load_average_after=os.getloadavg(),
        results=results,
    )
    for r in results:
        print(
            f"{r['model']:8s} jit={r['jit_compile']!s:5s} {r['variant']:17s} "
            f"{r['steps_per_s']:7.2f} steps/s [{r['min_steps_per_s']:.2f}, "
            f"{r['max_steps_per_s']:.2f}]  x{r['ratio_to_plain']:.3f} of plain"
        )
    print(f"load average before {load_before}, after {report['load_average_after']}")
    if _OUT_JSON.value:
        with open(_OUT_JSON.value, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    app.run(main)
