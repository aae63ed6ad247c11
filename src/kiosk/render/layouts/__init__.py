"""One renderer per layout, each drawing a slide's data onto a Frame."""

from __future__ import annotations

from kiosk.render.layouts.building import draw_building
from kiosk.render.layouts.bullets import draw_bullets
from kiosk.render.layouts.contact import draw_contact
from kiosk.render.layouts.cover import draw_cover
from kiosk.render.layouts.figures import draw_figures
from kiosk.render.layouts.image import draw_image
from kiosk.render.layouts.site import draw_site
from kiosk.render.layouts.statement import draw_statement
from kiosk.render.layouts.timeline import draw_timeline

LAYOUTS = {
    "cover": draw_cover,
    "bullets": draw_bullets,
    "statement": draw_statement,
    "figures": draw_figures,
    "building": draw_building,
    "site": draw_site,
    "timeline": draw_timeline,
    "contact": draw_contact,
    "image": draw_image,
}
