"""The benchmark: synthetic data sets, timed builds, the reader's side; run as `python -m bench`."""
