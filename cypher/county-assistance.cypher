// name: county-assistance
// description: A county's full assistance picture: every provider active there, its force, pairing, funds, trainees, workshops, agreements and open tasks.
// params: county (str) — county id, e.g. 513431
MATCH (c:County {id: $county})
MATCH (pr:Provider)
WHERE EXISTS { MATCH (pr)-[:PAIRED_WITH|TRAINED|EXCHANGED_CADRES]->(c) }
   OR EXISTS { MATCH (pr)-[:FUNDS]->(:Project)-[:LOCATED_IN]->(c) }
   OR EXISTS { MATCH (pr)-[:RUNS]->(:Workshop)-[:LOCATED_IN]->(c) }
   OR EXISTS { MATCH (pr)-[:SIGNED]->(:Agreement)-[:COVERS]->(c) }
   OR EXISTS { MATCH (pr)-[:RESPONSIBLE_FOR]->(:Task)-[:LOCATED_IN]->(c) }
OPTIONAL MATCH (pr)-[pw:PAIRED_WITH]->(c)
WITH c, pr, coalesce(pw.role, '') AS pairing, coalesce(pw.since, 0) AS since
OPTIONAL MATCH (pr)-[f:FUNDS]->(:Project)-[:LOCATED_IN]->(c)
WITH c, pr, pairing, since, round(coalesce(sum(f.amount_cny), 0.0), 2) AS funds_cny
OPTIONAL MATCH (pr)-[t:TRAINED]->(c)
WITH c, pr, pairing, since, funds_cny, coalesce(sum(t.trainees), 0) AS trainees
OPTIONAL MATCH (pr)-[:RUNS]->(w:Workshop)-[:LOCATED_IN]->(c)
WITH c, pr, pairing, since, funds_cny, trainees, count(w) AS workshops,
     coalesce(sum(w.jobs), 0) AS jobs
OPTIONAL MATCH (pr)-[:SIGNED]->(a:Agreement)-[:COVERS]->(c)
WITH c, pr, pairing, since, funds_cny, trainees, workshops, jobs, count(a) AS agreements
OPTIONAL MATCH (pr)-[:RESPONSIBLE_FOR]->(tk:Task)-[:LOCATED_IN]->(c)
WHERE tk.status = 'open'
WITH pr, pairing, since, funds_cny, trainees, workshops, jobs, agreements,
     count(tk) AS open_tasks
RETURN pr.force AS force, pr.id AS provider_id, pr.name_zh AS provider, pairing, since,
       funds_cny, trainees, workshops, jobs, agreements, open_tasks
ORDER BY force, provider_id, provider, pairing, since, funds_cny, trainees, workshops, jobs,
         agreements, open_tasks
