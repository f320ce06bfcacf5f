import type { Catalogue } from './types';

/** Importing an official table (swctl reference import): what is wrong with the file. */
export const REFERENCE: Catalogue = {
  'csv-malformed': ['文件不是可读的 CSV', 'The file is not readable CSV'],
  'csv-empty': ['文件为空：第一行须列出列名', 'The file is empty: its first line names the columns'],
  'unknown-column': ['第 {line} 行：{column} 不是该代码表的列', 'line {line}: {column} is not a column of this list'],
  'repeated-column': ['列 {column} 重复', 'column {column} is named twice'],
  'missing-column': ['表头缺少必需的列 {column}', 'the header has no {column} column'],
  'column-count': ['第 {line} 行的值数与列数不符', 'line {line} has another number of values than columns'],
  'bad-value': ['第 {line} 行 {column}：取值无效', 'line {line}, {column}: the value is not valid'],
  'missing-value': ['第 {line} 行 {column}：必须填写', 'line {line}, {column}: a value is required'],
  'repeated-code': ['第 {line} 行 {column}：代码重复', 'line {line}, {column}: the code is repeated'],
  'inconsistent-row': ['第 {line} 行 {column}：与同行其他值不一致', 'line {line}, {column}: inconsistent with the row'],
  'missing-entry': ['文件缺少 {column} 为必需值的一行：完整的代码表须包含它', 'the file has no row for a required {column}: a complete table must give it'],
};
