// name: counties-by-forces
// description: Counties by how many of the five forces are paired with them (fewest first), with the number of providers.
// params: none
MATCH (c:County)-[:PART_OF]->(pf:Prefecture)
OPTIONAL MATCH (c)<-[:PAIRED_WITH]-(pr:Provider)
RETURN c.id AS county_id, c.name_zh AS county, pf.name_zh AS prefecture,
       count(DISTINCT pr.force) AS forces, count(DISTINCT pr.id) AS providers
ORDER BY forces, providers, county_id, county, prefecture
