-- Candidate-centric schema v1.1: tables with their keys and CHECKs only.
-- Foreign keys, secondary indexes and triggers come after the bulk copy (v1_1_constraints.sql).
-- Ids of migrated rows reuse the legacy ids wherever a row has exactly one legacy source.

CREATE TABLE public.migration_progress (
    phase varchar(50) PRIMARY KEY,
    status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'in_progress', 'completed', 'failed')),
    started_at timestamptz,
    completed_at timestamptz,
    duration_ms numeric(12, 1),
    rows_affected bigint,
    error_message text,
    rollback_completed boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE public.migration_progress IS
    'One row per phase of the v1.0 -> v1.1 data migration, with timings and row counts';

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(255) NOT NULL,
    password_hash character varying(255) NOT NULL,
    first_name character varying(100) NOT NULL,
    last_name character varying(100) NOT NULL,
    role character varying(50) DEFAULT 'junior_recruiter'::character varying NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    email_verified boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    last_login_at timestamp with time zone,
    password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    failed_login_attempts integer DEFAULT 0,
    locked_until timestamp with time zone,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_role_check
        CHECK (role IN ('junior_recruiter', 'senior_recruiter', 'admin'))
);

CREATE TABLE public.refresh_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash character varying(255) NOT NULL,
    session_id character varying(255) NOT NULL,
    status character varying(50) DEFAULT 'active'::character varying NOT NULL,
    device_info text,
    ip_address character varying(45),
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    last_used_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT chk_refresh_tokens_status CHECK (status IN ('active', 'expired', 'revoked'))
);

CREATE TABLE public.schema_migrations (
    version character varying(255) NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE public.prompts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(100) NOT NULL,
    description text,
    template text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    prompt_type character varying(50) NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    agent_type character varying(50),
    variables jsonb DEFAULT '{}'::jsonb,
    CONSTRAINT prompts_pkey PRIMARY KEY (id),
    CONSTRAINT prompts_name_key UNIQUE (name),
    CONSTRAINT prompts_prompt_type_check
        CHECK (prompt_type IN ('system', 'analysis', 'formatting', 'content')),
    CONSTRAINT prompts_agent_type_check
        CHECK (agent_type IN ('base_agent', 'structure_agent', 'appeal_agent'))
);

CREATE TABLE public.candidates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    first_name varchar(100) NOT NULL,
    last_name varchar(100) NOT NULL,
    email varchar(255) UNIQUE,
    phone varchar(50),
    current_company varchar(255),
    current_position varchar(255),
    years_experience integer,
    status varchar(20) NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'placed', 'archived')),
    created_by_user_id uuid,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON COLUMN public.candidates.metadata IS
    'Provenance; migrated candidates carry name_source=file_name until parsing finds the real name';

CREATE TABLE public.user_candidate_assignments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    candidate_id uuid NOT NULL,
    assignment_type varchar(20) NOT NULL DEFAULT 'primary'
        CHECK (assignment_type IN ('primary', 'secondary', 'viewer')),
    assigned_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    unassigned_at timestamptz,
    assigned_by_user_id uuid,
    unassigned_reason text,
    is_active boolean NOT NULL DEFAULT true,
    CONSTRAINT assignment_inactive_has_end
        CHECK (is_active OR unassigned_at IS NOT NULL)
);

CREATE TABLE public.resumes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    candidate_id uuid NOT NULL,
    uploaded_by_user_id uuid NOT NULL,
    original_filename varchar(255) NOT NULL,
    stored_filename varchar(500) NOT NULL,
    file_hash varchar(64),
    file_size integer NOT NULL,
    mime_type varchar(100) NOT NULL,
    version_number integer NOT NULL DEFAULT 1 CHECK (version_number >= 1),
    status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processing', 'completed', 'error', 'unavailable')),
    progress integer DEFAULT 0 CHECK (progress >= 0 AND progress <= 100),
    extracted_text text,
    word_count integer,
    uploaded_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    processed_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- 'unavailable': built from a v1.0 analysis request whose upload row was deleted; the
    -- file's content and hash are not known, its size is whatever the request recorded.
    CONSTRAINT resumes_file_known CHECK (
        status = 'unavailable' OR (file_hash IS NOT NULL AND file_size > 0))
);
COMMENT ON COLUMN public.resumes.metadata IS
    'v1.0 upload fields with no v1.1 column (error_message, detected_sections, target fields...)';

CREATE TABLE public.resume_sections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resume_id uuid NOT NULL,
    section_type varchar(50) NOT NULL CHECK (section_type IN (
        'contact', 'summary', 'experience', 'education', 'skills',
        'certifications', 'projects', 'achievements', 'other', 'full_content')),
    section_title varchar(255),
    content text NOT NULL,
    start_page integer DEFAULT 1,
    end_page integer DEFAULT 1,
    start_position integer DEFAULT 0,
    end_position integer,
    sequence_order integer NOT NULL,
    confidence_score integer CHECK (confidence_score >= 0 AND confidence_score <= 100),
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    extracted_at timestamptz DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE public.review_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    resume_id uuid NOT NULL,
    requested_by_user_id uuid NOT NULL,
    target_role varchar(255),
    target_industry varchar(255),
    experience_level varchar(50)
        CHECK (experience_level IN ('entry', 'mid', 'senior', 'executive')),
    review_type varchar(20) NOT NULL DEFAULT 'comprehensive'
        CHECK (review_type IN ('comprehensive', 'quick_scan', 'ats_check')),
    status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    requested_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at timestamptz,
    processing_notes text,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON COLUMN public.review_requests.metadata IS
    'v1.0 request fields with no v1.1 column (its own file name, path, size, mime type, updated_at)';

CREATE TABLE public.review_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    review_request_id uuid NOT NULL,
    overall_score integer CHECK (overall_score >= 0 AND overall_score <= 100),
    ats_score integer CHECK (ats_score >= 0 AND ats_score <= 100),
    content_score integer CHECK (content_score >= 0 AND content_score <= 100),
    formatting_score integer CHECK (formatting_score >= 0 AND formatting_score <= 100),
    executive_summary text,
    detailed_scores jsonb,
    ai_model_used varchar(100) NOT NULL,
    processing_time_ms integer,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE public.review_feedback_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    review_result_id uuid NOT NULL,
    resume_section_id uuid,
    feedback_type varchar(20) NOT NULL
        CHECK (feedback_type IN ('strength', 'weakness', 'suggestion', 'error', 'improvement')),
    category varchar(20)
        CHECK (category IN ('content', 'formatting', 'keywords', 'grammar', 'structure', 'ats')),
    feedback_text text NOT NULL,
    severity_level integer CHECK (severity_level >= 1 AND severity_level <= 5),
    original_text text,
    suggested_text text,
    confidence_score integer CHECK (confidence_score >= 0 AND confidence_score <= 100),
    position_start integer,
    position_end integer,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT review_feedback_items_positions
        CHECK (position_start IS NULL OR position_end IS NULL OR position_start <= position_end)
);

CREATE TABLE public.prompt_usage_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_id uuid NOT NULL,
    agent_name varchar(50) NOT NULL
        CHECK (agent_name IN ('base_agent', 'structure_agent', 'appeal_agent')),
    review_request_id uuid,
    prompt_version integer,
    actual_prompt text NOT NULL,
    variables_used jsonb NOT NULL DEFAULT '{}'::jsonb,
    agent_response jsonb,
    tokens_used integer,
    processing_time_ms integer,
    used_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE public.activity_logs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid,
    entity_type varchar(50) NOT NULL
        CHECK (entity_type IN ('candidate', 'resume', 'review', 'assignment')),
    entity_id uuid NOT NULL,
    action varchar(20) NOT NULL
        CHECK (action IN ('create', 'update', 'delete', 'view', 'download', 'assign', 'unassign')),
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
