-- "Mine" (issue #7): the dossiers assigned to the officer, in the officer's scope and open statuses. With only the
-- assignee in this index the planner preferred dossiers_agency_status and walked every open dossier of the agency
-- to find the few assigned to one person (3.6 ms for an empty queue at 10M dossiers). With the agency and the
-- status after the assignee, the queue is a seek into the officer's own entries; lookups by assignee alone (the
-- round-robin's load count) still use its first column.
DROP INDEX dossiers_assignee;
CREATE INDEX dossiers_assignee ON dossiers(assignee_user_id, current_agency_id, status);
