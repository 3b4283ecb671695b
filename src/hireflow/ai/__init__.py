"""AI resume review: the offline engine, model-backed agents, prompts and injection guards.

Public API for the reviews domain::

    outcome = await review_resume(resume, ReviewSpec(...), settings)  # provider + fallback
    outcome = review_offline(resume, ReviewSpec(...))                 # deterministic engine
    diff = compare_reviews(old_outcome, new_outcome)
"""

from hireflow.ai.compare import compare_reviews
from hireflow.ai.offline.engine import OFFLINE_MODEL, OVERALL_WEIGHTS, review_offline
from hireflow.ai.prompts import (
    DEFAULT_TEMPLATES,
    PromptSet,
    PromptTemplate,
    PromptTemplateError,
    PromptVariableError,
)
from hireflow.ai.providers import AIConfigurationError, AIProviderError
from hireflow.ai.review import review_resume
from hireflow.ai.schemas import (
    AgentUsage,
    FeedbackItem,
    ReviewComparison,
    ReviewOutcome,
    ReviewSpec,
)

__all__ = [
    "DEFAULT_TEMPLATES",
    "OFFLINE_MODEL",
    "OVERALL_WEIGHTS",
    "AIConfigurationError",
    "AIProviderError",
    "AgentUsage",
    "FeedbackItem",
    "PromptSet",
    "PromptTemplate",
    "PromptTemplateError",
    "PromptVariableError",
    "ReviewComparison",
    "ReviewOutcome",
    "ReviewSpec",
    "compare_reviews",
    "review_offline",
    "review_resume",
]
