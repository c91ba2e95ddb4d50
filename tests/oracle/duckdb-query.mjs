// Runs SQL in an in-memory DuckDB and prints the rows of the last statement as one JSON array.
// Usage: node duckdb-query.mjs "SQL; SQL; ..."   (or the SQL on standard input when no argument is given)
// Values are made JSON-safe by DuckDB's own JSON conversion (BIGINT and DECIMAL become strings).
// On failure: the error message on standard error and exit code 1.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const sql = process.argv.length > 2 ? process.argv.slice(2).join(' ') : readFileSync(0, 'utf8');
try {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  process.stdout.write(JSON.stringify(reader.getRowObjectsJson()) + '\n');
} catch (error) {
  process.stderr.write(String(error && error.message ? error.message : error) + '\n');
  process.exit(1);
}
