// name: key-projects-by-department
// description: Key-support projects (重点帮扶项目) funded by each provincial department, per year.
// params: none
MATCH (d:Provider)-[f:FUNDS]->(pj:Project)
WHERE d.force = 'provincial_department' AND pj.key_support = true
RETURN d.id AS provider_id, d.name_zh AS department, f.year AS year,
       count(DISTINCT pj.id) AS key_projects, round(coalesce(sum(f.amount_cny), 0.0), 2) AS amount_cny
ORDER BY provider_id, department, year, key_projects, amount_cny
