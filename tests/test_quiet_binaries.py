"""The binaries print their own lines only; user errors are one line, status 2.

Issue 38, item 5 (no TensorFlow, CUDA or oneDNN start-up lines on a CPU
machine), and issue 34, items 3 and 9 (`benchmarks.run --seeds`, a failed
run's exit status, `ganzoo-sample --num` too large). The binaries start in
parallel, to overlap their TensorFlow start-ups.
"""

import ast
import glob
import os
import subprocess
import sys

import pytest

from ganzoo import _startup

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHMARKS = os.path.join(REPO, "benchmarks")
# Importing these starts TensorFlow (and prints its notices unless quieted).
LOUD = ("tensorflow", "keras", "tensorboard", "tensorflow_datasets", "tf_keras")
RING_SMOKE = "--config=zoo_configs/vanilla_ring8.py:smoke"
# As a user's shell: nothing set to quiet TensorFlow.
ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("TF_CPP_MIN_LOG_LEVEL", _startup.VERBOSE_ENV)
}


def _start(command, cwd=REPO):
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _script_command(script, module):
    path = os.path.join(os.path.dirname(sys.executable), script)
    if os.path.exists(path):  # The console script, as installed.
        return [path]
    return [sys.executable, "-m", module]


def _sample_command():
    return _script_command("ganzoo-sample", "ganzoo.sample")


def test_binaries_print_exactly_their_own_lines(tmp_path):
    out = tmp_path / "grid.png"
    good = _start([*_sample_command(), "--num=4", "--seed=0", f"--out={out}"], tmp_path)
    huge = _start([*_sample_command(), "--num=100000000", f"--out={out}.2"], tmp_path)
    zoo = _start([*_script_command("ganzoo-zoo", "ganzoo.registry"), "dcgan"])
    # A benchmark binary that imports Keras and TensorFlow before ganzoo.
    bench = _start([sys.executable, "-m", "benchmarks.metrics_speed", "--helpshort"])
    stdout, stderr = good.communicate(timeout=300)
    assert (good.returncode, stderr) == (0, ""), stderr
    assert stdout == f"Wrote 4 samples of dcgan to {out}\n"
    stdout, stderr = huge.communicate(timeout=300)
    assert huge.returncode == 2 and stdout == ""
    assert stderr.startswith(
        "ganzoo-sample: error: Received: `--num=100000000`, a grid of "
        "78,400,000,000 values of 28x28x1 samples; expected at most 342,392 samples"
    ), stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert not os.path.exists(f"{out}.2")
    stdout, stderr = zoo.communicate(timeout=300)
    assert zoo.returncode == 0, stderr
    # (`python -m ganzoo.registry` adds runpy's warning about the module.)
    assert stderr == "" or "ganzoo-zoo" not in zoo.args[0], stderr
    assert stdout.startswith("dcgan: Radford"), stdout
    assert "\n  best result: " in stdout
    presets_line = stdout.split("\n  presets: ", 1)[1].split("\n", 1)[0]
    assert "dcgan_mnist" in presets_line.split(", "), stdout
    stdout, stderr = bench.communicate(timeout=300)
    assert stderr == "", stderr  # (absl's --help exits 1.)
    assert "--num_samples: Generated samples per metric." in stdout, stdout


def _benchmark(*args, results):
    return _start(
        [sys.executable, "-m", "benchmarks.run", *args, f"--results={results}"]
    )


def test_benchmark_seeds_are_checked_before_any_work_and_failures_exit_1(tmp_path):
    runs = f"--workdir={tmp_path / 'runs'}"
    # With a config (loading it starts TensorFlow), and two without: the
    # seeds are checked at flag parsing, before the config is used.
    bad = {
        seeds: _benchmark(*config, seeds, runs, results=tmp_path / f"{seeds}.jsonl")
        for seeds, config in (
            ("--seeds=-1", [RING_SMOKE]),
            ("--seeds=abc", []),
            ("--seeds=0,x", []),
        )
    }
    # Steps not a multiple of log_every: the run fails after TF's start.
    failing = _benchmark(
        RING_SMOKE, "--config.train.steps=7", runs, results=tmp_path / "failed.jsonl"
    )
    for seeds, process in bad.items():
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 2, stderr
        assert stderr.startswith(
            f"benchmarks.run: error: Received: `{seeds}`, whose"
        ), stderr
        assert len((stdout + stderr).splitlines()) == 1, stdout + stderr
        assert not (tmp_path / f"{seeds}.jsonl").exists()
    assert not (tmp_path / "runs").exists()
    stdout, stderr = failing.communicate(timeout=300)
    assert failing.returncode == 1, stderr[-3000:]
    assert stderr.splitlines()[-1].startswith(
        "benchmarks.run: error: 1 of 1 runs failed (vanilla_ring8:smoke seed 0: "
        "ValueError: Received: `train.steps=7`"
    ), stderr[-3000:]
    assert "failed" in (tmp_path / "failed.jsonl").read_text()


def _imports(statements):
    """The absolute imports `statements` run, in order (not those in functions)."""
    names = []
    for node in statements:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.append(node.module)
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.ExceptHandler)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                names += _imports(getattr(node, field, []))
    return names


def _loud_before_ganzoo(names):
    """The imports that start TensorFlow before the first ganzoo import."""
    roots = [name.split(".")[0] for name in names]
    quiet = roots.index("ganzoo") if "ganzoo" in roots else len(roots)
    return [name for name in names[:quiet] if name.split(".")[0] in LOUD]


def test_every_benchmark_binary_quiets_tensorflow_before_importing_it():
    # Static, for every file of benchmarks/ (no process started): importing
    # any ganzoo module runs ganzoo/_startup.py first, which in a binary
    # imports TensorFlow with its notices hidden. So each file imports
    # ganzoo before Keras or TensorFlow, and each binary's `main` imports
    # ganzoo before anything loud; a `benchmarks` module it imports obeys
    # the same rule (checked here too).
    binaries = []
    for path in sorted(glob.glob(os.path.join(BENCHMARKS, "*.py"))):
        name = f"benchmarks.{os.path.basename(path)[:-3]}"
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        module = _imports(tree.body)
        assert not _loud_before_ganzoo(module), f"{name} imports them before ganzoo"
        main = [
            n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main"
        ]
        if not main or "app.run(" not in ast.unparse(tree):
            continue
        binaries.append(name)
        assert _startup.is_binary(["-m"], ["python", "-m", name])
        nested = sorted(
            (
                n
                for n in ast.walk(main[0])
                if isinstance(n, (ast.Import, ast.ImportFrom))
            ),
            key=lambda n: (n.lineno, n.col_offset),
        )
        loud = _loud_before_ganzoo(module + _imports(nested))
        assert not loud, f"{name}'s main imports {loud} before ganzoo"
    expected = {"run", "results", "plots", "metrics_speed", "throughput", "publish"}
    assert {f"benchmarks.{n}" for n in expected} <= set(binaries)


@pytest.mark.parametrize(
    "argv, orig_argv, expected",
    [
        (["/venv/bin/ganzoo-sample"], ["python", "/venv/bin/ganzoo-sample"], True),
        (["-m"], ["python", "-m", "ganzoo.train", "--workdir=x"], True),
        (["-m"], ["python", "-m", "benchmarks.run"], True),
        (["-m"], ["python", "-m", "pytest", "tests"], False),
        (["my_script.py"], ["python", "my_script.py"], False),
    ],
)
def test_only_ganzoo_binaries_start_quietly(argv, orig_argv, expected):
    assert _startup.is_binary(argv, orig_argv) is expected


def test_ganzoo_verbose_shows_the_start_up_lines_again(monkeypatch):
    monkeypatch.setenv(_startup.VERBOSE_ENV, "1")
    assert _startup.verbose()
    monkeypatch.setenv(_startup.VERBOSE_ENV, "0")
    assert not _startup.verbose()
