// The message catalogue (消息目录): every problem, risk reason, release blocker and decision the
// server states has a stable code and params; this catalogue gives its sentence in Chinese and
// English. Pure and without dependencies, so the server and the console (bundled apart) share it.
export * from './render';
export { CATALOGUE, CATALOGUE_PARTS, type Catalogue } from './catalogue';
