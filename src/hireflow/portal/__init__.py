"""The candidate portal: a candidate's own view of their applications and interviews behind a
signed link, their data export and deletion requests, and the e-mails that carry the link."""
