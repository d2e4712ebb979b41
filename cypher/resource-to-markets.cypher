// name: resource-to-markets
// description: From a county's resources along the industry chain: downstream industries up to 3 SUPPLIES hops away.
// params: county (str) — county id, e.g. 513431
MATCH (:County {id: $county})<-[:LOCATED_IN]-(r:Resource)-[:IN_INDUSTRY]->(i:Industry)
MATCH path = (i)-[:SUPPLIES*1..3]->(d:Industry)
RETURN r.name_zh AS resource, i.id AS industry_id, i.name_zh AS industry,
       d.id AS downstream_id, d.name_zh AS downstream, coalesce(d.sector, '') AS sector,
       min(length(path)) AS hops
ORDER BY resource, industry_id, industry, hops, downstream_id, downstream, sector
