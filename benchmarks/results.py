r"""Regenerates the results pages from the JSON-lines results.

    python -m benchmarks.results

writes `benchmarks/RESULTS.md` (the scoreboard against the papers, each
benchmark's protocol once, the mode-collapse tables), `benchmarks/RESULTS_LOG.md`
(every run, grouped by benchmark) and `zoo_configs/INDEX.md` (which config
makes which scoreboard row) and `ganzoo/scoreboard.json` (the scoreboard's
rows as data, shipped with the package: `ganzoo-zoo` and `ganzoo.describe`
read it). Rows come from `benchmarks/run.py`; the headlines, their
reference values and the "not yet run" reasons from
`benchmarks/references.py`. Flags: `--results`, `--out`, `--log_out`
(default: RESULTS_LOG.md beside `--out`), `--index` and `--json` ("" skips
either).
"""  # noqa: E501

import os

from absl import app, flags

from benchmarks import config_index, scoreboard, table
from benchmarks import references as references_lib
from ganzoo.serving import presets

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
_JSON = flags.DEFINE_string(
    "json",
    os.path.relpath(scoreboard.JSON_PATH, scoreboard.REPO),
    "The scoreboard's rows as JSON (shipped with ganzoo); '' skips it.",
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
    if _JSON.value:
        command = "python -m benchmarks.results"
        if _RESULTS.value != _RESULTS.default:
            command += f" --results={_RESULTS.value}"
        write_json(_RESULTS.value, _JSON.value, command)
        print(f"Wrote {_JSON.value}")


def write_json(results, path, command):
    """Writes the scoreboard of `results` (a JSON-lines file) to `path`."""
    summaries = table.aggregate(table.load_rows(results))
    board = scoreboard.rows(references_lib.REFERENCES, summaries, table.BUDGET_FIELDS)
    scoreboard.write_json(
        path, board, presets.read_index(), table.format_value, command
    )


if __name__ == "__main__":
    app.run(main)
