"""Farmers' conversations in Zalo, Messenger and SMS: webhooks, one adapter per platform, answers from the
search service, questions handed to officers and their answers sent back in the same thread."""
