"""One line for a user's error in a binary, a traceback only for a bug.

    python -m ganzoo.train --config=zoo_configs/dcgan_mnist.py --config.train.stepz=5 --workdir=/tmp/x
    ganzoo-train: error: Received: `--config.train.stepz=5`, a field the config does not have ...

A user error (a bad value, a missing file, an unknown config field) prints
`<program>: error: <message>` on stderr and exits with status 2, the status
of a usage error; a diverged run prints its message and exits with 1, and
Ctrl-C prints where the run will resume from and exits with 130. Any
other exception is a bug and keeps its traceback, as does every error when
`--debug` is on the command line.
"""  # noqa: E501

import contextlib
import logging
import re
import sys
import traceback

from absl import flags

DEBUG_FLAG = "--debug"
USAGE_ERROR = 2  # As argparse and absl's UsageError.
INTERRUPTED = 130  # A shell's status for a process ended by SIGINT.
# Errors of the machine or the files a user named, not of the code.
_FILE_ERRORS = (FileNotFoundError, FileExistsError, NotADirectoryError, PermissionError)


def _one_line(text):
    return " ".join(str(text).split())


def _config_flag(argv):
    for i, arg in enumerate(argv):
        if arg.startswith("--config="):
            return arg
        if arg == "--config" and i + 1 < len(argv):
            return f"--config={argv[i + 1]}"
    return "--config"


def _from_config_flags(error):
    frames = traceback.extract_tb(error.__traceback__)
    return any("config_flags" in frame.filename for frame in frames)


def _config_file_error(error, argv):
    # The config file's own faults: a syntax error, no `get_config`, or a
    # `get_config` that returns None (absl then sees `--config=None`).
    flag = _config_flag(argv)
    if isinstance(error, SyntaxError) and _from_config_flags(error):
        where = f"{error.filename}, line {error.lineno}"
        code = f" (`{error.text.strip()}`)" if error.text else ""
        return (
            f"Received: `{flag}`, whose file has a syntax error at {where}{code}: "
            f"{error.msg}; expected a Python file defining `get_config(arg=None)`."
        )
    if (
        isinstance(error, AttributeError)
        and _from_config_flags(error)
        and "attribute 'get_config'" in str(error)
    ):
        return (
            f"Received: `{flag}`, a file without `get_config`; expected a file "
            "defining `get_config(arg=None)` that returns an "
            "`ml_collections.ConfigDict`, as in zoo_configs/."
        )
    if isinstance(error, flags.Error) and "--config must have a value other" in str(
        error
    ):
        return (
            f"Received: `{flag}`, whose `get_config()` returned None; expected "
            "it to return an `ml_collections.ConfigDict` (a missing `return`?)."
        )
    return None


def user_error_message(error, argv):
    """Returns `(message, exit status)` for a user's error, or None for a bug.

    Args:
        error: the exception a binary raised.
        argv: the command line (`sys.argv`).
    """
    # Imported here: the check must not load TensorFlow before flags parse.
    diverged = sys.modules.get("ganzoo.training.callbacks")
    if diverged and isinstance(error, diverged.TrainingDivergedError):
        return _one_line(error), 1
    text = _one_line(error)
    config_answer = _config_file_error(error, argv)
    if config_answer:
        return config_answer, USAGE_ERROR
    if isinstance(error, (KeyError, AttributeError)) and _from_config_flags(error):
        # ml_collections: "'stepz'\nDid you mean "steps" instead of "stepz"?"
        key = re.match(r"^\W*(\w+)", str(error.args[0] if error.args else error))
        key = key.group(1) if key else "?"
        hint = re.search(r"Did you mean \"(\w+)\"", str(error))
        overrides = [a for a in argv if a.startswith("--config.") and key in a]
        received = overrides[0] if overrides else f"a --config.* field {key!r}"
        return (
            f"Received: `{received}`, a field the config does not have; expected "
            "one of its fields"
            + (f' (did you mean "{hint.group(1)}"?).' if hint else ".")
        ), USAGE_ERROR
    if isinstance(error, OSError) and "Failed loading config file" in str(error):
        cause = re.search(r"\[Errno \d+\] ([^\n]*)", str(error))
        return (
            f"Received: `{_config_flag(argv)}`, which cannot be loaded"
            + (f" ({cause.group(1)})" if cause else "")
            + "; expected a config file such as zoo_configs/dcgan_mnist.py "
            "(with `:smoke` for a tiny run)."
        ), USAGE_ERROR
    if isinstance(error, flags.Error):
        # absl's message holds the config file's traceback as text: keep the
        # error's own line.
        received = re.search(r"Received:[^\n]*", str(error))
        return (received.group(0) if received else text), USAGE_ERROR
    if "Received:" in text or isinstance(error, _FILE_ERRORS):
        return text, USAGE_ERROR
    return None


def define_debug_flag():
    """Defines `--debug` (the traceback of any error), once per process."""
    if DEBUG_FLAG[2:] not in flags.FLAGS:
        flags.DEFINE_bool(
            DEBUG_FLAG[2:],
            False,
            "Show the traceback of any error (a user error prints one line).",
        )


def _debug(argv):
    # Read from the command line: the error may come from parsing the flags.
    for arg in argv:
        name, _, value = arg.partition("=")
        if name == DEBUG_FLAG and value.lower() in ("", "true", "1"):
            return True
    return False


def parse_flags(argv):
    """A `flags_parser` for `absl.app.run` that lets flag errors raise.

    absl's own parser prints a flag error (with the traceback of a config
    file's error as text) and exits; raising lets `one_line_errors` answer.
    """
    # A config file's errors are answered in one line; ml_collections' own
    # warnings about them (and absl's notice that logging starts before the
    # flags are parsed) would add lines before it.
    absl_logger = logging.getLogger("absl")
    level = absl_logger.level
    absl_logger.setLevel(logging.ERROR)
    try:
        return flags.FLAGS(argv)
    finally:
        absl_logger.setLevel(level)


@contextlib.contextmanager
def one_line_errors(program, argv=None):
    """Turns a user's error raised inside into one line and an exit status.

    Args:
        program: the binary's name, printed before the message.
        argv: the command line; defaults to `sys.argv`.

    Example:

    ```python
    with cli_errors.one_line_errors("ganzoo-train"):
        app.run(main)
    ```
    """
    argv = sys.argv if argv is None else argv
    try:
        yield
    except KeyboardInterrupt as error:  # Ctrl-C: one line, the shell's 130.
        if _debug(argv):
            raise
        print(f"{program}: {_one_line(error) or 'Interrupted.'}", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except Exception as error:  # SystemExit passes.
        answer = user_error_message(error, argv)
        if answer is None or _debug(argv):
            raise
        message, status = answer
        print(
            f"{program}: error: {message} ({DEBUG_FLAG} shows the traceback)",
            file=sys.stderr,
        )
        sys.exit(status)
