"""Word similarity of a pool of candidates to a posting: each candidate's credited resume
text and each of their roles, cosines of stemmed-word vectors with IDF over the pool
(``terms``), and what a close fit scores in this pool (the reference the parts scale by)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hireflow.jobs.scoring.evidence import CandidateProfile
from hireflow.jobs.scoring.profile import JobProfile
from hireflow.jobs.scoring.terms import Vector, acronyms, cosines, idf, vector

SIMILARITY_SCALE = 0.45  # word similarity of a close fit, with no pool to learn IDF from
ROLE_REF = 0.45  # a fully fitting role's similarity, with no pool
_REF_QUANTILE = 0.9  # in a pool: the similarity of its best-fitting tenth counts fully
_MIN_REF = 0.05
_NO_TERMS: Vector = (np.zeros(0, np.int32), np.zeros(0, np.float32))
_ACRONYM_WEIGHT = 1.0  # an initialism of a posting phrase, in the posting's word vector


def posting_vector(job: JobProfile) -> Vector:
    """The posting's words: title, requirement lines (must-haves count double), description,
    and the initialisms of its phrases (a resume's "AFOM" for "assistant front office
    manager")."""
    lines = [*job.must_have_skills, *job.nice_to_have_skills]
    written = "\n".join([job.title, job.description, *lines])
    return vector(
        [
            (job.title, 3.0),
            (job.description, 1.0),
            *((line, 2.0) for line in job.must_have_skills),
            *((line, 1.0) for line in job.nice_to_have_skills),
            (" ".join(acronyms(written)), _ACRONYM_WEIGHT),
        ]
    )


@dataclass(frozen=True, slots=True)
class PoolSimilarity:
    """Word similarity to the posting of each candidate of a pool, and of each role."""

    documents: np.ndarray[Any, np.dtype[np.float64]]
    roles: list[np.ndarray[Any, np.dtype[np.float64]]]
    document_ref: float  # what a close fit scores in this pool (similarity part = 1)
    role_ref: float  # what a fully fitting role scores in this pool


def similarities(job: JobProfile, candidates: Sequence[CandidateProfile]) -> PoolSimilarity:
    """Cosines of each candidate, and each of their roles, to the posting: IDF over the
    candidates (the pool) when there are enough, vectorised; plain word overlap otherwise."""
    query = posting_vector(job)
    docs = [c.doc_vector if c.doc_vector is not None else _NO_TERMS for c in candidates]
    weights = idf(docs, [query])
    documents = cosines(query, docs, weights)
    flat = cosines(query, [v for c in candidates for v in c.role_vectors], weights)
    roles: list[np.ndarray[Any, np.dtype[np.float64]]] = []
    start = 0
    for candidate in candidates:
        roles.append(flat[start : start + len(candidate.role_vectors)])
        start += len(candidate.role_vectors)
    if weights is None or not len(documents):
        return PoolSimilarity(documents, roles, SIMILARITY_SCALE, ROLE_REF)
    best_roles = np.array([r.max() if len(r) else 0.0 for r in roles])
    return PoolSimilarity(
        documents,
        roles,
        max(_MIN_REF, float(np.quantile(documents, _REF_QUANTILE))),
        max(_MIN_REF, float(np.quantile(best_roles, _REF_QUANTILE))),
    )
