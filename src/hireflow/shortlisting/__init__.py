"""Ranking and shortlisting: a pure state machine (``machine``) and the service that applies
it to a job's applications under a job-level lock (``service``)."""
