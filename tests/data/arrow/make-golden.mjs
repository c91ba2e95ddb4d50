// Writes factors-arrow-js.arrow with Apache Arrow JS: the layout of a factor file (index int32, factors
// fixed_size_list<float32>[3]), a nullable utf8 column, and schema metadata.
import { writeFileSync } from 'node:fs';
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8, makeData, RecordBatch, Table, Struct, tableToIPC, vectorFromArray } from 'apache-arrow';

const rows = 5, k = 3;
const index = Int32Array.from({ length: rows }, (_, i) => 100 + i);
const values = Float32Array.from({ length: rows * k }, (_, j) => [0.5 * Math.floor(j / k), -Math.floor(j / k), 1 / (Math.floor(j / k) + 1)][j % k]);
const itemField = new Field('item', new Float32(), false);
const listType = new FixedSizeList(k, itemField);
const indexData = makeData({ type: new Int32(), length: rows, data: index });
const valuesData = makeData({ type: new Float32(), length: rows * k, data: values });
const listData = makeData({ type: listType, length: rows, child: valuesData });
const names = vectorFromArray(['a', 'Björk', null, '東京', ''], new Utf8());
const fields = [new Field('index', new Int32(), false), new Field('factors', listType, false), new Field('name', new Utf8(), true)];
const metadata = new Map([['side', 'items'], ['k', String(k)], ['written_by', 'apache-arrow js']]);
const schema = new Schema(fields, metadata);
const structData = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: [indexData, listData, names.data[0]] });
const table = new Table([new RecordBatch(schema, structData)]);
writeFileSync('factors-arrow-js.arrow', tableToIPC(table, 'file'));
console.log('rows', table.numRows, 'schema', table.schema.fields.map(f => `${f.name}:${f.type}`).join(', '));
