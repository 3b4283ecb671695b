"""Interview slot negotiation: understand a candidate's availability, propose free slots,
escalate to a recruiter when no agreement is found."""
