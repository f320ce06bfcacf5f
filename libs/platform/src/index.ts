export * from './config';
export * from './clock';
export * from './logger';
export * from './request-context';
export * from './jwt';
export * from './problem-details';
export * from './access';
export * from './net';
