// TFTP client: reads a file the way a phone does (RFC 1350 with RFC 2347/2348/2349 options).
export { tftpRead, TFTP_PORT, DEFAULT_BLOCK_SIZE, ETHERNET_BLOCK_SIZE, type TftpReadOptions, type TftpReadResult } from './client';
export { TftpError, type TftpErrorCode, type TftpErrorDetails } from './errors';
