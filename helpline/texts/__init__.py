"""Texts to the line: inbound texts and their keywords, volunteers' text commands, and crisis
recognition. `signals_danger` is part of the public contract, importable from here."""

from helpline.crisis import signals_danger

__all__ = ["signals_danger"]
