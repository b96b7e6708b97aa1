"""The site on a phone without signal: installable app, service worker, saved guides, Save-Data."""
