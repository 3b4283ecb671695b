-- v1.1 foreign keys, indexes and triggers, added after the bulk copy (one validation scan
-- per key instead of one trigger call per row).

ALTER TABLE public.refresh_tokens ADD CONSTRAINT refresh_tokens_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;
ALTER TABLE public.prompts ADD CONSTRAINT prompts_created_by_fkey
    FOREIGN KEY (created_by) REFERENCES public.users(id);
ALTER TABLE public.candidates ADD CONSTRAINT candidates_created_by_user_id_fkey
    FOREIGN KEY (created_by_user_id) REFERENCES public.users(id);
ALTER TABLE public.user_candidate_assignments
    ADD CONSTRAINT user_candidate_assignments_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE,
    ADD CONSTRAINT user_candidate_assignments_candidate_id_fkey
        FOREIGN KEY (candidate_id) REFERENCES public.candidates(id) ON DELETE CASCADE,
    ADD CONSTRAINT user_candidate_assignments_assigned_by_user_id_fkey
        FOREIGN KEY (assigned_by_user_id) REFERENCES public.users(id);
ALTER TABLE public.resumes
    ADD CONSTRAINT resumes_candidate_id_fkey
        FOREIGN KEY (candidate_id) REFERENCES public.candidates(id) ON DELETE CASCADE,
    ADD CONSTRAINT resumes_uploaded_by_user_id_fkey
        FOREIGN KEY (uploaded_by_user_id) REFERENCES public.users(id);
ALTER TABLE public.resume_sections ADD CONSTRAINT resume_sections_resume_id_fkey
    FOREIGN KEY (resume_id) REFERENCES public.resumes(id) ON DELETE CASCADE;
ALTER TABLE public.review_requests
    ADD CONSTRAINT review_requests_resume_id_fkey
        FOREIGN KEY (resume_id) REFERENCES public.resumes(id) ON DELETE CASCADE,
    ADD CONSTRAINT review_requests_requested_by_user_id_fkey
        FOREIGN KEY (requested_by_user_id) REFERENCES public.users(id);
ALTER TABLE public.review_results ADD CONSTRAINT review_results_review_request_id_fkey
    FOREIGN KEY (review_request_id) REFERENCES public.review_requests(id) ON DELETE CASCADE;
ALTER TABLE public.review_feedback_items
    ADD CONSTRAINT review_feedback_items_review_result_id_fkey
        FOREIGN KEY (review_result_id) REFERENCES public.review_results(id) ON DELETE CASCADE,
    ADD CONSTRAINT review_feedback_items_resume_section_id_fkey
        FOREIGN KEY (resume_section_id) REFERENCES public.resume_sections(id) ON DELETE SET NULL;
ALTER TABLE public.prompt_usage_history
    ADD CONSTRAINT prompt_usage_history_prompt_id_fkey
        FOREIGN KEY (prompt_id) REFERENCES public.prompts(id) ON DELETE CASCADE,
    ADD CONSTRAINT prompt_usage_history_review_request_id_fkey
        FOREIGN KEY (review_request_id) REFERENCES public.review_requests(id) ON DELETE SET NULL;
ALTER TABLE public.activity_logs ADD CONSTRAINT activity_logs_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES public.users(id);

-- v1.0 indexes of the tables that keep their shape
CREATE INDEX idx_users_email ON public.users USING btree (email);
CREATE INDEX idx_users_failed_attempts ON public.users USING btree (failed_login_attempts);
CREATE INDEX idx_users_locked_until ON public.users USING btree (locked_until);
CREATE INDEX idx_users_role_active ON public.users (role) WHERE is_active = true;
CREATE INDEX idx_prompts_name ON public.prompts USING btree (name);
CREATE INDEX idx_prompts_type_active ON public.prompts USING btree (prompt_type, is_active);
CREATE INDEX idx_prompts_agent_type ON public.prompts (agent_type, is_active);
CREATE INDEX idx_refresh_tokens_expires_at ON public.refresh_tokens USING btree (expires_at);
CREATE INDEX idx_refresh_tokens_session_id ON public.refresh_tokens USING btree (session_id);
CREATE INDEX idx_refresh_tokens_status ON public.refresh_tokens USING btree (status);
CREATE INDEX idx_refresh_tokens_user_id ON public.refresh_tokens USING btree (user_id);
CREATE INDEX idx_refresh_tokens_user_session ON public.refresh_tokens USING btree (user_id, session_id);
CREATE INDEX idx_refresh_tokens_user_status ON public.refresh_tokens USING btree (user_id, status);

CREATE INDEX idx_candidates_created_by ON public.candidates (created_by_user_id);
CREATE INDEX idx_candidates_status ON public.candidates (status);
CREATE INDEX idx_candidates_created_at ON public.candidates (created_at);
CREATE INDEX idx_candidates_name_search ON public.candidates
    USING gin (to_tsvector('simple', first_name || ' ' || last_name));
CREATE INDEX idx_candidates_company_position ON public.candidates (current_company, current_position);

-- the plan's UNIQUE (user_id, candidate_id, is_active) allowed one inactive row per pair only
CREATE UNIQUE INDEX uq_assignments_active ON public.user_candidate_assignments (user_id, candidate_id)
    WHERE is_active;
CREATE INDEX idx_assignments_user_active ON public.user_candidate_assignments (user_id) WHERE is_active;
CREATE INDEX idx_assignments_candidate_active ON public.user_candidate_assignments (candidate_id)
    WHERE is_active;
CREATE INDEX idx_assignments_user_candidate ON public.user_candidate_assignments (user_id, candidate_id);
CREATE INDEX idx_assignments_assigned_at ON public.user_candidate_assignments (assigned_at);

CREATE INDEX idx_resumes_candidate_version ON public.resumes (candidate_id, version_number DESC);
CREATE INDEX idx_resumes_uploaded_by ON public.resumes (uploaded_by_user_id);
CREATE INDEX idx_resumes_status ON public.resumes (status);
CREATE INDEX idx_resumes_file_hash ON public.resumes (file_hash);
CREATE INDEX idx_resumes_uploaded_at ON public.resumes (uploaded_at);

CREATE INDEX idx_sections_resume_order ON public.resume_sections (resume_id, sequence_order);
CREATE INDEX idx_sections_type ON public.resume_sections (section_type);

CREATE INDEX idx_review_requests_resume ON public.review_requests (resume_id);
CREATE INDEX idx_review_requests_user ON public.review_requests (requested_by_user_id);
CREATE INDEX idx_review_requests_status_date ON public.review_requests (status, requested_at);
CREATE INDEX idx_review_requests_requested_at ON public.review_requests (requested_at);

CREATE INDEX idx_review_results_request ON public.review_results (review_request_id);
CREATE INDEX idx_review_results_scores ON public.review_results (overall_score, ats_score, content_score);
CREATE INDEX idx_review_results_created_at ON public.review_results (created_at);

CREATE INDEX idx_feedback_result ON public.review_feedback_items (review_result_id);
CREATE INDEX idx_feedback_section ON public.review_feedback_items (resume_section_id);
CREATE INDEX idx_feedback_type_severity ON public.review_feedback_items (feedback_type, severity_level);

CREATE INDEX idx_prompt_usage_prompt ON public.prompt_usage_history (prompt_id);
CREATE INDEX idx_prompt_usage_agent ON public.prompt_usage_history (agent_name);
CREATE INDEX idx_prompt_usage_request ON public.prompt_usage_history (review_request_id);
CREATE INDEX idx_prompt_usage_date ON public.prompt_usage_history (used_at);

CREATE INDEX idx_activity_logs_user ON public.activity_logs (user_id);
CREATE INDEX idx_activity_logs_entity ON public.activity_logs (entity_type, entity_id);
CREATE INDEX idx_activity_logs_action ON public.activity_logs (action);
CREATE INDEX idx_activity_logs_created_at ON public.activity_logs (created_at);

-- Triggers: created after the copy so that copying changes nothing (limit_user_sessions
-- would revoke tokens on INSERT; the updated_at triggers fire on UPDATE only).
CREATE TRIGGER trigger_limit_user_sessions BEFORE INSERT ON public.refresh_tokens
    FOR EACH ROW EXECUTE FUNCTION public.limit_user_sessions();
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON public.users
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_prompts_updated_at BEFORE UPDATE ON public.prompts
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER trigger_update_candidates_timestamp BEFORE UPDATE ON public.candidates
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
