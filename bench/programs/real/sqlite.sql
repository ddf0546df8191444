-- Work for sqlite3: a recursive CTE that fills a table, an index, joins, sorting and aggregates.
CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
INSERT INTO t SELECT x, (x * 7919) % 10007, printf('row-%d-%x', x, x * 31) FROM c;
CREATE INDEX t_a ON t(a);
SELECT count(*), sum(a), max(length(b)) FROM t;
SELECT a, count(*) AS n FROM t GROUP BY a ORDER BY n DESC, a LIMIT 3;
SELECT count(*) FROM t AS p JOIN t AS q ON p.a = q.id WHERE q.a < 5000;
SELECT b FROM t ORDER BY b DESC LIMIT 2;
SELECT group_concat(id) FROM (SELECT id FROM t WHERE a BETWEEN 100 AND 102 ORDER BY id LIMIT 10);
