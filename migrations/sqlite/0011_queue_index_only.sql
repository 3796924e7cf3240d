-- dossiers_status_due (status, due_at) let the planner answer "due soon" and "overdue" pages by walking every
-- dossier of those statuses in the province and reading each row for its agency (0.3 s at 1M dossiers), instead
-- of dossiers_agency_status, which holds the agency too. Every query that filtered on status and due date is
-- scoped by agency (storage/dossier_repo.cpp list_queue), so the index is dropped, not kept as a trap.
DROP INDEX dossiers_status_due;
