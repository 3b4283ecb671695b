-- Deterministic v1.0 data: every value is a hash of (seed, kind, row number), so the same
-- seed and scale give the same rows in any order of execution. __SEED__ and __SCALE__ are
-- replaced by integers before this runs on a database at revision v1_0.

CREATE FUNCTION pg_temp.rnd(key text) RETURNS bigint LANGUAGE sql IMMUTABLE
    RETURN ('x' || substr(md5(key), 1, 12))::bit(48)::bigint;

CREATE TEMP TABLE gen_param AS
SELECT __SEED__::bigint AS seed, __SCALE__::int AS scale,
       greatest(20, __SCALE__ / 40) AS users,
       greatest(20, __SCALE__ / 40) - greatest(3, __SCALE__ / 400) AS uploaders,
       greatest(12, __SCALE__ / 400) AS admins,
       timestamptz '2025-03-01 00:00:00+00' AS epoch;

-- users: many admins (the first twelve with the same created_at), uploaders, and users
-- without any upload (the last ones).
INSERT INTO users (id, email, password_hash, first_name, last_name, role, is_active,
    email_verified, created_at, updated_at, last_login_at, password_changed_at,
    failed_login_attempts, locked_until)
SELECT md5(p.seed || ':user:' || k)::uuid,
       'user' || k || '@example.com',
       '$2b$12$' || md5(p.seed || ':pw:' || k),
       (ARRAY['Hanako', '太郎', 'Zoë', 'Jürgen', 'Amélie', 'Li'])[1 + mod(k, 6)],
       (ARRAY['Yamada', '山田', 'Müller', 'O''Brien', 'Ngô', 'Smith'])[1 + mod(k / 6, 6)],
       CASE WHEN k <= p.admins THEN 'admin' ELSE 'consultant' END,
       mod(k, 17) <> 0, mod(k, 5) <> 0,
       CASE WHEN k <= 12 THEN p.epoch - interval '30 days'
            ELSE p.epoch - interval '30 days' + k * interval '1 minute' END,
       p.epoch + mod(pg_temp.rnd(p.seed || ':uupd:' || k), 100000) * interval '1 minute',
       CASE WHEN mod(k, 4) = 0 THEN NULL ELSE p.epoch + k * interval '1 hour' END,
       p.epoch - interval '30 days',
       mod(k, 3), CASE WHEN mod(k, 29) = 0 THEN p.epoch + interval '1 year' END
FROM gen_param p, generate_series(1, p.users) AS k;

INSERT INTO prompts (id, name, description, template, version, is_active, prompt_type,
    created_by, created_at, updated_at)
SELECT md5(p.seed || ':prompt:' || n)::uuid, name, description, template, n, true, kind,
       CASE WHEN n = 2 THEN md5(p.seed || ':user:1')::uuid END,
       p.epoch - interval '40 days', p.epoch - interval '40 days' + n * interval '1 day'
FROM gen_param p, (VALUES
    (1, 'resume_analysis_system', 'Main system prompt', 'You are an expert resume reviewer.', 'system'),
    (2, 'content_analysis', 'Content quality', 'Analyze the content of this resume.', 'content'),
    (3, 'formatting_analysis', 'Formatting', 'Evaluate the visual presentation.', 'formatting')
) AS t(n, name, description, template, kind);

INSERT INTO refresh_tokens (id, user_id, token_hash, session_id, status, device_info,
    ip_address, expires_at, created_at, last_used_at)
SELECT md5(p.seed || ':token:' || k)::uuid, md5(p.seed || ':user:' || k)::uuid,
       md5(p.seed || ':token-hash:' || k), 'session-' || k,
       (ARRAY['active', 'expired', 'revoked'])[1 + mod(k, 3)], 'Mozilla/5.0', '192.0.2.' || mod(k, 250),
       p.epoch + interval '7 days', p.epoch, p.epoch + interval '1 hour'
FROM gen_param p, generate_series(1, p.users) AS k
WHERE mod(k, 3) = 0;

INSERT INTO schema_migrations (version, applied_at) VALUES ('001_initial_schema', '2025-02-01 10:13:08+00');

-- Every upload that ever happened; those with deleted = true were removed by
-- cleanup_old_file_uploads() (their analysis requests remain).
CREATE TEMP TABLE gen_upload AS
WITH base AS (
    SELECT i, p.seed, p.epoch, 1 + mod(i, p.uploaders) AS k,
           CASE WHEN i > 3 * p.uploaders AND mod(pg_temp.rnd(p.seed || ':reup:' || i), 100) < 22
                     THEN i - p.uploaders * (1 + mod(pg_temp.rnd(p.seed || ':back:' || i), 3))
                WHEN i > 1 AND mod(pg_temp.rnd(p.seed || ':share:' || i), 100) < 3 THEN i - 1
                ELSE i END AS doc,
           mod(pg_temp.rnd(p.seed || ':status:' || i), 100) AS st
    FROM gen_param p, generate_series(1, p.scale) AS i
), named AS (
    SELECT b.*,
           CASE WHEN mod(pg_temp.rnd(b.seed || ':pool:' || b.doc), 4) = 0
                THEN (ARRAY['resume.pdf', '職務経歴書_匿名.pdf', '履歴書.docx', 'CV_Müller.pdf',
                            'Lebenslauf_Zoë.docx', 'cv.pdf', 'Resume - Final (2).pdf',
                            '印鑑証明_匿名_2025年8月21日.pdf'])
                     [1 + mod(pg_temp.rnd(b.seed || ':name:' || b.doc), 8)]
                ELSE 'resume_' || mod(pg_temp.rnd(b.seed || ':name:' || b.doc), 5000)
                     || CASE WHEN mod(b.doc, 5) = 0 THEN '.docx' ELSE '.pdf' END
           END AS original_filename,
           CASE WHEN mod(b.i, 50) = 0 THEN b.epoch + (b.i - 1) * interval '30 seconds'
                ELSE b.epoch + b.i * interval '30 seconds' END AS created_at
    FROM base b
)
SELECT md5(n.seed || ':upl:' || n.i)::uuid AS id, n.i, n.k,
       md5(n.seed || ':user:' || n.k)::uuid AS user_id,
       to_char(n.created_at, 'YYYY/MM/DD') || '/' || md5(n.seed || ':file:' || n.i)
           || CASE WHEN n.original_filename LIKE '%.docx' THEN '.docx' ELSE '.pdf' END AS filename,
       n.original_filename,
       CASE WHEN n.original_filename LIKE '%.docx'
            THEN 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            ELSE 'application/pdf' END AS mime_type,
       (10000 + mod(pg_temp.rnd(n.seed || ':size:' || n.doc), 2000000))::int AS file_size,
       encode(sha256(convert_to(n.seed || ':doc:' || n.doc, 'UTF8')), 'hex') AS file_hash,
       CASE WHEN n.st < 78 THEN 'completed' WHEN n.st < 84 THEN 'error'
            WHEN n.st < 89 THEN 'pending' WHEN n.st < 94 THEN 'validating'
            ELSE 'extracting' END AS status,
       n.st, n.seed, n.created_at,
       mod(pg_temp.rnd(n.seed || ':del:' || n.i), 100) < 6 AS deleted
FROM named n;

INSERT INTO file_uploads (id, user_id, filename, original_filename, mime_type, file_size,
    file_hash, status, progress, error_message, target_role, target_industry,
    experience_level, extracted_text, word_count, character_count, extraction_method,
    detected_sections, processing_time, validation_time, extraction_time, created_at,
    updated_at, completed_at)
SELECT g.id, g.user_id, g.filename, g.original_filename, g.mime_type, g.file_size,
       g.file_hash, g.status,
       CASE WHEN mod(g.i, 50) = 7 THEN NULL WHEN g.status = 'completed' THEN 100
            WHEN g.status = 'error' THEN 30 WHEN g.status = 'pending' THEN 0 ELSE 40 END,
       CASE WHEN g.status = 'error'
            THEN 'File failed security scan. Upload rejected for safety.' END,
       CASE mod(g.i, 4) WHEN 0 THEN NULL WHEN 1 THEN 'Backend Engineer'
            WHEN 2 THEN 'データサイエンティスト' ELSE 'Product Manager' END,
       CASE mod(g.i, 3) WHEN 0 THEN NULL WHEN 1 THEN 'Fintech' ELSE '製造業' END,
       (ARRAY['junior', 'mid', 'senior', NULL])[1 + mod(g.i, 4)],
       t.text, CASE WHEN t.text IS NOT NULL THEN char_length(t.text) / 6 END,
       char_length(t.text),
       CASE WHEN t.text IS NOT NULL THEN 'pdfplumber' END,
       CASE WHEN mod(g.i, 97) = 0 THEN 'null'::jsonb
            WHEN t.text IS NOT NULL THEN '{"sections": ["experience", "education", "skills"]}'::jsonb
       END,
       CASE WHEN g.status = 'completed' THEN 800 + mod(g.i, 900) END,
       CASE WHEN g.status <> 'pending' THEN 20 + mod(g.i, 40) END,
       CASE WHEN g.status = 'completed' THEN 500 + mod(g.i, 700) END,
       g.created_at, g.created_at + interval '5 seconds',
       CASE WHEN g.status = 'completed' THEN g.created_at + interval '10 seconds' END
FROM gen_upload g
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN g.status <> 'completed' OR mod(pg_temp.rnd(g.seed || ':notext:' || g.i), 10) = 0
            THEN NULL
        WHEN mod(g.i, 997) = 0
            THEN repeat('Very long resume line ' || g.i || ' — 職務経歴 and experience. ', 4000)
        ELSE 'Resume of candidate ' || g.i || E'.\n'
             || repeat('Led a team of ' || mod(g.i, 17) || ' engineers at 株式会社' || mod(g.i, 31)
                       || E'; shipped payments, search and data platforms.\n',
                       (3 + mod(pg_temp.rnd(g.seed || ':len:' || g.i), 30))::int)
    END AS text
) t
WHERE NOT g.deleted
ORDER BY g.i;

-- analysis requests: one per upload on average, carrying their own copy of the file fields;
-- some before their upload, some whose size does not match any upload, some whose upload
-- row was deleted.
CREATE TEMP TABLE gen_request AS
SELECT md5(p.seed || ':req:' || j)::uuid AS id, j, p.seed, u.user_id, u.original_filename,
       u.mime_type,
       CASE WHEN mod(pg_temp.rnd(p.seed || ':rsize:' || j), 100) < 2 THEN u.file_size + 1
            ELSE u.file_size END AS file_size,
       CASE WHEN mod(pg_temp.rnd(p.seed || ':early:' || j), 100) < 2
                THEN u.created_at - interval '1 day'
            WHEN mod(j, 200) = 0 THEN u.created_at
            ELSE u.created_at + (1 + mod(pg_temp.rnd(p.seed || ':delay:' || j), 3600))
                               * interval '1 second' END AS created_at,
       mod(pg_temp.rnd(p.seed || ':rstatus:' || j), 100) AS st
FROM gen_param p
CROSS JOIN generate_series(1, p.scale) AS j
JOIN gen_upload u ON u.i = 1 + mod(pg_temp.rnd(p.seed || ':pick:' || j), p.scale);

INSERT INTO analysis_requests (id, user_id, original_filename, file_path, file_size_bytes,
    mime_type, status, target_role, target_industry, experience_level, created_at,
    updated_at, completed_at)
SELECT r.id, r.user_id, r.original_filename,
       to_char(r.created_at, 'YYYY/MM/DD') || '/r' || r.j || '.bin', r.file_size, r.mime_type,
       CASE WHEN r.st < 70 THEN 'completed' WHEN r.st < 80 THEN 'pending'
            WHEN r.st < 90 THEN 'processing' ELSE 'failed' END,
       CASE mod(r.j, 5) WHEN 0 THEN NULL WHEN 1 THEN 'Strategic Partnerships Lead'
            WHEN 2 THEN '営業マネージャー' ELSE 'SRE' END,
       CASE mod(r.j, 4) WHEN 0 THEN NULL WHEN 1 THEN 'SaaS' ELSE 'ヘルスケア' END,
       (ARRAY['entry', 'mid', 'senior', 'executive', NULL])[1 + mod(r.j, 5)],
       r.created_at, r.created_at + interval '1 second',
       CASE WHEN r.st < 70 THEN r.created_at + interval '40 seconds' END
FROM gen_request r
ORDER BY r.j;

-- results: completed requests have one, some have two or three; scores may be NULL;
-- strengths/weaknesses/recommendations may be NULL, empty, or hold NULL elements.
INSERT INTO analysis_results (id, request_id, overall_score, strengths, weaknesses,
    recommendations, formatting_score, content_score, keyword_optimization_score,
    detailed_feedback, ai_model_used, processing_time_ms, created_at)
SELECT md5(r.seed || ':res:' || r.j || ':' || n)::uuid, r.id,
       CASE WHEN mod(pg_temp.rnd(r.seed || ':o:' || r.j || n), 10) = 0 THEN NULL
            ELSE mod(pg_temp.rnd(r.seed || ':os:' || r.j || n), 101)::int END,
       CASE mod(pg_temp.rnd(r.seed || ':s:' || r.j || n), 8) WHEN 0 THEN NULL WHEN 1 THEN '{}'
            WHEN 2 THEN ARRAY['Clear structure', NULL]
            ELSE ARRAY['Quantified impact', '具体的な成果が明確', 'Strong ' || r.j] END,
       CASE mod(pg_temp.rnd(r.seed || ':w:' || r.j || n), 6) WHEN 0 THEN NULL
            ELSE ARRAY['Missing summary', 'Dates inconsistent'] END,
       CASE mod(pg_temp.rnd(r.seed || ':c:' || r.j || n), 5) WHEN 0 THEN NULL
            ELSE ARRAY['Add metrics to each role'] END,
       CASE WHEN mod(pg_temp.rnd(r.seed || ':f:' || r.j || n), 9) = 0 THEN NULL
            ELSE mod(pg_temp.rnd(r.seed || ':fs:' || r.j || n), 101)::int END,
       CASE WHEN mod(pg_temp.rnd(r.seed || ':ct:' || r.j || n), 9) = 0 THEN NULL
            ELSE mod(pg_temp.rnd(r.seed || ':cs:' || r.j || n), 101)::int END,
       CASE WHEN mod(pg_temp.rnd(r.seed || ':k:' || r.j || n), 9) = 0 THEN NULL
            ELSE mod(pg_temp.rnd(r.seed || ':ks:' || r.j || n), 101)::int END,
       CASE WHEN mod(r.j, 3) = 0 THEN NULL
            ELSE jsonb_build_object('sections', jsonb_build_object('experience', mod(r.j, 10))) END,
       (ARRAY['gpt-4o', 'claude-3-5-sonnet', 'gpt-4o-mini'])[1 + mod(r.j, 3)],
       CASE WHEN mod(r.j, 11) = 0 THEN NULL ELSE 1000 + mod(r.j, 5000) END,
       r.created_at + n * interval '1 minute'
FROM gen_request r
CROSS JOIN LATERAL generate_series(
    1, CASE WHEN mod(pg_temp.rnd(r.seed || ':nres:' || r.j), 10) = 0
            THEN 2 + mod(r.j, 2)::int ELSE 1 END) AS n
WHERE r.st < 70;

INSERT INTO prompt_history (id, prompt_id, request_id, prompt_version, prompt_content,
    created_at)
SELECT md5(r.seed || ':ph:' || r.j)::uuid,
       md5(r.seed || ':prompt:' || (1 + mod(r.j, 3)))::uuid, r.id, 1 + mod(r.j / 3, 3),
       'You are an expert resume reviewer. Request ' || r.j, r.created_at + interval '2 seconds'
FROM gen_request r
WHERE mod(pg_temp.rnd(r.seed || ':ph:' || r.j), 2) = 0;

DROP TABLE gen_request;
DROP TABLE gen_upload;
DROP TABLE gen_param;
ANALYZE;
