"""Jobs, their hiring teams and applications, and explainable fit scoring."""
