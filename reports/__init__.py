"""The officers' and the programme's reports that read every other app: what to write next, and what the
programme's techniques reached (quarterly and yearly)."""
