"""Painter-based slide rendering shared by the window, PNG export and PDF handout."""
