"""No-show risk of scheduled interviews: a score that helps, never one that judges.

Why its own domain (``noshow``, not inside ``interviews``): the score has its own inputs
(an explicit allow-list of attendance facts), its own model artefact and training command,
and rules that must be reviewable in one place. Interviews pass facts in and get an
assessment back through ``noshow.service``; nothing here reads another domain's tables.

The rule: a high risk adds an extra reminder and a confirmation request — it never rejects
a candidate, never lowers a rank or a score, and is never shown to a candidate as a
judgement. Protected attributes and their proxies (name, age, gender, nationality,
address, school, …) cannot enter: ``AttendanceFacts`` forbids unknown fields and
``FEATURE_NAMES`` is checked against a deny-list.
"""
