"""A quiet start for ganzoo's binaries: no TensorFlow, CUDA or oneDNN notices.

On a CPU machine, importing TensorFlow 2.21 prints about ten lines to
stderr before a binary says anything (`oneDNN custom operations are on`,
`Could not find cuda drivers`, `failed call to cuInit`, ...). Most come from
C++ code run while its libraries load, before TensorFlow reads
`TF_CPP_MIN_LOG_LEVEL`, so setting the level is not enough: while
`import tensorflow` runs, file descriptor 2 points at a temporary file,
which is replayed if the import fails. The later notices (cuInit at the
first device query) are ERROR-level logs that `TF_CPP_MIN_LOG_LEVEL=3`
hides.

`ganzoo/__init__.py` imports this module first. It acts only in a ganzoo
binary (`ganzoo-train`, `ganzoo-sample`, `ganzoo-zoo`, `python -m ganzoo.*`
or `python -m benchmarks.*`), never in a user's program that imports
ganzoo, and only where TensorFlow is not imported yet. `GANZOO_VERBOSE=1`
shows TensorFlow's start-up lines again.
"""

import os
import sys
import tempfile

VERBOSE_ENV = "GANZOO_VERBOSE"
BINARIES = ("ganzoo-train", "ganzoo-sample", "ganzoo-zoo")
MODULE_PREFIXES = ("ganzoo.", "benchmarks.")


def is_binary(argv=None, orig_argv=None):
    """Whether this process is one of ganzoo's binaries (see the module doc)."""
    argv = sys.argv if argv is None else argv
    orig_argv = getattr(sys, "orig_argv", []) if orig_argv is None else orig_argv
    if argv and os.path.basename(argv[0]) in BINARIES:
        return True
    # `python -m ganzoo.train ...`: while the package imports, argv[0] is
    # "-m" and only the interpreter's own command line names the module.
    if "-m" in orig_argv[:-1]:
        module = orig_argv[orig_argv.index("-m") + 1]
        return module.startswith(MODULE_PREFIXES)
    return False


def verbose():
    """Whether `$GANZOO_VERBOSE` asks for TensorFlow's start-up lines."""
    return os.environ.get(VERBOSE_ENV, "").lower() not in ("", "0", "false", "no")


def quiet_import_tensorflow():
    """Imports TensorFlow with its start-up lines hidden (see the module doc)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow  # noqa: F401
        except BaseException:
            os.dup2(saved, 2)
            captured.seek(0)
            sys.stderr.write(captured.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


if is_binary() and not verbose():
    quiet_import_tensorflow()
