// Times SQL statements in one in-memory DuckDB: each statement runs `repeat` times; prints JSON
// {"threads": n, "results": [{"sql": ..., "seconds": [...]}, ...]}. Used by the benchmarks, not by tests.
// Usage: node duckdb-time.mjs REPEAT "SQL 1" "SQL 2" ...
import { DuckDBInstance } from '@duckdb/node-api';

const repeat = Number(process.argv[2]);
const statements = process.argv.slice(3);
try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const threads = (await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJson()[0].t;
  const results = [];
  for (const sql of statements) {
    const seconds = [];
    for (let i = 0; i < repeat; i++) {
      const start = process.hrtime.bigint();
      await connection.runAndReadAll(sql);
      seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    results.push({ sql, seconds });
  }
  process.stdout.write(JSON.stringify({ threads: Number(threads), results }) + '\n');
} catch (error) {
  process.stderr.write(String(error && error.message ? error.message : error) + '\n');
  process.exit(1);
}
