"""Pest, disease and weather warnings by commune and commodity: subscriptions, delivery through the
chat channels, SMS and Web Push, the alert banners and the Atom feed."""
