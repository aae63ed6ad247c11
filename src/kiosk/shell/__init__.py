"""The kiosk's window side: start-up checks, windows and what they draw over the slides."""
