"""Keys (and presentation clickers, which send the same keys) to navigator commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from kiosk.controllers.commands import Commands

K = Qt.Key
NEXT_KEYS = {K.Key_Right, K.Key_Space, K.Key_PageDown, K.Key_Return, K.Key_Enter, K.Key_Down}
PREV_KEYS = {K.Key_Left, K.Key_Backspace, K.Key_PageUp, K.Key_Up}
SECTION_KEYS = {K.Key_1: 0, K.Key_2: 1, K.Key_3: 2, K.Key_4: 3, K.Key_5: 4, K.Key_6: 5,
                K.Key_7: 6, K.Key_8: 7, K.Key_9: 8}
BLANK_KEYS = {K.Key_B, K.Key_Period}
ACCESS_KEYS = {K.Key_A, K.Key_F1}  # the accessibility mode, on and off
LOUDER_KEYS = {K.Key_Plus, K.Key_Equal}  # "=" is "+" without Shift on most layouts


class KeyboardController:
    def __init__(self, commands: Commands) -> None:
        self.commands = commands

    def action_for(self, key: int, modifiers: Qt.KeyboardModifier) -> Callable[[], None] | None:
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                        | Qt.KeyboardModifier.MetaModifier):
            return None  # chords belong to the operator (exit), not to navigation
        c = self.commands
        if key in NEXT_KEYS:
            return c.next
        if key in PREV_KEYS:
            return c.prev
        if key == K.Key_Home:
            return c.first
        if key == K.Key_End:
            return c.last
        if key in SECTION_KEYS:
            index = SECTION_KEYS[K(key)]
            return lambda: c.goto_section(index)
        if key == K.Key_L:
            return c.toggle_language
        if key == K.Key_P:
            return lambda: c.toggle_pause("operator")
        if key in BLANK_KEYS:
            return lambda: c.toggle_blank("operator")
        if key in ACCESS_KEYS:
            return c.access.toggle
        return self._access_key(key)

    def _access_key(self, key: int) -> Callable[[], None] | None:
        """Keys of the accessibility mode: read again, volume and rate (nothing when off)."""
        access = self.commands.access
        if not access.on:
            return None
        table = {K.Key_R: access.read_again, K.Key_Minus: access.quieter,
                 K.Key_BracketLeft: access.slower, K.Key_BracketRight: access.faster,
                 **{k: access.louder for k in LOUDER_KEYS}}
        return table[K(key)] if key in table else None

    def key_press(self, event: QKeyEvent) -> bool:
        """Handle a key press; True when the key meant something to the kiosk."""
        action = self.action_for(event.key(), event.modifiers())
        if action is None:
            return False
        action()
        return True
