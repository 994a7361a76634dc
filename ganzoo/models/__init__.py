"""Zoo entries: one module per entry, each registering itself.

Every module in this package is imported here, so adding an entry is adding
a module; there is no list to keep in sync.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
