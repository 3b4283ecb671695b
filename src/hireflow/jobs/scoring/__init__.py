"""Explainable fit scoring of a resume against a job: a pure, fast engine (no I/O, no DB).

Used by the background scoring task and by ``hireflow score``, so both give the same result.
"""

from hireflow.jobs.scoring.engine import (
    FitResult,
    job_requirements,
    rank_results,
    score_batch,
    score_resume,
)
from hireflow.jobs.scoring.profile import (
    CandidateProfile,
    JobProfile,
    ScoringWeights,
    Unscorable,
    candidate_profile,
)

__all__ = [
    "CandidateProfile",
    "FitResult",
    "JobProfile",
    "ScoringWeights",
    "Unscorable",
    "candidate_profile",
    "job_requirements",
    "rank_results",
    "score_batch",
    "score_resume",
]
