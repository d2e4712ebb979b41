// name: overdue-tasks
// description: Open tasks past their due date, by responsible provider.
// params: as_of (date) — the day to compare due dates with, YYYY-MM-DD
MATCH (pr:Provider)-[:RESPONSIBLE_FOR]->(t:Task)-[:LOCATED_IN]->(c:County)
WHERE t.status = 'open' AND t.due < $as_of
RETURN pr.id AS provider_id, pr.name_zh AS provider, pr.force AS force, t.due AS due,
       t.id AS task_id, t.title AS task, c.id AS county_id, c.name_zh AS county
ORDER BY provider_id, provider, force, due, task_id, task, county_id, county
