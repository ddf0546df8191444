# sqlite3 (the command-line shell): a schema and data from a script read with .read, queries from
# stdin and from the command line on the database file it wrote, output modes, a rolled-back
# transaction, errors and their exit status.
# packages: sqlite3
# reference: qemu
cat > schema.sql <<'SQL'
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born INTEGER);
CREATE TABLE book (id INTEGER PRIMARY KEY, author INTEGER REFERENCES author(id), title TEXT,
                   year INTEGER, pages INTEGER, price REAL);
INSERT INTO author (name, born) VALUES ('Le Guin', 1929), ('Lem', 1921), ('Calvino', 1923),
                                       ('Borges', 1899);
INSERT INTO book (author, title, year, pages, price) VALUES
  (1, 'The Dispossessed', 1974, 387, 9.99), (1, 'The Left Hand of Darkness', 1969, 304, 8.5),
  (2, 'Solaris', 1961, 204, 7.25), (2, 'The Cyberiad', 1965, 295, 11.0),
  (2, 'His Master''s Voice', 1968, 199, 6.75), (3, 'Invisible Cities', 1972, 165, 10.4),
  (4, 'Ficciones', 1944, 174, NULL);
CREATE INDEX book_year ON book(year);
CREATE VIEW per_author AS
  SELECT a.name, count(b.id) AS books, sum(b.pages) AS pages, round(avg(b.price), 2) AS avg_price
  FROM author a LEFT JOIN book b ON b.author = a.id GROUP BY a.id;
SQL
cat > queries.sql <<'SQL'
.headers on
.mode column
SELECT * FROM per_author ORDER BY books DESC, name;
.mode csv
SELECT b.title, a.name, b.year FROM book b JOIN author a ON a.id = b.author
  WHERE b.year BETWEEN 1960 AND 1970 ORDER BY b.year;
.mode list
.separator " | "
SELECT year / 10 * 10 AS decade, count(*), group_concat(title, '; ') FROM
  (SELECT * FROM book ORDER BY title) GROUP BY decade ORDER BY decade;
.headers off
SELECT printf('%5.2f %s', total(price), typeof(sum(price))), max(pages), min(year) FROM book;
BEGIN;
DELETE FROM book WHERE author = 2;
UPDATE author SET name = upper(name);
SELECT count(*), group_concat(name) FROM book, author WHERE book.author = author.id;
ROLLBACK;
SELECT count(*), group_concat(DISTINCT name) FROM book JOIN author ON book.author = author.id;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
  SELECT sum(i * i), group_concat(i, ',') FROM n;
SELECT length(hex(zeroblob(16))), substr('sqlite3 on aarch64', 12), instr('abc', 'c'), 7 % 3, 2.0 / 3;
.mode json
SELECT name, born FROM author WHERE born < 1925 ORDER BY born;
.mode line
SELECT title, pages FROM book WHERE id = 6;
SQL
run /usr/bin/sqlite3 books.db ".read schema.sql"
run_from queries.sql /usr/bin/sqlite3 books.db
run /usr/bin/sqlite3 -header -csv books.db "SELECT name, born FROM author ORDER BY name"
run /usr/bin/sqlite3 books.db "INSERT INTO author (name) VALUES ('Lem')"
run /usr/bin/sqlite3 books.db "SELECT * FROM nosuch"
printf 'SELECT 1;\nSELEC 2;\nSELECT 3;\n' > broken.sql
run_from broken.sql /usr/bin/sqlite3 books.db
run_from broken.sql /usr/bin/sqlite3 -bail books.db
run /usr/bin/sqlite3 books.db "PRAGMA integrity_check; SELECT count(*) FROM book; .tables"
run /usr/bin/sqlite3 books.db "PRAGMA integrity_check" "SELECT count(*) FROM book" ".tables"
run /usr/bin/sqlite3 books.db ".schema author"
run /usr/bin/sqlite3 books.db ".dump book"
run /usr/bin/sqlite3 :memory: "SELECT sqlite_version(), 1e308 * 10, -0.0, 9223372036854775807 + 1"
