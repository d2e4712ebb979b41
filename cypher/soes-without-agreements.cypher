// name: soes-without-agreements
// description: SOE pairings (provincial and central SOEs) with no signed assistance agreement for that county.
// params: none
MATCH (s:Provider)-[:PAIRED_WITH]->(c:County)
WHERE s.force IN ['provincial_soe', 'central_soe']
  AND NOT EXISTS { MATCH (s)-[:SIGNED]->(:Agreement)-[:COVERS]->(c) }
RETURN s.force AS force, s.id AS provider_id, s.name_zh AS provider, c.id AS county_id,
       c.name_zh AS county
ORDER BY force, provider_id, provider, county_id, county
