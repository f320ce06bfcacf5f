// Joint examination (联合查验 / 一次查验) and mutual recognition (监管互认): the pure decider and its view.
export * from './domain/joint-examination.events';
export * from './domain/joint-examination';
export * from './domain/examination.view';
