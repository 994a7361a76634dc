r"""Regenerates the results table from the JSON-lines results.

    python -m benchmarks.results --results=benchmarks/results.jsonl --out=benchmarks/RESULTS.md

Rows come from `benchmarks/run.py`; the reference values and the
"not yet run" rows from `benchmarks/references.py`.
"""  # noqa: E501

import os

from absl import app, flags

from benchmarks import table

_RESULTS = flags.DEFINE_string(
    "results", "benchmarks/results.jsonl", "The JSON-lines results file to read."
)
_OUT = flags.DEFINE_string(
    "out", "benchmarks/RESULTS.md", "The Markdown file to write."
)


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(
            f"Received: unexpected arguments {argv[1:]}; expected flags only."
        )
    if not os.path.isfile(_RESULTS.value):
        raise app.UsageError(
            f"Received: `--results={_RESULTS.value}`, which does not exist; expected "
            "the JSON-lines file written by `python -m benchmarks.run`."
        )
    table.write_table(_RESULTS.value, _OUT.value)
    print(f"Wrote {_OUT.value}")


if __name__ == "__main__":
    app.run(main)
