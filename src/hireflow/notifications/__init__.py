"""In-app notifications for recruiters (e-mail delivery comes with the notifications outbox)."""
