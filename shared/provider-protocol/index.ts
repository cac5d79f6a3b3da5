// Public surface of the CTL Provider protocol, shared by the server and the client.
export * from './framing';
export * from './messages';
export * from './bytes';
export * from './subject-hash';
