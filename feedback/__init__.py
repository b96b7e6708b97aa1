"""One-tap "Có giúp được không?" votes on guides, answered questions, chat answers and alerts, counted
without storing who voted."""
