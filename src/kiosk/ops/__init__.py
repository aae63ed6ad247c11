"""Operations around the screen: live reload, logs, proof of play, statistics, autostart,
export and the checks that need the renderer."""
