-- DuckDB's version of `als prepare` on the Last.fm 360K TSV: read, artist identity (MBID, else normalised name),
-- sum duplicates, users >= 5 artists then artists >= 5 listeners, a seeded 20% per-user split, partitioned Parquet.
-- Placeholders: {input} the TSV, {output} an empty folder. Run by bench/prepare/run.sh.
SET preserve_insertion_order = false;
CREATE TABLE raw AS
  SELECT * FROM read_csv('{input}', delim = '\t', header = false, quote = '', escape = '', ignore_errors = true,
                         columns = {'user_sha1': 'VARCHAR', 'mbid': 'VARCHAR', 'name': 'VARCHAR', 'plays': 'BIGINT'});
CREATE TABLE rows AS
  SELECT user_sha1, coalesce(nullif(trim(mbid), ''), 'name:' || lower(trim(name))) AS artist,
         any_value(nullif(trim(mbid), '')) AS mbid, any_value(name) AS name, sum(plays) AS plays
  FROM raw WHERE user_sha1 <> '' AND plays > 0 AND plays < 16777216 AND coalesce(mbid, '') || coalesce(name, '') <> ''
  GROUP BY user_sha1, 2;
CREATE TABLE kept_users AS SELECT user_sha1 FROM rows GROUP BY 1 HAVING count(*) >= 5;
CREATE TABLE f1 AS SELECT r.* FROM rows r SEMI JOIN kept_users USING (user_sha1);
CREATE TABLE kept_items AS SELECT artist FROM f1 GROUP BY 1 HAVING count(*) >= 5;
CREATE TABLE f2 AS SELECT f1.* FROM f1 SEMI JOIN kept_items USING (artist);
CREATE TABLE users AS SELECT (row_number() OVER (ORDER BY user_sha1) - 1)::INTEGER AS user_index, user_sha1 FROM (SELECT DISTINCT user_sha1 FROM f2);
CREATE TABLE items AS SELECT (row_number() OVER (ORDER BY artist) - 1)::INTEGER AS item_index, artist, mbid AS artist_mbid, name AS artist_name
  FROM (SELECT artist, any_value(mbid) AS mbid, any_value(name) AS name FROM f2 GROUP BY artist);
CREATE TABLE numbered AS
  SELECT u.user_index, i.item_index, f2.plays::INTEGER AS plays,
         row_number() OVER (PARTITION BY u.user_index ORDER BY hash(f2.user_sha1, f2.artist, 42)) AS r,
         count(*) OVER (PARTITION BY u.user_index) AS n
  FROM f2 JOIN users u USING (user_sha1) JOIN items i USING (artist);
CREATE TABLE split AS SELECT user_index, item_index, plays, (n >= 5 AND r <= greatest(1, round(0.2 * n))) AS held_out FROM numbered;
COPY (SELECT user_index, item_index, plays, user_index // 20000 AS block FROM split WHERE NOT held_out ORDER BY user_index, item_index)
  TO '{output}/train/by_user' (FORMAT parquet, PARTITION_BY (block));
COPY (SELECT item_index, user_index, plays, item_index // 10700 AS block FROM split WHERE NOT held_out ORDER BY item_index, user_index)
  TO '{output}/train/by_item' (FORMAT parquet, PARTITION_BY (block));
COPY (SELECT user_index, item_index, plays, user_index // 20000 AS block FROM split WHERE held_out ORDER BY user_index, item_index)
  TO '{output}/test' (FORMAT parquet, PARTITION_BY (block));
COPY users TO '{output}/users.parquet' (FORMAT parquet);
COPY (SELECT item_index, artist_mbid, artist_name FROM items) TO '{output}/items.parquet' (FORMAT parquet);
SELECT (SELECT count(*) FROM split) AS kept, (SELECT count(*) FROM split WHERE held_out) AS test_rows;
