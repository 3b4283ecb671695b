"""Explainable fit scoring of a resume against a job: a pure, fast engine (no I/O, no DB).

Used by the background scoring task and by ``hireflow score``, so both give the same result.
"""

from typing import TYPE_CHECKING

from hireflow.kit.lazy import lazy_exports

if TYPE_CHECKING:
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
    from hireflow.jobs.scoring.report import feedback_of, requirements_report

# Imported on first use: the CLI and most tests need none of the heavy dependencies.
__getattr__ = lazy_exports(
    __name__,
    {
        "FitResult": "hireflow.jobs.scoring.engine",
        "job_requirements": "hireflow.jobs.scoring.engine",
        "rank_results": "hireflow.jobs.scoring.engine",
        "score_batch": "hireflow.jobs.scoring.engine",
        "score_resume": "hireflow.jobs.scoring.engine",
        "CandidateProfile": "hireflow.jobs.scoring.profile",
        "JobProfile": "hireflow.jobs.scoring.profile",
        "ScoringWeights": "hireflow.jobs.scoring.profile",
        "Unscorable": "hireflow.jobs.scoring.profile",
        "candidate_profile": "hireflow.jobs.scoring.profile",
        "feedback_of": "hireflow.jobs.scoring.report",
        "requirements_report": "hireflow.jobs.scoring.report",
    },
)

__all__ = [
    "CandidateProfile",
    "FitResult",
    "JobProfile",
    "ScoringWeights",
    "Unscorable",
    "candidate_profile",
    "feedback_of",
    "job_requirements",
    "rank_results",
    "requirements_report",
    "score_batch",
    "score_resume",
]
