"""Coordinator accounts: who may sign in to the web pages."""
