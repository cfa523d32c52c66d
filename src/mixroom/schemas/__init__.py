"""Pydantic input and output shapes, one module per noun: ``*Create``, ``*Update``, ``*Out``.

``*Out`` shapes are what the public may see: private fields (e-mails, consents) have no place
in them, so no route can leak them by serialising a record.
"""
