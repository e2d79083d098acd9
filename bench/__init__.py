"""Benchmarks: `make bench` runs every one and prints its figures with the ratio to its baseline."""
