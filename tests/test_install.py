"""A plain (non-editable) install runs the training binary from any directory.

pytest tests/test_install.py

The checkout's package is installed into a fresh virtual environment (no
dependencies: TensorFlow and the rest come from the environment running the
tests), then `ganzoo-train` runs a smoke config by its path from a folder
outside the checkout. About a minute on 2 CPU cores.
"""

import os
import shutil
import site
import subprocess
import sys

import tensorflow as tf

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(command, cwd, timeout=300):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("PYTHONPATH", None)  # Nothing may point back at the checkout.
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_installed_binary_trains_a_smoke_config_from_elsewhere(tmp_path):
    venv, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    # Inside a virtual environment, "system" means the base interpreter: the
    # test environment's own packages (TF, Keras, ...) are added by a .pth.
    # Its editable ganzoo is not: that needs its .pth files processed.
    (site_dir,) = (venv / "lib").glob("python*/site-packages")
    (site_dir / "_test_env.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # pip builds in the source tree: build from a copy, not the shared checkout.
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "build", "*.egg-info", "tests", "benchmarks", "runs"
        ),
    )
    install = [str(python), "-m", "pip", "install", "-q", "--no-deps"]
    _run([*install, "--no-build-isolation", "--no-index", str(source)], tmp_path)

    where = _run(
        [str(python), "-c", "import ganzoo; print(ganzoo.__file__)"], elsewhere
    )
    assert where.strip().startswith(str(venv)), where  # The installed copy runs.

    # A grid config loads its ring sibling by path: no `sys.path` entry needed.
    config = os.path.join(REPO, "zoo_configs", "vanilla_grid25.py")
    workdir = elsewhere / "run"
    command = [str(venv / "bin" / "ganzoo-train"), f"--config={config}:smoke"]
    command += [f"--workdir={workdir}", "--config.train.verbose=0"]
    _run(command, elsewhere)
    latest = tf.train.latest_checkpoint(str(workdir / "checkpoints"))
    assert latest and latest.endswith("ckpt-20"), latest
    assert (workdir / "samples" / "step_0000020.png").exists()
