"""ganzoo's benchmark binaries (`python -m benchmarks.<name>`) and tables.

`python -m benchmarks.<name>` imports this package before the binary's own
module, so ganzoo's quiet start (`ganzoo/_startup.py`: TensorFlow's CUDA and
oneDNN start-up notices hidden; `GANZOO_VERBOSE=1` shows them) comes first
here, before any binary imports Keras or TensorFlow.
"""

from ganzoo import _startup  # noqa: F401
