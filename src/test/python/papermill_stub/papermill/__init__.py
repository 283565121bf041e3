"""A stand-in for papermill (not packaged for Debian): just what kernel/papermill_diffdyn.py imports."""
