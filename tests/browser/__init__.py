"""Helpers that check the published site in a real headless Chromium."""
