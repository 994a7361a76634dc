"""`python -m ganzoo.train`: a user's error is one line and exit status 2.

Issue 18 (9). Three cases start the binary (5-20 s each, TensorFlow loads);
the others run `one_line_errors` around `train` in this process.
"""

import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RING = os.path.join(REPO, "zoo_configs", "vanilla_ring8.py") + ":smoke"


def run_binary(*args, env=None, cwd=REPO):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    command = [sys.executable, "-m", "ganzoo.train", *args]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def error_lines(stderr):
    return [line for line in stderr.splitlines() if "ganzoo-train: error:" in line]


CASES = {
    "unknown_field": (
        [f"--config={RING}", "--config.train.stepz=5"],
        r"`--config.train.stepz=5`, a field the config does not have; expected one "
        r'of its fields \(did you mean "steps"\?\)',
    ),
    "missing_config_file": (
        ["--config=zoo_configs/nope.py"],
        r"`--config=zoo_configs/nope.py`, which cannot be loaded \(No such file",
    ),
    "negative_steps": (
        [f"--config={RING}", "--config.train.steps=-5"],
        r"`train.steps=-5`; expected a positive int",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_user_errors_are_one_line_with_exit_status_2(case, tmp_path):
    args, message = CASES[case]
    result = run_binary(*args, f"--workdir={tmp_path / 'run'}")
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    (line,) = error_lines(result.stderr)
    assert re.search(message, line), line


# Issue 34, items 5 and 6: a config file's faults and an unknown optimizer.
CONFIG_FILES = {
    "syntax_error": (
        "def get_config(arg=None):\n    return {\n",
        r"`--config=.*bad.py`, whose file has a syntax error at .*bad.py, line 2 "
        r"\(`return \{`\): '\{' was never closed",
    ),
    "no_get_config": (
        "CONFIG = {}\n",
        r"`--config=.*bad.py`, a file without `get_config`; expected a file",
    ),
    "get_config_returns_none": (
        "def get_config(arg=None):\n    pass\n",
        r"`--config=.*bad.py`, whose `get_config\(\)` returned None",
    ),
}


@pytest.mark.parametrize("case", sorted(CONFIG_FILES))
def test_a_bad_config_file_is_one_line_naming_it(case, tmp_path):
    text, message = CONFIG_FILES[case]
    (tmp_path / "bad.py").write_text(text)
    result = run_binary(f"--config={tmp_path / 'bad.py'}", f"--workdir={tmp_path}/r")
    assert result.returncode == 2, result.stderr[-3000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-3000:]
    assert re.search(message, result.stderr), result.stderr


def test_an_unknown_optimizer_is_one_line_listing_the_known(tmp_path):
    result = run_binary(
        f"--config={RING}",
        '--config.optimizer.d={"class_name": "Adamm", "config": {}}',
        f"--workdir={tmp_path}",
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-3000:]
    assert re.search(
        r"Received: `optimizer.d.class_name='Adamm'`; expected a Keras optimizer, "
        r"one of \[.*'Adam', .*'SGD'",
        result.stderr,
    ), result.stderr


def test_debug_flag_shows_the_traceback(tmp_path):
    result = run_binary(
        f"--config={RING}", "--config.train.stepz=5", f"--workdir={tmp_path}", "--debug"
    )
    assert result.returncode != 0
    assert "Traceback" in result.stderr and not error_lines(result.stderr)


def ring_config():
    sys.path.insert(0, REPO)
    from zoo_configs import vanilla_ring8

    config = vanilla_ring8.get_config("smoke")
    config.train.verbose = 0
    return config


def int_rate_config():
    config = ring_config()
    config.optimizer.d = {"class_name": "sgd", "config": {"learning_rate": 3}}
    return config


def dcgan_config():
    from zoo_configs import dcgan_mnist

    return dcgan_mnist.get_config("smoke")


IN_PROCESS = {
    "workdir_is_a_file": (
        ring_config,
        r"`workdir=.*notes.txt/run'`, but .*notes.txt' is a file; expected a folder",
    ),
    "integer_learning_rate": (
        int_rate_config,
        r"`optimizer.d.config.learning_rate=3`, an int; expected a float",
    ),
    "no_data": (
        dcgan_config,
        r"Received: dataset 'mnist', which is not prepared in .* and whose raw "
        r"files were not looked for \(\$GANZOO_DATA_DIR is not set",
    ),
}


@pytest.mark.parametrize("case", sorted(IN_PROCESS))
def test_user_errors_of_training_are_one_line(case, tmp_path, monkeypatch, capsys):
    from ganzoo.training import cli_errors
    from ganzoo.training import loop as training

    make_config, message = IN_PROCESS[case]
    config = make_config()
    workdir = tmp_path / "run"
    if case == "workdir_is_a_file":
        (tmp_path / "notes.txt").write_text("a file")
        workdir = tmp_path / "notes.txt" / "run"
    if case == "no_data":
        monkeypatch.delenv("GANZOO_DATA_DIR", raising=False)
        monkeypatch.setenv("GANZOO_TFDS_DIR", str(tmp_path / "tfds"))
    with (
        pytest.raises(SystemExit) as exit_info,
        cli_errors.one_line_errors("ganzoo-train", argv=["ganzoo-train"]),
    ):
        training.train(config, workdir)
    assert exit_info.value.code == 2
    (line,) = error_lines(capsys.readouterr().err)
    assert re.search(message, line), line
