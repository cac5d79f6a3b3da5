// TFTP numbers, apart from the client so that help texts can name them without loading it.
export const TFTP_PORT = 69;
/** RFC 1350's block size: used when the server ignores the blksize option. */
export const DEFAULT_BLOCK_SIZE = 512;
/** Largest block in one unfragmented Ethernet frame (1500 − IP 20 − UDP 8 − TFTP 4). */
export const ETHERNET_BLOCK_SIZE = 1468;
