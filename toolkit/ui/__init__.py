"""Widgets: a field-kind registry turns any exercise spec into an ipywidgets form.

Nothing below this package imports ipywidgets; everything here may.
"""
