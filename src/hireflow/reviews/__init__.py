"""Resume reviews: requests, the background review job, results and feedback decisions."""
