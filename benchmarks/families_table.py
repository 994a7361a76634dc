r"""The four families of objectives on the 2D mixtures, one generator: the table.

    python -m benchmarks.run --suite=families --workdir=/tmp/families --results=/tmp/families.jsonl
    python -m benchmarks.families_table --results=/tmp/families.jsonl

Reads the rows of `zoo_configs/families_{ring8,grid25}.py:<objective>` runs
(`benchmarks.run` writes them) and prints one Markdown table per training
length: a row per objective, grouped by the family it belongs to in the
"Learning in implicit generative models" talk, and for each mixture the
modes captured, the high-quality fraction (%) and the mode KL (PacGAN's
reverse KL, `modes_kl`), each as mean ± standard error over seeds (n). The
last column is the mean seconds per run (training + scoring). Runs whose
overrides change a result (beyond the budget fields of
`benchmarks.table.BUDGET_FIELDS`) are left out; `:<objective>,smoke` runs
make their own (short) table.
"""  # noqa: E501

import numpy as np
from absl import app, flags

from benchmarks import mode_collapse_table, suites, table

# The talk's four families (../shared/references/003_a3e6a4e98a04a520.txt).
FAMILIES = {
    "non_saturating": "class-probability estimation",
    "brier": "class-probability estimation (scoring rule)",
    "spherical": "class-probability estimation (scoring rule)",
    "fgan_kl": "divergence minimisation (f-GAN)",
    "fgan_pearson_chi2": "divergence minimisation (f-GAN)",
    "ratio_lsif": "density-ratio matching",
    "ratio_kliep": "density-ratio matching",
    "gmmn": "moment matching (MMD)",
}
PREFIX = "families_"


def parse_config(name):
    """`(dataset, objective, smoke)` of a families config name, or None.

    `families_ring8:gmmn` -> `("ring8", "gmmn", False)`;
    `families_grid25:brier,smoke` -> `("grid25", "brier", True)`; no
    argument is the non-saturating objective (the config's default).
    """
    path, _, arg = name.partition(":")
    if not path.startswith(PREFIX):
        return None
    dataset = path[len(PREFIX) :]
    parts = [p for p in arg.split(",") if p]
    names = [p for p in parts if p != "smoke"]
    objective = names[0] if names else suites.FAMILY_OBJECTIVES[0]
    if dataset not in mode_collapse_table.DATASETS or objective not in FAMILIES:
        return None
    return dataset, objective, "smoke" in parts


def collect(summaries):
    """`{(steps, smoke): {objective: {(dataset, metric): summary}}}`."""
    tables = {}
    for s in summaries:
        parsed = parse_config(s["config"])
        if parsed is None or s["status"] != "ok" or table.setting(s["overrides"]):
            continue
        dataset, objective, smoke = parsed
        cells = tables.setdefault((s["steps"], smoke), {}).setdefault(objective, {})
        cells[(dataset, s["metric"])] = s
    return tables


def _seconds(cells):
    seconds = [s["seconds"] for s in cells.values() if s.get("seconds") is not None]
    return f"{np.mean(seconds):.0f}" if seconds else "-"


def render(summaries, steps=None):
    """The tables' Markdown lines (none without families runs)."""
    out = []
    for (length, smoke), rows in sorted(collect(summaries).items()):
        if steps is not None and length != steps:
            continue
        titles = [
            f"{d} {title}"
            for d in mode_collapse_table.DATASETS
            for _, title, _ in mode_collapse_table.COLUMNS
        ]
        out += [
            "",
            f"## The four families on the 2D mixtures ({length:,} steps"
            + (", smoke networks" if smoke else "")
            + ")",
            "",
            "One generator (2-d uniform noise, 4 x 400 ReLU), one discriminator "
            "(3 x 200 maxout) where the objective has one, Adam(1e-4, 0.5), batch "
            "100; mean ± standard error over seeds (n). Modes: modes with a "
            "high-quality sample (within 3 std); HQ: the share of high-quality "
            "samples; rev-KL: KL(p || uniform) of their histogram over the modes.",
            "",
            "| Family | Objective | " + " | ".join(titles) + " | s/run |",
            "|---|---|" + "---|" * (len(titles) + 1),
        ]
        for objective in sorted(rows, key=suites.FAMILY_OBJECTIVES.index):
            cells = rows[objective]
            values = [
                mode_collapse_table.format_cell(cells.get((dataset, metric)), scale)
                for dataset in mode_collapse_table.DATASETS
                for metric, _, scale in mode_collapse_table.COLUMNS
            ]
            out.append(
                f"| {FAMILIES[objective]} | `{objective}` | "
                + " | ".join(values)
                + f" | {_seconds(cells)} |"
            )
    return out


def _define_flags():
    # Defined only when run: `--results` and `--steps` are flags of other
    # benchmark binaries too, and absl refuses a flag defined twice in one
    # process (the tests import several of them).
    results = flags.DEFINE_string(
        "results", "benchmarks/results.jsonl", "The JSON-lines results file."
    )
    steps = flags.DEFINE_integer(
        "steps", None, "Only this training length (all: None)."
    )
    return results, steps


def main(argv, results_flag, steps_flag):
    del argv
    summaries = table.aggregate(table.load_rows(results_flag.value))
    lines = render(summaries, steps_flag.value)
    if not lines:
        raise SystemExit(
            f"Received: `--results={results_flag.value}` with no families runs"
            + ("" if steps_flag.value is None else f" of {steps_flag.value} steps")
            + "; expected the rows of `python -m benchmarks.run --suite=families`."
        )
    print("\n".join(lines))


if __name__ == "__main__":
    _flags = _define_flags()
    app.run(lambda argv: main(argv, *_flags))
