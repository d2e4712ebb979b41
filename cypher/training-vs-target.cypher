// name: training-vs-target
// description: People trained per county per year against a target (default 500), shortfall first.
// params: target (int, default 500) — trainees per county per year
MATCH (:Provider)-[t:TRAINED]->(c:County)
WITH c, t.year AS year, sum(t.trainees) AS trainees
RETURN c.id AS county_id, c.name_zh AS county, year, trainees, trainees >= $target AS met,
       trainees - $target AS gap
ORDER BY gap, county_id, county, year, trainees, met
