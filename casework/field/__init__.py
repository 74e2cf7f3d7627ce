"""The field app for surveyors and village heads: an installable, offline web app under /field/.

The server side serves its shell (page, manifest, service worker), the rule sets as JSON for the
phone's classifier (casework/static/field/classify.js), the user's settings and a village's work to
take offline. What the phone records comes back through the JSON API (casework/api/).
"""
