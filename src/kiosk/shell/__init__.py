"""The screen: a window that only shows, what is drawn over the slides, and the session
that wires them to the navigator, the controllers and the operations."""
