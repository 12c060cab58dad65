"""Pieces shared by the portal's apps that belong to none of their domains.

Fields, image handling, the review workflow, languages and translated values, text rules for
public forms, alphabetical order, faceted lists, sitemaps, rate limits, spreadsheet-safe CSV
cells and the request's client address. The domain apps (partners, measures, events) import
from here; nothing here imports from them.
"""
