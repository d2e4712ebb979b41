// name: brand-reach
// description: Brands and where they reach: one row per brand and county, with its industry and how many providers promote it.
// params: none
MATCH (b:Brand)-[:BRAND_OF]->(c:County)-[:PART_OF]->(pf:Prefecture)
OPTIONAL MATCH (b)-[:IN_INDUSTRY]->(i:Industry)
WITH b, c, pf, coalesce(i.name_zh, '') AS industry
OPTIONAL MATCH (p:Provider)-[:PROMOTES]->(b)
RETURN b.id AS brand_id, b.name_zh AS brand, coalesce(b.level, '') AS level, industry,
       c.id AS county_id, c.name_zh AS county, pf.name_zh AS prefecture,
       count(DISTINCT p.id) AS promoters
ORDER BY brand_id, brand, level, industry, county_id, county, prefecture, promoters
