// The server's entry for tools (swctl): its modules as an application context, without HTTP.
export { createToolContext, type ToolContext } from './context';
