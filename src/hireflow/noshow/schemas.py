"""What other domains pass to and get from the no-show service."""

from hireflow.noshow.features import AttendanceFacts, RsvpState
from hireflow.noshow.service import Action, Band, RiskAssessment
from hireflow.noshow.training import RecordedOutcome

__all__ = ["Action", "AttendanceFacts", "Band", "RecordedOutcome", "RiskAssessment", "RsvpState"]
