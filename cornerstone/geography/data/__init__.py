"""Committed reference data files and the script that builds local_authorities.csv (see README.md)."""
