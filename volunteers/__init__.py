"""The volunteer and rota domain. Never imports Flask."""
