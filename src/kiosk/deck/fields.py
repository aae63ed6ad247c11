"""The pieces every part of the deck is built from: the strict base model, the languages, a text
in both languages, and checked strings (ids, colours, clock times, aspects)."""

from __future__ import annotations

import inspect
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

Lang = Literal["ko", "en"]
LanguageMode = Literal["both", "ko", "en", "alternate"]
Shown = Literal["ko", "en", "both"]  # what a slide shows at one moment: one language or both
LANGS: tuple[Lang, ...] = ("ko", "en")
LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


def visible_text(value: str) -> str:
    """Refuse control characters: they pass YAML as escapes ("\\x9c") and draw as empty boxes."""
    for char in value:
        if char != "\n" and unicodedata.category(char) == "Cc":
            raise PydanticCustomError(
                "control_character", "contains the control character U+{code}, which no screen "
                "can show; remove it", {"code": f"{ord(char):04X}"})
    return value


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                 AfterValidator(visible_text)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


def _sexagesimal(value: object) -> object:
    """YAML 1.1 reads an unquoted 16:9 as the base-60 number 969; read it back as written."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 60:
        return f"{value // 60}:{value % 60}"
    return value


Aspect = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,3}:[1-9][0-9]{0,3}$"),
                   BeforeValidator(_sexagesimal)]
# A screen size in pixels, width x height: "1920x1080".
ScreenSize = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def described(text: str) -> ConfigDict:
    """A model's description in the JSON Schema (`kiosk schema`), kept as data: pydantic would
    take it from the class's docstring, and the one-file build is compiled without docstrings
    (PyInstaller's optimize=2, a megabyte less of the running kiosk's memory)."""
    return ConfigDict(json_schema_extra={"description": inspect.cleandoc(text)})


class Text(Model):
    model_config = described("""
        One visible text in both languages.""")

    ko: Line = Field(description="Korean text")
    en: Line = Field(description="English text")

    def get(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.en

    @classmethod
    def joined(cls, ko: str, en: str) -> Text:
        """A text made of the deck's own texts (a milestone's date and step, a title marked as
        continued): not validated again, as two texts the deck allows may together be longer
        than one may."""
        return cls.model_construct(ko=ko, en=en)


def pick(value: str | Text, lang: Lang) -> str:
    return value if isinstance(value, str) else value.get(lang)
