"""The coordinator's web pages: sign-in, CSRF on every form."""
