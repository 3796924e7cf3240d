-- Queue pages in index order (issue #7): with ten million dossiers a commune's "to return" queue holds 20,000
-- of them, and sorting them all to show the first page cost 5–20 ms. The queue's order is the step's due date,
-- then the dossier's, each with its blanks last (storage/dossier_repo.cpp list_queue). These indexes hold that
-- order after the equality columns, so a one-agency, one-status (or one-state) page reads only its own entries.
-- The "IS NULL" columns stand for NULLS LAST, which an ascending index cannot give on SQLite.
CREATE INDEX dossiers_status_order ON dossiers(current_agency_id, status, (step_due_at_ms IS NULL), step_due_at_ms,
                                               (due_at_ms IS NULL), due_at_ms, id);
DROP INDEX dossiers_queue;
CREATE INDEX dossiers_queue ON dossiers(current_agency_id, state, (step_due_at_ms IS NULL), step_due_at_ms,
                                        (due_at_ms IS NULL), due_at_ms, assignee_user_id, id);
