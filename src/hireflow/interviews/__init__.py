"""Interviews: invitations with deadlines, candidate self-scheduling, bookings, reminders."""
