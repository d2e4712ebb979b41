// name: industries-without-capable-partner
// description: A county's industries that none of its paired providers has a capability in.
// params: none
MATCH (c:County)-[hi:HAS_INDUSTRY]->(i:Industry)
WHERE NOT EXISTS {
  MATCH (c)<-[:PAIRED_WITH]-(:Provider)-[:CAPABLE_IN]->(i)
}
RETURN c.id AS county_id, c.name_zh AS county, i.id AS industry_id, i.name_zh AS industry,
       hi.role AS role
ORDER BY county_id, county, industry_id, industry, role
