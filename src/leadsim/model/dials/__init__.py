"""The dials: their equations (equations.py) and one month of them (step.py)."""
