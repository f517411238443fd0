"""Running the model: the time loops, post-run measures, reducers and chunked ensembles."""
