"""The scoreboard, the per-run log and the configs' index (benchmarks/).

pytest tests/test_scoreboard.py
"""

import json
import os
import re
import shutil

from benchmarks import config_index, references, results_log, scoreboard, table
from ganzoo import registry
from ganzoo import scoreboard as shipped_scoreboard

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RING = references.Reference(
    "pacgan",
    "ring8",
    "modes_captured",
    "7.9 ± 0.1",
    "paper",
    config="pacgan2_ring8",
    target=7.9,
    target_sem=0.1,
)


def _row(seed, value, steps=20_000, metric="modes_captured", **kwargs):
    return dict(
        dict(
            model="pacgan",
            dataset="ring8",
            metric=metric,
            config="pacgan2_ring8",
            steps=steps,
            seed=seed,
            value=value,
            status="ok",
            machine="m",
            commit="abc",
            overrides={},
        ),
        **kwargs,
    )


def _board(rows, refs=(RING,)):
    summaries = table.aggregate(rows)
    return scoreboard.rows(list(refs), summaries, table.BUDGET_FIELDS), summaries


def test_short_runs_never_make_the_row_and_more_seeds_win():
    short = [_row(s, 8.0, steps=5_000) for s in range(5)]  # Below 20,000.
    (row,), _ = _board(short)
    assert row[1] is None and row[2] == "not yet run"
    one_long = [_row(0, 6.0, steps=40_000)]
    three = [_row(s, v) for s, v in enumerate((8.0, 7.0, 8.0))]
    (row,), _ = _board(short + one_long + three)
    assert row[1]["steps"] == 20_000 and len(row[1]["values"]) == 3
    # A recipe-changing override is another experiment, not the headline.
    other = [_row(s, 8.0, overrides={"model.kwargs.pack": 3}) for s in range(4)]
    (row,), _ = _board(three + other)
    assert row[1]["values"] == [8.0, 7.0, 8.0]


def test_verdicts_met_within_noise_missed_and_the_goals_other_bounds():
    def verdict(values, ref=RING, extra=()):
        rows = [_row(s, v) for s, v in enumerate(values)] + list(extra)
        ((_, _, status, text),), _ = _board(rows, [ref])
        return status, text

    assert verdict([8.0, 8.0]) == ("met", "**met**")
    # Mean 7.7, s.e. 0.1: short by 0.2 <= 2 * hypot(0.1, 0.1) = 0.283.
    assert verdict([7.6, 7.8]) == (
        "within 2 s.e.",
        "short by 0.200 (3%), within 2 s.e.",
    )
    assert verdict([5.0, 5.0]) == ("missed", "missed by 2.900 (37%)")
    fid = references.Reference(
        "pacgan",
        "ring8",
        "fid_domain",
        "<= 5",
        "goal",
        config="pacgan2_ring8",
        target=5.0,
        also=(("precision", 0.8),),
    )
    low = [_row(0, 0.5, metric="precision")]
    status, text = verdict([], fid, [_row(0, 4.0, metric="fid_domain"), *low])
    assert (status, text) == ("missed", "missed; precision 0.500 vs 0.8")
    high = [_row(0, 0.9, metric="precision")]
    assert verdict([], fid, [_row(0, 4.0, metric="fid_domain"), *high])[0] == "met"


def test_the_real_data_floor_sits_beside_the_metric_it_bounds():
    floor = dict(_row(0, 0.64, steps=0), model="real_data", config="real_data_x")
    rows = [_row(0, 8.0), floor]
    text = table.render_markdown(rows, "cmd", [RING])
    line = next(x for x in text.splitlines() if x.startswith("| pacgan |"))
    assert "| 7.9 ± 0.1 (paper) | 0.640 |" in line
    assert "[`pacgan2_ring8`](../zoo_configs/pacgan2_ring8.py)" in line
    assert "[pacgan2_ring8](../ganzoo/presets/pacgan2_ring8/README.md)" in line


def test_every_headline_has_a_config_a_reference_and_a_verdict():
    rows = table.load_rows(os.path.join(REPO, "benchmarks", "results.jsonl"))
    board, _ = _board(rows, references.REFERENCES)
    headlines = [r for r in references.REFERENCES if r.config]
    assert len(board) == len(headlines) > 0
    keys = [(r.model, r.dataset, r.metric) for r in headlines]
    assert len(set(keys)) == len(keys)  # At most one row per headline.
    for ref, summary, status, text in board:
        assert os.path.isfile(scoreboard.config_file(ref.config)), ref.config
        assert ref.target is not None and ref.value and ref.source, ref
        assert status in scoreboard.STATUSES and text, ref
        assert (summary is None) == (status == "not yet run"), ref


def _table_rows(text, first_cell):
    return [
        [c.strip() for c in line.strip("|").split(" | ")]
        for line in text.splitlines()
        if line.startswith(f"| {first_cell}")
    ]


def _model(cell):
    """The log's Model cell without its preset link and its inputs' setting."""
    cell = re.sub(r" \(\[preset\]\([^)]*\)\)", "", cell)
    return re.sub(r" \[model\.kwargs\.stage1_checkpoint=[^\]]*\]$", "", cell)


def test_the_committed_scoreboard_and_log_agree():
    with open(os.path.join(REPO, "benchmarks", "RESULTS.md"), encoding="utf-8") as f:
        board = f.read().split("## Protocols")[0]
    with open(
        os.path.join(REPO, "benchmarks", "RESULTS_LOG.md"), encoding="utf-8"
    ) as f:
        log = f.read()
    picked = [
        r for r in _table_rows(log, "") if len(r) > 5 and r[5] == "**scoreboard**"
    ]
    shown = 0
    for cells in _table_rows(board, ""):
        if len(cells) != 10 or not cells[4].endswith(" steps"):
            continue  # The header, or a row not yet run.
        entry, metric = cells[0], cells[2].split()[0]
        dataset = re.search(r"\[(\w+)\]", cells[1]).group(1)
        value, steps = cells[4].rsplit("; ", 1)
        config = re.search(r"`(\w+)`", cells[7]).group(1)
        # The log names the config where it is not `<entry>_<dataset>`.
        model = entry if config == f"{entry}_{dataset}" else f"{entry} (`{config}`)"
        key = [model, metric, value, steps.removesuffix(" steps")]
        assert [r for r in picked if [_model(r[0]), r[1], r[2], r[4]] == key], cells
        shown += 1
    assert shown == len(picked) > 0
    # The package's copy (`ganzoo-zoo`, `ganzoo.describe`) says the same.
    with open(scoreboard.JSON_PATH, encoding="utf-8") as f:
        shipped = json.load(f)["rows"]
    board_rows = [c for c in _table_rows(board, "") if len(c) == 10][1:]  # Header.
    assert len(shipped) == len(board_rows) > 0
    for cells, row in zip(board_rows, shipped, strict=True):
        dataset = re.search(r"\[(\w+)\]", cells[1]).group(1)
        assert [cells[0], dataset, cells[2].split()[0]] == [
            row["entry"],
            row["dataset"],
            row["metric"],
        ]
        assert cells[3].replace("**", "") == row["verdict_text"], cells
        if row["result"] is None:
            assert cells[4] == "-" and row["verdict"] == "not yet run", cells
        else:
            assert cells[4] == f"{row['result']}; {row['steps']:,} steps", cells
        assert f"](../{row['config']})" in cells[7], cells
        presets = re.findall(r"\[(\w+)\]\(\.\./ganzoo/presets/", cells[8])
        assert presets == row["presets"], cells


def test_the_shipped_json_is_what_results_writes_and_zoo_shows(tmp_path):
    rows = [_row(s, v) for s, v in enumerate((8.0, 7.0, 8.0))]
    fid = references.Reference(
        "pacgan", "ring8", "fid_domain", "<= 5", "goal", config="pacgan2_ring8"
    )
    fid = references.dataclasses.replace(fid, target=5.0)
    board, _ = _board(rows, [fid, RING])
    shipped = {
        "pacgan2_ring8": {"config": "zoo_configs/pacgan2_ring8.py", "dataset": "ring8"}
    }
    path = tmp_path / "scoreboard.json"
    scoreboard.write_json(path, board, shipped, table.format_value, "cmd")
    best, not_run = shipped_scoreboard.entry_results("pacgan", str(path))
    assert (best["metric"], best["verdict"], best["n"]) == (
        "modes_captured",
        "within 2 s.e.",
        3,
    )
    assert best["result"] == "7.667 ± 0.333 (n=3)" and best["presets"] == [
        "pacgan2_ring8"
    ]
    assert (not_run["verdict"], not_run["result"]) == ("not yet run", None)
    assert shipped_scoreboard.entry_results("dcgan", str(path)) == []
    assert shipped_scoreboard.format_result(best) == (
        "ring8 modes_captured 7.667 ± 0.333 (n=3) at 20,000 steps vs paper 7.9 ± 0.1: "
        "short by 0.233 (3%), within 2 s.e. (zoo_configs/pacgan2_ring8.py)"
    )


def test_ganzoo_zoo_lists_the_best_result_and_the_preset():
    info = registry.describe("pacgan")
    assert info["presets"] == ["pacgan2_ring8"]
    assert info["scoreboard"] == shipped_scoreboard.entry_results("pacgan")
    best = info["scoreboard"][0]
    ranks = [shipped_scoreboard.VERDICT_RANK[r["verdict"]] for r in info["scoreboard"]]
    assert ranks == sorted(ranks) and len(ranks) > 1
    text = registry.format_entry("pacgan")
    assert f"  best result: {shipped_scoreboard.format_result(best)}; " in text
    assert best["verdict_text"] in text and "\n  presets: pacgan2_ring8" in text


def test_the_configs_index_says_which_config_makes_which_row(tmp_path):
    for name in ("pacgan2_ring8.py", "pacgan1_ring8.py"):
        shutil.copy(os.path.join(REPO, "zoo_configs", name), tmp_path)
    text = config_index.render_index([RING], str(tmp_path), "cmd")
    headline, variants = text.split("## Variants")
    assert "| [`pacgan2_ring8`](pacgan2_ring8.py) | pacgan | ring8 | 20,000 |" in (
        headline
    )
    assert "| modes_captured |" in headline and "pacgan1" not in headline
    assert "| variant of `pacgan2_ring8` |" in variants


def test_log_roles_tell_short_runs_from_the_scoreboards_group():
    rows = [_row(0, 8.0), _row(0, 0.9, metric="modes_kl"), _row(0, 3.0, steps=500)]
    log = results_log.render(rows, "cmd", [RING])
    roles = {(r[1], r[4]): r[5] for r in _table_rows(log, "pacgan")}
    assert roles[("modes_captured", "20,000")] == "**scoreboard**"
    assert roles[("modes_kl", "20,000")] == "scoreboard's runs"
    assert roles[("modes_captured", "500")] == "short run"


def test_an_entry_without_a_headline_is_named_and_logged_not_scored():
    rows = [_row(0, 8.0), dict(_row(0, 1.0), model="gmmn", config="gmmn_ring8")]
    text = table.render_markdown(rows, "cmd", [RING])
    assert (
        "no headline declared yet (no verdict; their runs are in the log): gmmn."
        in (text)
    )
    assert "| gmmn |" not in text.split("## Protocols")[0]
    log = results_log.render(rows, "cmd", [RING])
    assert _table_rows(log, "gmmn")[0][5] == "no headline declared"
