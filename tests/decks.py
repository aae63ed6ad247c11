"""Small decks for tests, written as text so line numbers are exact."""

MINIMAL = """\
deck:
  title: {ko: 안내, en: Welcome}
  sections:
    - id: main
      title: {ko: 본문, en: Main}
slides:
  - id: one
    section: main
    layout: statement
    statement: {ko: 첫 번째, en: First}
  - id: two
    section: main
    layout: bullets
    title: {ko: 둘, en: Two}
    points:
      - {ko: 가, en: A}
"""
