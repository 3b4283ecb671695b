"""Ranking and shortlisting: a pure state machine (``machine``) and the service that applies
it to a job's applications under a job-level lock (``service``).

Shortlisting lives under ``jobs``, like fit scoring: it owns no table; it decides the
shortlist status of a job's applications, which are the jobs domain's rows.
"""
