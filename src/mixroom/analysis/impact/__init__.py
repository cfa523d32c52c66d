"""Causal impact of an intervention on a time series, with honest intervals.

:mod:`.engine` fits the structural model to many series at once; :mod:`.batch` turns fits into
effects with intervals; :mod:`.study` runs one study end to end (placebos, warnings, paths);
:mod:`.designs` holds the other designs on the same core; :mod:`.words` and :mod:`.charts`
explain a result.
"""
