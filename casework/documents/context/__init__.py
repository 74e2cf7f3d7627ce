"""Template contexts of the official documents, built from plain values only.

Every builder takes dataclasses of `values` (never ORM rows) and returns a JSON-serialisable dict:
the context is stored beside the issued PDF and must re-render the same document later. Dates are
kept twice, as ISO strings and as the Vietnamese text the document prints; money as an integer and
as text ("1.500.000 đồng").

Layout rules (Nghị định 30/2020) live in templates/documents/base.html and legal wording in
templates/documents/wording.toml (read by the services through casework.documents.wording); this
package decides the rest of the words. It reads top to bottom: `formatting` (date and number lines,
"Nơi nhận" punctuation; plain numbers, money and rates come from casework.formatting) → `labels` and
`values` (the inputs; class names come from casework.vocabulary) → `pieces` (what every kind
shares) → one module per family: `requests`, `review`, `meeting`, `posting`, `upper`, `decision`.

Import a name from the module that defines it; this file exports nothing.
"""
