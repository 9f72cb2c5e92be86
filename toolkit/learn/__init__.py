"""The learn page's logic, free of widgets: the quiz, worked examples and class results.

Everything here is pure or talks only to storage through a small protocol
(:class:`toolkit.learn.classes.ClassBook`); the widgets live in :mod:`toolkit.ui.learn`.
"""
