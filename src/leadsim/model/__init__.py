"""The model: pure step functions over arrays of shape (sample, bloc), composed in step.py."""
