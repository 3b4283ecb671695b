"""Use cases of candidates that span domains (resumes, reviews, prompts): adding and
processing a resume version (``intake``), bulk import, merge, data-subject export and
erasure, and re-parsing migrated resumes. They call other domains' services, never their
repositories or tables; routers, tasks and the CLI call them."""
