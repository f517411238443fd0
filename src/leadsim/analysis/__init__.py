"""Analyses of ensembles: summaries at chosen months, scenario comparison, calibration reports."""
