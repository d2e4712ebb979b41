// name: investment-funds
// description: Industrial investment funds: leading county, size, money contributed and by how many providers, industries invested in.
// params: none
MATCH (f:InvestmentFund)-[:LED_BY]->(c:County)
OPTIONAL MATCH (p:Provider)-[k:CONTRIBUTES]->(f)
WITH f, c, count(DISTINCT p.id) AS contributors, round(coalesce(sum(k.amount_cny), 0.0), 2) AS contributed_cny
OPTIONAL MATCH (f)-[:INVESTS_IN]->(i:Industry)
RETURN f.id AS fund_id, f.name_zh AS fund, c.id AS county_id, c.name_zh AS county,
       coalesce(f.size_cny, 0.0) AS size_cny, contributors, contributed_cny,
       count(DISTINCT i.id) AS industries
ORDER BY fund_id, fund, county_id, county, size_cny, contributors, contributed_cny, industries
