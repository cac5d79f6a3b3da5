// TFTP client: reads a file the way a phone does (RFC 1350 with RFC 2347/2348/2349 options).
export { tftpRead, type TftpReadOptions, type TftpReadResult } from './client';
export { TFTP_PORT, DEFAULT_BLOCK_SIZE, ETHERNET_BLOCK_SIZE } from './constants';
export { TftpError, type TftpErrorCode, type TftpErrorDetails } from './errors';
export {
  checkOverTftp, checkServer, firstDifference, serverName,
  type TftpCheckOptions, type TftpCheckOutcome, type TftpCheckResult, type TftpServer,
} from './check';
