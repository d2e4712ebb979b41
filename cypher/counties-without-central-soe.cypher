// name: counties-without-central-soe
// description: Counties that no central SOE (在川央企) is paired with, with their prefecture.
// params: none
MATCH (c:County)-[:PART_OF]->(pf:Prefecture)
WHERE NOT EXISTS {
  MATCH (c)<-[:PAIRED_WITH]-(s:Provider)
  WHERE s.force = 'central_soe'
}
RETURN c.id AS county_id, c.name_zh AS county, coalesce(c.name_en, '') AS county_en,
       pf.name_zh AS prefecture
ORDER BY county_id, county, county_en, prefecture
