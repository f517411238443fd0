"""Saved runs: the DuckDB run store, exports and HTML reports."""

from leadsim.results.record import Capture, RunRecord
from leadsim.results.store import Store, StoreError, store_path

__all__ = ["Capture", "RunRecord", "Store", "StoreError", "store_path"]
