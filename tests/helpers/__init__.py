"""Helpers several test modules share: plain functions and data, never tests.

Test modules import from here, never from each other; what needs pytest's machinery (a database,
a temporary folder) is a fixture in the nearest `conftest.py`.
"""
