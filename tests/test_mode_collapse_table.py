"""The mode-collapse table beside PacGAN's (benchmarks/mode_collapse_table.py)."""

from benchmarks import mode_collapse_table, table


def _row(config, dataset, metric, seed, value, steps=20_000, overrides=None):
    return dict(
        model="pacgan",
        dataset=dataset,
        metric=metric,
        config=config,
        steps=steps,
        seed=seed,
        value=value,
        status="ok",
        machine="m",
        commit="abc",
        suite=None,
        overrides=overrides or {"train.verbose": 0},
        train_seconds=10.0,
        eval_seconds=2.0,
    )


def _line(lines, start):
    (line,) = [line for line in lines if line.startswith(start)]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_cells_are_mean_and_standard_error_over_seeds_of_full_length_runs():
    rows = [
        _row("pacgan2_ring8", "ring8", "modes_captured", 0, 8.0),
        _row("pacgan2_ring8", "ring8", "modes_captured", 1, 6.0),
        _row("pacgan2_ring8", "ring8", "high_quality_fraction", 0, 0.9),
        _row("pacgan2_ring8", "ring8", "high_quality_fraction", 1, 0.8),
        _row("pacgan2_grid25", "grid25", "modes_kl", 0, 0.25),
        # Another length and a budget override are not this table's rows.
        _row("pacgan2_grid25", "grid25", "modes_captured", 0, 3.0, steps=10_000),
        _row(
            "vanilla_ring8",
            "ring8",
            "modes_captured",
            0,
            1.0,
            overrides={"train.steps": 20_000},
        ),
    ]
    lines = mode_collapse_table.render(table.aggregate(rows))
    assert not [line for line in lines if "10,000 steps" in line]
    cells = _line(lines, "| `pacgan2`")
    # std(8, 6) / sqrt(2) = 1; HQ in percent: 85 +- 5.
    assert cells[1:7] == [
        "7.00 ± 1.00 (n=2)",
        "85.0 ± 5.0 (n=2)",
        "-",
        "-",
        "-",
        "0.25 (n=1)",
    ]
    assert "PacGAN2 setting" in cells[0]
    assert not [line for line in lines if line.startswith("| `vanilla`")]
    paper = _line(lines, "| *PacGAN paper: PacGAN4*")
    assert paper[4] == "24.8 ± 0.2"


def test_entry_names_drop_the_dataset_and_keep_a_variant():
    name = mode_collapse_table.entry_name
    assert name("pacgan2_ring8", "ring8") == "pacgan2"
    assert name("dragan_grid25_small_lambda", "grid25") == "dragan_small_lambda"
    assert name("dragan_grid25", "ring8") is None
    assert name("vanilla_ring8x", "ring8") is None


def test_each_length_gets_its_own_table():
    rows = [
        _row("pacgan1_ring8", "ring8", "modes_captured", 0, 8.0),
        _row("wgan_gp_ring8", "ring8", "modes_captured", 0, 6.0, steps=5_000),
        _row("wgan_gp_ring8", "ring8", "modes_captured", 1, 8.0, steps=5_000),
    ]
    lines = mode_collapse_table.render(table.aggregate(rows))
    heads = [line for line in lines if line.startswith("## ")]
    assert heads == [
        "## Mode collapse beside PacGAN (2D mixtures, 20,000 steps)",
        "## Mode collapse beside PacGAN (2D mixtures, 5,000 steps)",
    ]
    second = lines[lines.index(heads[1]) :]
    assert _line(second, "| `wgan_gp`")[1] == "7.00 ± 1.00 (n=2)"
    assert not [line for line in second if line.startswith("| `pacgan1`")]
    first = lines[: lines.index(heads[1])]
    assert not [line for line in first if line.startswith("| `wgan_gp`")]
    # Each table ends with PacGAN's own rows.
    assert len([line for line in lines if "*PacGAN paper: GAN*" in line]) == 2


def test_no_mixture_run_of_a_table_length_means_no_section():
    rows = [_row("pacgan2_ring8", "ring8", "modes_captured", 0, 8.0, steps=100)]
    assert mode_collapse_table.render(table.aggregate(rows)) == []


def test_the_section_is_in_the_rendered_results():
    rows = [_row("pacgan1_ring8", "ring8", "modes_captured", 0, 8.0)]
    text = table.render_markdown(rows, "cmd", references=[])
    assert "## Mode collapse beside PacGAN" in text
    assert "| `pacgan1` (PacGAN's GAN setting) | 8.00 (n=1) |" in text


def test_plot_links_use_the_row_configs_own_plots(tmp_path, monkeypatch):
    monkeypatch.setattr(mode_collapse_table, "PLOTS_DIR", str(tmp_path))
    (tmp_path / "dragan_ring8_small_lambda_5000steps_seed0_modes.png").write_bytes(b"")
    rows = [
        _row("dragan_ring8_small_lambda", "ring8", "modes_captured", 0, 8.0, 5_000),
        _row("dragan_grid25_small_lambda", "grid25", "modes_captured", 0, 9.0, 5_000),
    ]
    cells = _line(mode_collapse_table.render(table.aggregate(rows)), "| `dragan_small")
    # Only the ring's plot exists: one link, to the variant config's file.
    assert cells[-1] == (
        "[ring8](plots/dragan_ring8_small_lambda_5000steps_seed0_modes.png)"
    )
