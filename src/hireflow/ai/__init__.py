"""AI resume review: the offline engine, model-backed agents, prompts and injection guards.

Public API for the reviews domain::

    outcome = await review_resume(resume, ReviewSpec(...), settings)  # provider + fallback
    outcome = review_offline(resume, ReviewSpec(...))                 # deterministic engine
    diff = compare_reviews(old_outcome, new_outcome)
"""

from typing import TYPE_CHECKING

from hireflow.kit.lazy import lazy_exports

if TYPE_CHECKING:
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

# Imported on first use: the CLI and most tests need none of the heavy dependencies.
__getattr__ = lazy_exports(
    __name__,
    {
        "compare_reviews": "hireflow.ai.compare",
        "OFFLINE_MODEL": "hireflow.ai.offline.engine",
        "OVERALL_WEIGHTS": "hireflow.ai.offline.engine",
        "review_offline": "hireflow.ai.offline.engine",
        "DEFAULT_TEMPLATES": "hireflow.ai.prompts",
        "PromptSet": "hireflow.ai.prompts",
        "PromptTemplate": "hireflow.ai.prompts",
        "PromptTemplateError": "hireflow.ai.prompts",
        "PromptVariableError": "hireflow.ai.prompts",
        "AIConfigurationError": "hireflow.ai.providers",
        "AIProviderError": "hireflow.ai.providers",
        "review_resume": "hireflow.ai.review",
        "AgentUsage": "hireflow.ai.schemas",
        "FeedbackItem": "hireflow.ai.schemas",
        "ReviewComparison": "hireflow.ai.schemas",
        "ReviewOutcome": "hireflow.ai.schemas",
        "ReviewSpec": "hireflow.ai.schemas",
    },
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
