-- Indexes for ten million dossiers (issue #7, docs/PERFORMANCE.md).
--
-- Work queues filter by the agencies in the officer's scope and by status (to receive, to return, mine, due soon,
-- overdue) or by workflow state (to assign, to appraise, to approve), then sort by the step's and the dossier's
-- due dates. Each index below holds every column those filters and that sort read, so a queue page is picked from
-- the index alone and only its 20 rows are read from the table (storage/dossier_repo.cpp run_page). Without them
-- the planner scanned every dossier of one status in the province (0.2–0.4 s at 2M dossiers).
DROP INDEX dossiers_queue;
CREATE INDEX dossiers_queue ON dossiers(current_agency_id, state, step_due_at_ms, due_at_ms, assignee_user_id);
CREATE INDEX dossiers_agency_status ON dossiers(current_agency_id, status, due_at_ms, step_due_at_ms,
                                                clock_paused_at_ms, assignee_user_id);
-- The portal's public statistics (api/stats_routes.cpp): this month's receptions and completions, and the
-- procedures most used in twelve months, counted from these indexes without reading the rows.
CREATE INDEX dossiers_received_at ON dossiers(received_at_ms);
CREATE INDEX dossiers_completed_at ON dossiers(completed_at_ms, timeliness);
CREATE INDEX dossiers_submitted_procedure ON dossiers(submitted_at_ms, procedure_code);
