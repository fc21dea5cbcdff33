# python/leontief/__init__.py: leontief from Python (docs/PYTHON.md)
# SPDX-License-Identifier: MIT
"""leontief: batch LCA and input-output calculations over libleontief.

    import leontief
    with leontief.import_useeio("datasets/useeio-v1.2/raw") as m:
        N = m.factors("GHG")            # kg CO2-eq per unit of each product
        df = m.factors_frame("GHG")     # the same as a pandas DataFrame

Errors are leontief.Error subclasses carrying the library's message and
status (.status, an lca_status).
"""

from ._lib import (ArgumentError, DimensionError, Error, FileError,
                   InvalidError, NoMemoryError, NotFoundError, QUANTILE_P,
                   SingularError, SolverError, version)
from . import factordb
from .factordb import FactorDB, read_factordb
from .mc import MCResult, RunStopped, export_csv, read_stats
from .model import (ClosedError, Model, import_bw, import_ecospold2,
                    import_olca, import_useeio, read)
from .rules import PCFResult, pact_export, pcf

__version__ = "0.1.0"

__all__ = ["ArgumentError", "ClosedError", "DimensionError", "Error",
           "export_csv", "FactorDB", "factordb", "FileError", "import_bw", "import_ecospold2",
           "import_olca", "import_useeio", "InvalidError", "MCResult",
           "Model", "NoMemoryError", "NotFoundError", "pact_export", "pcf",
           "PCFResult", "QUANTILE_P", "read", "read_factordb", "read_stats", "RunStopped",
           "SingularError", "SolverError", "version"]
