"""The trained block classifier: text-only features, a small scikit-learn model,
and a sequence step that smooths decisions along the document.

Rules decide where they are certain; the model decides the rest.
"""
