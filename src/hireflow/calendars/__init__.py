"""Calendars: CalDAV, Google Calendar and the ICS feed; busy time and interview events."""
