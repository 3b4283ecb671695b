-- The v1.0 -> v1.1 data copy: set-based, one transaction (the revision's), legacy rows read
-- from legacy_v1_0 where the upgrade set them aside. Split into phases by "-- phase:" lines;
-- every statement ends with a semicolon at the end of a line.

-- phase: accounts
-- consultant -> junior_recruiter, admin -> admin; every other column as it was.
INSERT INTO public.users (id, email, password_hash, first_name, last_name, role, is_active,
    email_verified, created_at, updated_at, last_login_at, password_changed_at,
    failed_login_attempts, locked_until)
SELECT id, email, password_hash, first_name, last_name,
       CASE role WHEN 'consultant' THEN 'junior_recruiter' WHEN 'admin' THEN 'admin' END,
       is_active, email_verified, created_at, updated_at, last_login_at, password_changed_at,
       failed_login_attempts, locked_until
FROM legacy_v1_0.users;
INSERT INTO public.refresh_tokens (id, user_id, token_hash, session_id, status, device_info,
    ip_address, expires_at, created_at, last_used_at)
SELECT id, user_id, token_hash, session_id, status, device_info, ip_address, expires_at,
       created_at, last_used_at
FROM legacy_v1_0.refresh_tokens;
INSERT INTO public.schema_migrations (version, applied_at)
SELECT version, applied_at FROM legacy_v1_0.schema_migrations;

-- phase: prompts
INSERT INTO public.prompts (id, name, description, template, version, is_active, prompt_type,
    created_by, created_at, updated_at, agent_type, variables)
SELECT id, name, description, template, version, is_active, prompt_type, created_by,
       created_at, updated_at, 'base_agent',
       jsonb_build_object('target_role', '{{target_role}}',
                          'target_industry', '{{target_industry}}',
                          'experience_level', '{{experience_level}}')
FROM legacy_v1_0.prompts;

-- phase: link_uploads
-- Uploads of the same file (hash) by the same user are versions 1..n of one candidate, whose
-- id is the id of the first upload.
CREATE TEMP TABLE upload_version ON COMMIT DROP AS
SELECT u.id,
       first_value(u.id) OVER w AS candidate_id,
       row_number() OVER w AS version_number,
       max(u.updated_at) OVER (PARTITION BY u.user_id, u.file_hash) AS group_updated_at
FROM legacy_v1_0.file_uploads u
WINDOW w AS (PARTITION BY u.user_id, u.file_hash ORDER BY u.created_at, u.id);
-- Each request -> the latest upload of the same user, file name, size and mime type made at
-- or before it: one ordered pass where every upload opens a group and the requests that
-- follow it (up to the next upload) belong to it; requests before any upload get NULL.
CREATE TEMP TABLE request_link ON COMMIT DROP AS
WITH stream AS (
    SELECT user_id, original_filename, file_size AS size, mime_type, created_at,
           0 AS kind, id AS upload_id, NULL::uuid AS request_id
    FROM legacy_v1_0.file_uploads
    UNION ALL
    SELECT user_id, original_filename, file_size_bytes, mime_type, created_at,
           1, NULL::uuid, id
    FROM legacy_v1_0.analysis_requests
), grouped AS (
    SELECT *, count(upload_id) OVER (
               PARTITION BY user_id, original_filename, size, mime_type
               ORDER BY created_at, kind, upload_id ROWS UNBOUNDED PRECEDING) AS grp
    FROM stream
)
SELECT request_id,
       first_value(upload_id) OVER (
           PARTITION BY user_id, original_filename, size, mime_type, grp
           ORDER BY created_at, kind, upload_id) AS upload_id
FROM grouped;
DELETE FROM request_link WHERE request_id IS NULL;
-- Requests whose upload row is gone get a resume of their own (id = request id), grouped
-- into one candidate per user, file name, size and mime type.
CREATE TEMP TABLE orphan_request ON COMMIT DROP AS
SELECT r.id,
       first_value(r.id) OVER w AS candidate_id,
       row_number() OVER w AS version_number
FROM legacy_v1_0.analysis_requests r
JOIN request_link l ON l.request_id = r.id AND l.upload_id IS NULL
WINDOW w AS (PARTITION BY r.user_id, r.original_filename, r.file_size_bytes, r.mime_type
             ORDER BY r.created_at, r.id);
ANALYZE upload_version;
ANALYZE request_link;
ANALYZE orphan_request;

-- phase: candidates
-- Provisional names come from the file name (extension dropped); parsing finds the real ones.
INSERT INTO public.candidates (id, first_name, last_name, created_by_user_id, created_at,
    updated_at, metadata)
SELECT u.id,
       left(coalesce(nullif(regexp_replace(u.original_filename, '\.[^.]*$', ''), ''),
                     u.original_filename), 100),
       '', u.user_id, u.created_at, v.group_updated_at,
       jsonb_build_object('name_source', 'file_name', 'source', 'v1_0_file_upload')
FROM upload_version v
JOIN legacy_v1_0.file_uploads u ON u.id = v.id
WHERE v.version_number = 1;
INSERT INTO public.candidates (id, first_name, last_name, created_by_user_id, created_at,
    updated_at, metadata)
SELECT r.id,
       left(coalesce(nullif(regexp_replace(r.original_filename, '\.[^.]*$', ''), ''),
                     r.original_filename), 100),
       '', r.user_id, r.created_at, r.created_at,
       jsonb_build_object('name_source', 'file_name', 'source', 'v1_0_analysis_request')
FROM orphan_request o
JOIN legacy_v1_0.analysis_requests r ON r.id = o.id
WHERE o.version_number = 1;
-- Every candidate is assigned (primary, active) to its uploader; assignment id = candidate id.
INSERT INTO public.user_candidate_assignments (id, user_id, candidate_id, assignment_type,
    assigned_at, assigned_by_user_id, is_active)
SELECT id, created_by_user_id, id, 'primary', created_at, created_by_user_id, true
FROM public.candidates;

-- phase: resumes
INSERT INTO public.resumes (id, candidate_id, uploaded_by_user_id, original_filename,
    stored_filename, file_hash, file_size, mime_type, version_number, status, progress,
    extracted_text, word_count, uploaded_at, processed_at, metadata)
SELECT u.id, v.candidate_id, u.user_id, u.original_filename, u.filename, u.file_hash,
       u.file_size, u.mime_type, v.version_number,
       CASE WHEN u.status IN ('validating', 'extracting') THEN 'processing' ELSE u.status END,
       u.progress, u.extracted_text, u.word_count, u.created_at, u.completed_at,
       jsonb_build_object(
           'source', 'v1_0_file_upload',
           'v1_0_status', u.status,
           'error_message', u.error_message,
           'target_role', u.target_role,
           'target_industry', u.target_industry,
           'experience_level', u.experience_level,
           'character_count', u.character_count,
           'extraction_method', u.extraction_method,
           'detected_sections', u.detected_sections,
           'processing_time', u.processing_time,
           'validation_time', u.validation_time,
           'extraction_time', u.extraction_time,
           'updated_at', u.updated_at)
FROM legacy_v1_0.file_uploads u
JOIN upload_version v ON v.id = u.id;
INSERT INTO public.resumes (id, candidate_id, uploaded_by_user_id, original_filename,
    stored_filename, file_hash, file_size, mime_type, version_number, status, progress,
    extracted_text, word_count, uploaded_at, processed_at, metadata)
SELECT r.id, o.candidate_id, r.user_id, r.original_filename, r.file_path, NULL,
       r.file_size_bytes, r.mime_type, o.version_number, 'unavailable', NULL, NULL, NULL,
       r.created_at, NULL,
       jsonb_build_object('source', 'v1_0_analysis_request', 'file_content_available', false)
FROM orphan_request o
JOIN legacy_v1_0.analysis_requests r ON r.id = o.id;

-- phase: sections
-- The extracted text becomes one full_content section (id = resume id); no text, no section.
INSERT INTO public.resume_sections (id, resume_id, section_type, section_title, content,
    start_position, end_position, sequence_order, metadata, extracted_at)
SELECT id, id, 'full_content', 'Complete Resume Content', extracted_text, 0,
       char_length(extracted_text), 1, jsonb_build_object('source', 'v1_0_extracted_text'),
       coalesce(processed_at, uploaded_at)
FROM public.resumes
WHERE extracted_text IS NOT NULL;

-- phase: review_requests
INSERT INTO public.review_requests (id, resume_id, requested_by_user_id, target_role,
    target_industry, experience_level, review_type, status, requested_at, completed_at,
    metadata)
SELECT r.id, coalesce(l.upload_id, r.id), r.user_id, r.target_role, r.target_industry,
       r.experience_level, 'comprehensive', r.status, r.created_at, r.completed_at,
       jsonb_build_object(
           'source', 'v1_0_analysis_request',
           'resume_link', CASE WHEN l.upload_id IS NULL THEN 'built_from_request'
                               ELSE 'latest_upload_at_or_before' END,
           'original_filename', r.original_filename,
           'file_path', r.file_path,
           'file_size_bytes', r.file_size_bytes,
           'mime_type', r.mime_type,
           'updated_at', r.updated_at)
FROM legacy_v1_0.analysis_requests r
JOIN request_link l ON l.request_id = r.id;

-- phase: review_results
-- Scores exactly as they were (NULL stays NULL); keyword_optimization_score -> ats_score.
INSERT INTO public.review_results (id, review_request_id, overall_score, ats_score,
    content_score, formatting_score, executive_summary, detailed_scores, ai_model_used,
    processing_time_ms, created_at)
SELECT id, request_id, overall_score, keyword_optimization_score, content_score,
       formatting_score, NULL,
       jsonb_build_object('strengths', to_jsonb(strengths),
                          'weaknesses', to_jsonb(weaknesses),
                          'recommendations', to_jsonb(recommendations),
                          'detailed_feedback', detailed_feedback),
       ai_model_used, processing_time_ms, created_at
FROM legacy_v1_0.analysis_results;

-- phase: feedback_items
-- One item per strength, weakness and recommendation that exists; nothing from scores.
INSERT INTO public.review_feedback_items (review_result_id, resume_section_id, feedback_type,
    feedback_text, metadata, created_at)
SELECT a.id, s.id, f.feedback_type, f.item,
       jsonb_build_object('source', f.source, 'position', f.position), a.created_at
FROM legacy_v1_0.analysis_results a
JOIN public.review_requests rq ON rq.id = a.request_id
LEFT JOIN public.resume_sections s ON s.id = rq.resume_id
CROSS JOIN LATERAL (
    SELECT 'strength', 'strengths', t.item, t.position
    FROM unnest(a.strengths) WITH ORDINALITY AS t(item, position)
    UNION ALL
    SELECT 'weakness', 'weaknesses', t.item, t.position
    FROM unnest(a.weaknesses) WITH ORDINALITY AS t(item, position)
    UNION ALL
    SELECT 'suggestion', 'recommendations', t.item, t.position
    FROM unnest(a.recommendations) WITH ORDINALITY AS t(item, position)
) AS f(feedback_type, source, item, position)
WHERE f.item IS NOT NULL;

-- phase: prompt_usage
INSERT INTO public.prompt_usage_history (id, prompt_id, agent_name, review_request_id,
    prompt_version, actual_prompt, variables_used, used_at)
SELECT id, prompt_id, 'base_agent', request_id, prompt_version, prompt_content,
       jsonb_build_object('prompt_version', prompt_version), created_at
FROM legacy_v1_0.prompt_history;
