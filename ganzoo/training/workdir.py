"""The run a workdir holds: `config.json`, checked before a run resumes.

`prepare(config, workdir, is_chief)` creates the workdir, refuses a config
that would resume another run (`RUN_IDENTITY`) or a precision whose
checkpoints differ, and writes `config.json` atomically. `locked(workdir)`
holds the workdir for one process: a second run started on it stops at once
(`WorkdirInUseError`, naming the process that holds it). The lock is the
operating system's (`fcntl.flock` on `<workdir>/lock`), so a killed process
leaves nothing that blocks a resume. Used by `ganzoo.training.loop.train`.
"""

import contextlib
import json
import os
import socket
import sys

from ganzoo.training import checkpoints, precision
from ganzoo.training import checks as train_checks
from ganzoo.training import config as config_lib

try:
    import fcntl
except ImportError:  # Not POSIX: no lock (ganzoo's binaries target Linux).
    fcntl = None

CONFIG_FILE = "config.json"
LOCK_FILE = "lock"
# Config fields that define the run stored in a workdir: resuming with other
# values would restore variables into a different model, silently keep the
# stored learning rate, or feed another data stream than the one the restored
# step counts in, so it is refused. Only `train.*` may change (and
# `train.mixed_precision` only where the checkpoints' variables stay the
# same: see `_check_precision`).
RUN_IDENTITY = (
    "model",
    "data.name",
    "data.split",
    "data.loader",
    "data.batch_size",
    "data.seed",
    "data.kwargs",
    "optimizer",
)


def _identity(config_json):
    def get(value, path):
        for key in path.split("."):
            value = (value or {}).get(key)
        return value

    identity = {path: get(config_json, path) for path in RUN_IDENTITY}
    kwargs = identity["data.kwargs"]
    if isinstance(kwargs, dict) and "split_seed" in kwargs:
        # The semi-supervised loader reads `split_seed=None` as `data.seed`:
        # the same labels as the number (a config moved to None resumes).
        seed = identity["data.seed"]
        identity["data.kwargs"] = {
            **kwargs,
            "split_seed": (0 if seed is None else seed)
            if kwargs["split_seed"] is None
            else kwargs["split_seed"],
        }
    return identity


def _check_precision(old, new, workdir):
    # Only float16 adds variables (the loss scale of a LossScaleOptimizer);
    # float32 and bfloat16 runs hold the same float32 weights and slots.
    # A stored config of an older schema may lack the field: its default.
    default = config_lib.SCHEMA["train"]["mixed_precision"].default
    # "auto" never gives mixed_float16; it is named by what it gives here.
    entry, kwargs = new["model"]["name"], new["model"].get("kwargs")
    old_policy = (old.get("train") or {}).get("mixed_precision", default)
    old_policy = precision.resolve_policy(
        old_policy, entry, quiet=True, model_kwargs=kwargs
    )
    new_policy = precision.resolve_policy(
        new["train"]["mixed_precision"], entry, quiet=True, model_kwargs=kwargs
    )
    if (old_policy == "mixed_float16") != (new_policy == "mixed_float16"):
        raise ValueError(
            f"Received: `train.mixed_precision={new_policy!r}` for "
            f"`workdir={workdir!r}`, whose checkpoints were written with "
            f"{old_policy!r}; expected {old_policy!r} to resume (the loss scale "
            "of mixed_float16 is part of its checkpoints; float32 and "
            "mixed_bfloat16 may be swapped), or a new workdir."
        )


def _check_and_write_config(config, workdir, checkpoint_dir, write=True):
    path = os.path.join(workdir, CONFIG_FILE)
    new = json.loads(config.to_json_best_effort(sort_keys=True))
    # Until a checkpoint exists nothing would be restored, so a run that
    # failed early (e.g. diverged) may be restarted with another config.
    # Checkpoints are found from their files: the state file may be damaged.
    if os.path.exists(path) and checkpoints.list_checkpoints(checkpoint_dir):
        with open(path, encoding="utf-8") as f:
            old = json.load(f)
        old_id, new_id = _identity(old), _identity(new)
        # A field the old config lacks (an older schema) cannot be compared.
        diff = [
            key
            for key in RUN_IDENTITY
            if old_id[key] is not None and old_id[key] != new_id[key]
        ]
        if diff:
            details = "; ".join(
                f"`{k}` is {old_id[k]!r} there, {new_id[k]!r} here" for k in diff
            )
            raise ValueError(
                f"Received: `workdir={workdir!r}`, which belongs to a different "
                f"run ({details}); expected a new workdir, or the config that "
                "run was started with (only `train.*` fields, e.g. "
                "`train.steps` to extend it, may change)."
            )
        _check_precision(old, new, workdir)
    if not write:
        return
    with open(f"{path}.tmp", "w", encoding="utf-8") as f:
        json.dump(new, f, indent=2, sort_keys=True)
    os.replace(f"{path}.tmp", path)  # Atomic: a kill leaves old or new.


def prepare(config, workdir, is_chief):
    """Creates `workdir`, checks it holds this run; returns its checkpoint folder."""
    checkpoint_dir = os.path.join(workdir, "checkpoints")
    train_checks.check_workdir(workdir)
    os.makedirs(workdir, exist_ok=True)
    if is_chief and os.path.isdir(checkpoint_dir):
        checkpoints.prepare_directory(checkpoint_dir, checkpoints.MAX_TO_KEEP)
    _check_and_write_config(config, workdir, checkpoint_dir, write=is_chief)
    return checkpoint_dir


class WorkdirInUseError(RuntimeError):
    """Raised when another process holds the workdir (`locked`)."""


def _holder(fd):
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another process (it has not written its id yet)"


def _in_use_error(workdir, holder):
    return WorkdirInUseError(
        f"Received: `workdir={workdir!r}`, which is in use by {holder}; expected "
        "a workdir no other run is using (wait for that run to end or stop it, "
        "then run again: it resumes; or pass a new workdir)."
    )


def _try_lock(fd):
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def locked(workdir, hold=True):
    """Holds `workdir` for this process while the block runs.

    Creates the workdir, then takes an exclusive `fcntl.flock` on
    `<workdir>/lock` and writes this process's id, host and command line
    into it. The operating system releases the lock when the process ends,
    however it ends, so a killed run never blocks its resume.

    Args:
        workdir: the run's folder.
        hold: False makes this a no-op (a multi-worker run's other workers
            share the chief's workdir).

    Raises:
        WorkdirInUseError: another process holds the lock; the message names
            its process id and command.

    Example:

    ```python
    with locked("/tmp/run"):
        ...  # Train; a second `locked("/tmp/run")` elsewhere raises.
    ```
    """
    if not hold or fcntl is None:
        yield
        return
    train_checks.check_workdir(workdir)
    os.makedirs(workdir, exist_ok=True)
    fd = os.open(os.path.join(workdir, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            raise _in_use_error(workdir, _holder(fd))
        # `python -m ganzoo.train ...` as typed (argv[0] would be a path).
        argv = getattr(sys, "orig_argv", None) or sys.argv
        command = " ".join([os.path.basename(argv[0]), *argv[1:]])[:1000]
        me = f"process {os.getpid()} on {socket.gethostname()} (`{command}`)"
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # Releases the lock.


def check_not_in_use(workdir):
    """Raises `WorkdirInUseError` if a process holds `workdir` now (`locked`).

    For a binary that will train into `workdir` later (e.g. after other
    runs): it stops before any work instead.
    """
    path = os.path.join(workdir, LOCK_FILE)
    if fcntl is None or not os.path.isfile(path):
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        if not _try_lock(fd):
            raise _in_use_error(workdir, _holder(fd))
    finally:
        os.close(fd)
