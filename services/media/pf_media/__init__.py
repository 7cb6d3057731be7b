"""PackFinderz media service.

Owns media rows, uploads, attachments, derived assets (thumbnails, OCR text) and their lifecycle.
"""
