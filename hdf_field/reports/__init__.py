"""Printed and exported outputs: pure functions from plain planning data to bytes or text.

Nothing here opens a database or imports Qt, so the CLI, the GUI (off-thread) and the tests
render exactly the same documents.
"""
