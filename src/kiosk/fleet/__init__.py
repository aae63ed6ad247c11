"""Many lobbies from one place: the deck from a URL kept offline, health and commands over MQTT.

Nothing here is imported unless the kiosk is given a URL or --mqtt: a lone lobby's start-up time
and memory stay what they were. source, alerts and status are plain Python (no Qt); link is the
small Qt glue the running kiosk wires in.
"""
