"""Calls to a human: call records, who to ring and the atomic claim, what callers and
volunteers hear (greeting, menu, prompts), voicemail, call-backs, and blocked callers."""
