// name: providers-spread-thinnest
// description: Providers paired with several counties but with the least money per county (thinnest spread first).
// params: none
MATCH (pr:Provider)-[:PAIRED_WITH]->(c:County)
WITH pr, count(DISTINCT c.id) AS counties
OPTIONAL MATCH (pr)-[f:FUNDS]->(:Project)
WITH pr, counties, coalesce(sum(f.amount_cny), 0.0) AS funds
RETURN pr.id AS provider_id, pr.name_zh AS provider, pr.force AS force, counties,
       round(funds, 2) AS funds_cny, round(funds / counties, 2) AS per_county_cny
ORDER BY per_county_cny, counties DESC, provider_id, provider, force, funds_cny
