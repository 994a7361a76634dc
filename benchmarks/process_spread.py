r"""Steps/s of one entry across fresh processes: is there a slow mode?

    python -m benchmarks.process_spread --model=dcgan --processes=5 \
        --settings=default,inter_op_1 --policy=mixed_bfloat16 \
        --out_json=benchmarks/process_spread.json

The same script gave dcgan on MNIST 16-18 steps/s in some processes and
11.7-11.8 in others (issue 13). A rate is only a property of the code if
every process gets it, so this launches `--processes` fresh Python
processes per setting, interleaved (setting A, B, A, B, ...: load changes hit
both alike), each timing `--steps` graph steps of the entry through Keras
`fit` (`benchmarks.speed.measure`), and reports every process's rate, the
spread and whether all lie within 10% of the best (the issue's target).

Settings (environment of the child process):
- `default`: nothing set;
- `inter_op_1`: `TF_NUM_INTEROP_THREADS=1` (one inter-op thread: the
  step's ops run one after another, each using the intra-op pool);
- `intra_op_2_inter_op_1`: also `TF_NUM_INTRAOP_THREADS=2`.
"""

import json
import os
import subprocess
import sys

from absl import app, flags

from benchmarks import runner

SETTINGS = {
    "default": {},
    "inter_op_1": {"TF_NUM_INTEROP_THREADS": "1"},
    "intra_op_2_inter_op_1": {
        "TF_NUM_INTEROP_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "2",
    },
}
_MODEL = flags.DEFINE_string("model", "dcgan", "The entry to time.")
_PROCESSES = flags.DEFINE_integer("processes", 5, "Fresh processes per setting.")
_STEPS = flags.DEFINE_integer("steps", 200, "Timed steps per process.")
_JIT = flags.DEFINE_bool("jit_compile", False, "Time XLA instead of graph.")
_POLICY = flags.DEFINE_enum(
    "policy", "float32", ["float32", "mixed_bfloat16"], "The networks' dtype policy."
)
_SETTINGS = flags.DEFINE_list("settings", ["default", "inter_op_1"], "See above.")
_OUT_JSON = flags.DEFINE_string("out_json", None, "Where to write the results.")

_CHILD = """
import os; os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from benchmarks import speed
r = speed.measure(
    {model!r}, {jit}, steps={steps}, warmup=5, repeats=1, policy={policy!r}
)[0]
print("RATE", r["steps_per_s"])
"""


def one_process(setting):
    env = dict(os.environ, **SETTINGS[setting])
    code = _CHILD.format(
        model=_MODEL.value, jit=_JIT.value, steps=_STEPS.value, policy=_POLICY.value
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    return float(out.split("RATE")[-1])


def main(argv):
    del argv
    unknown = sorted(set(_SETTINGS.value) - set(SETTINGS))
    if unknown:
        raise app.UsageError(
            f"Received: `--settings` with {unknown}; expected names from "
            f"{sorted(SETTINGS)}."
        )
    load_before = os.getloadavg()
    rates = {s: [] for s in _SETTINGS.value}
    for _ in range(_PROCESSES.value):
        for setting in _SETTINGS.value:
            rates[setting].append(one_process(setting))
            print(f"{setting:24s} {rates[setting][-1]:6.2f} steps/s", flush=True)
    report = dict(
        model=_MODEL.value,
        jit_compile=_JIT.value,
        policy=_POLICY.value,
        steps=_STEPS.value,
        machine=runner.machine(),
        commit=runner.git_commit(),
        load_average_before=load_before,
        load_average_after=os.getloadavg(),
        rates=rates,
    )
    for setting, values in rates.items():
        best = max(values)
        within = all(v >= 0.9 * best for v in values)
        print(
            f"{setting:24s} min {min(values):.2f} max {best:.2f} steps/s; "
            f"every process within 10% of the best: {within}"
        )
    if _OUT_JSON.value:
        with open(_OUT_JSON.value, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    app.run(main)
