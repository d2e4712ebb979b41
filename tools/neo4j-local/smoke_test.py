"""Smoke test of a server started by tools/neo4j-local/neo4j-local.

    eval "$(tools/neo4j-local/neo4j-local env)" && python3 tools/neo4j-local/smoke_test.py

Needs the Python driver (pip install 'neo4j>=5.28,<7'). Exits non-zero on the first
failed check; leaves the database as it found it (its nodes and constraint are removed).
"""

import os
import sys

import neo4j
from neo4j import GraphDatabase

URI = os.environ["NEO4J_URI"]
USER = os.environ.get("NEO4J_USERNAME", "neo4j")
PASSWORD = os.environ["NEO4J_PASSWORD"]
DB = os.environ.get("NEO4J_DATABASE", "neo4j")
LABEL = "NeoLocalSmoke"


CHECKS = 0


def check(cond, what):
    global CHECKS
    CHECKS += 1
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")


def main():
    with GraphDatabase.driver(URI, auth=(USER, PASSWORD)) as driver:
        driver.verify_connectivity()
        rec = driver.execute_query(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e",
            database_=DB,
        ).records[0]
        check(rec["e"] == "community", f"Neo4j {rec['v']} {rec['e']} answers on {URI}")

        with driver.session(database=DB) as s:
            summary = s.run(
                f"CREATE CONSTRAINT neo_local_smoke_id IF NOT EXISTS "
                f"FOR (n:{LABEL}) REQUIRE n.id IS UNIQUE"
            ).consume()
            check(summary.query_type == "s", "uniqueness constraint created (query_type 's')")

            def write(tx):
                return tx.run(
                    f"UNWIND range(1, 100) AS i CREATE (:{LABEL} {{id: i, name: 'n' + i}})"
                ).consume()

            summary = s.execute_write(write)
            check(summary.counters.nodes_created == 100, "100 nodes created in a write transaction")

            try:
                s.execute_write(lambda tx: tx.run(f"CREATE (:{LABEL} {{id: 1}})").consume())
                check(False, "duplicate id refused")
            except neo4j.exceptions.ConstraintError:
                check(True, "duplicate id refused with ConstraintError")

            tx = s.begin_transaction()
            tx.run(f"CREATE (:{LABEL} {{id: 1000}})").consume()
            tx.rollback()
            n = s.run(f"MATCH (n:{LABEL}) RETURN count(n) AS c").single()["c"]
            check(n == 100, "rolled-back transaction left no node")

            for query, expected in [
                (f"EXPLAIN MATCH (n:{LABEL}) RETURN count(n)", "r"),
                (f"EXPLAIN CREATE (:{LABEL} {{id: 2000}})", "w"),
                (f"EXPLAIN MATCH (n:{LABEL}) WITH n LIMIT 1 SET n.x = 1 RETURN n", "rw"),
            ]:
                summary = s.run(query).consume()
                check(
                    summary.query_type == expected and summary.plan is not None,
                    f"{query.split()[1]} ... EXPLAIN gives query_type "
                    f"{summary.query_type!r} and a plan",
                )
            n = s.run(
                f"MATCH (n:{LABEL}) WHERE n.id = 2000 OR 'x' IN keys(n) RETURN count(n) AS c"
            ).single()["c"]
            check(n == 0, "EXPLAIN wrote nothing")

            s.run(f"MATCH (n:{LABEL}) DETACH DELETE n").consume()
            s.run("DROP CONSTRAINT neo_local_smoke_id IF EXISTS").consume()

        try:
            driver.execute_query("RETURN 1", database_="no_such_db")
            check(False, "unknown database refused")
        except neo4j.exceptions.ClientError as e:
            check("DatabaseNotFound" in (e.code or ""), f"unknown database refused ({e.code})")

    try:
        with GraphDatabase.driver(URI, auth=(USER, PASSWORD + "-wrong")) as bad:
            bad.verify_connectivity()
        check(False, "wrong password refused")
    except neo4j.exceptions.AuthError as e:
        check(True, f"wrong password refused with AuthError ({e.code})")

    print(f"neo4j-local smoke test: all {CHECKS} checks ok")


if __name__ == "__main__":
    main()
