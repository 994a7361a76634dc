"""The scoreboard's headline results, shipped with ganzoo as data.

`ganzoo/scoreboard.json` holds the rows of the scoreboard at the top of
`benchmarks/RESULTS.md` (one per headline benchmark of an entry: ganzoo's
full-length result as mean ± standard error over n seeds, the paper's
number and the verdict). `python -m benchmarks.results` writes both from
`benchmarks/results.jsonl`; ganzoo reads the JSON only, since the
`benchmarks` folder is not installed. `ganzoo-zoo` and `ganzoo.describe`
show these rows.
"""

import functools
import json
import os

SCOREBOARD_FILE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "scoreboard.json"
)
# Best first: the verdicts of `benchmarks.scoreboard.STATUSES`.
VERDICT_RANK = {"met": 0, "within 2 s.e.": 1, "missed": 2, "not yet run": 3}


@functools.cache
def _rows(path):
    if not os.path.isfile(path):
        return ()
    try:
        with open(path, encoding="utf-8") as f:
            return tuple(json.load(f)["rows"])
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"Received: the file {path}, which cannot be read ({error}); expected "
            "the JSON written by `python -m benchmarks.results` (reinstall "
            "ganzoo to restore it)."
        ) from None


def _rank(row):
    """Sort key, best first: the verdict, then the gap relative to the target."""
    gap = row.get("shortfall")
    relative = gap / abs(row["target"]) if gap is not None and row["target"] else gap
    return VERDICT_RANK.get(row["verdict"], len(VERDICT_RANK)), (
        float("inf") if relative is None else relative
    )


def entry_results(name, path=None):
    """The scoreboard rows of the zoo entry `name`, best first.

    Args:
        name: a zoo entry (`ganzoo.list_models()`).
        path: a scoreboard JSON file; default the shipped one.

    Returns:
        A list of dicts (copies), one per headline benchmark of the entry:
        `dataset`, `metric`, `verdict` ("met", "within 2 s.e.", "missed" or
        "not yet run"), `verdict_text`, `result` (mean ± s.e. (n=...)),
        `mean`, `sem`, `n`, `steps`, `paper`, `source`, `config` and the
        shipped `presets` its config made. Empty when the entry has no
        headline benchmark.
    """
    rows = [dict(r) for r in _rows(path or SCOREBOARD_FILE) if r["entry"] == name]
    return sorted(rows, key=_rank)


def format_result(row):
    """One line of a scoreboard row (what `ganzoo-zoo` prints)."""
    what = f"{row['dataset']} {row['metric']}"
    if row["result"] is None:
        return f"{what}: {row['verdict_text']} (paper: {row['paper']})"
    return (
        f"{what} {row['result']} at {row['steps']:,} steps vs paper "
        f"{row['paper']}: {row['verdict_text']} ({row['config']})"
    )
