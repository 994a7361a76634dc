r"""Regenerates the results pages from the JSON-lines results.

    python -m benchmarks.results

writes `benchmarks/RESULTS.md` (the scoreboard against the papers, each
benchmark's protocol once, the mode-collapse tables), `benchmarks/RESULTS_LOG.md`
(every run, grouped by benchmark) and `zoo_configs/INDEX.md` (which config
makes which scoreboard row). Rows come from `benchmarks/run.py`; the
headlines, their reference values and the "not yet run" reasons from
`benchmarks/references.py`. Flags: `--results`, `--out`, `--log_out`
(default: RESULTS_LOG.md beside `--out`), `--index` ("" skips it).
"""  # noqa: E501

import os

from absl import app, flags

from benchmarks import config_index, table

_RESULTS = flags.DEFINE_string(
    "results", "benchmarks/results.jsonl", "The JSON-lines results file to read."
)
_OUT = flags.DEFINE_string(
    "out", "benchmarks/RESULTS.md", "The scoreboard's Markdown file to write."
)
_LOG_OUT = flags.DEFINE_string(
    "log_out", None, "The per-run log to write; default RESULTS_LOG.md beside --out."
)
_INDEX = flags.DEFINE_string(
    "index", "zoo_configs/INDEX.md", "The configs' index to write; '' skips it."
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
    log_out = _LOG_OUT.value or table.log_path(_OUT.value)
    table.write_table(_RESULTS.value, _OUT.value, log_out)
    print(f"Wrote {_OUT.value} and {log_out}")
    if _INDEX.value:
        config_index.write_index(_INDEX.value, "python -m benchmarks.results")
        print(f"Wrote {_INDEX.value}")


if __name__ == "__main__":
    app.run(main)
