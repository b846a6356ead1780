"""Twilio's webhooks: every route here is signature-checked and exempt from CSRF."""
