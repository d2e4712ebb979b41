// name: workshops-and-jobs
// description: Assistance workshops (帮扶车间) and the jobs they provide, per county (counties without any included).
// params: none
MATCH (c:County)-[:PART_OF]->(pf:Prefecture)
OPTIONAL MATCH (w:Workshop)-[:LOCATED_IN]->(c)
RETURN c.id AS county_id, c.name_zh AS county, pf.name_zh AS prefecture,
       count(w) AS workshops, coalesce(sum(w.jobs), 0) AS jobs
ORDER BY county_id, county, prefecture, workshops, jobs
