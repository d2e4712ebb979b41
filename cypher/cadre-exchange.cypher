// name: cadre-exchange
// description: Cadres and talent exchanged per county, year and direction (to the county or from it).
// params: none
MATCH (:Provider)-[x:EXCHANGED_CADRES]->(c:County)
RETURN c.id AS county_id, c.name_zh AS county, x.year AS year, x.direction AS direction,
       sum(x.count) AS people, count(x) AS exchanges
ORDER BY county_id, county, year, direction, people, exchanges
