"""Texts to a peer: masked conversations between a texter and a volunteer, relayed through the
line's number and known by a case code (models, asking, opening, offers, relay, urgent,
lifecycle)."""
