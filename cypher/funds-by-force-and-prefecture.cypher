// name: funds-by-force-and-prefecture
// description: Money given to projects, per force and prefecture: number of grants and total yuan.
// params: none
MATCH (pr:Provider)-[f:FUNDS]->(:Project)-[:LOCATED_IN]->(:County)-[:PART_OF]->(pf:Prefecture)
RETURN pr.force AS force, pf.id AS prefecture_id, pf.name_zh AS prefecture,
       count(f) AS grants, round(coalesce(sum(f.amount_cny), 0.0), 2) AS amount_cny
ORDER BY force, prefecture_id, prefecture, grants, amount_cny
