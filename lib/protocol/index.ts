// The wire protocol shared by server and client; see docs/protocol.md.
export * from './ack';
export * from './bytes';
export * from './complete';
export * from './doc';
export * from './empty';
export * from './events';
export * from './fast';
export * from './handoffEvidence';
export * from './metrics';
export * from './review';
export * from './route';
export * from './paths';
export * from './presence';
export * from './runs';
export * from './shapes';
export * from './submit';
export * from './workspace';
