"""Many lobbies from one place: the deck from a URL kept offline, health and commands over MQTT.

Nothing here is imported unless the kiosk is given a URL or --mqtt: a lone lobby's start-up time
and memory stay what they were. Everything here is plain Python (no Qt): source (with versions,
schedule and version_fetch), alerts, mqtt, summary; the Qt glue the running kiosk wires in is
shell/fleet_link and its neighbours.
"""
