// The help text of every ctl-client command, apart from the commands themselves so that
// `ctl-client <command> --help` and usage errors print it without loading the command
// (and with it PKCS#11, TLS clients or the session engine). Type-only imports, light constants.
import { CTL_ROLES, type CtlRole } from '../../shared/ctl/model';
import { DEFAULT_PROVIDER_PORT } from '../../shared/session/types';
import { CISCO_DEFAULT_PIN_HINT } from '../../shared/tokens/types';
import { ETHERNET_BLOCK_SIZE, TFTP_PORT } from '../services/tftp/constants';

/** The roles `ctl-client build --entry role=…` accepts. */
export const BUILD_ENTRY_ROLES: readonly CtlRole[] = CTL_ROLES;

/** One entry per signer source of `build` (signer-sources.ts), in the same order. */
const SIGNER_USAGE = [
  '--signer <pem>     PEM file with the SAST certificate and its RSA private key',
  `--token <label>    sign with the SAST certificate on this PKCS#11 token
                     [--pin-file <file>] (else the PIN is prompted without echo)
                     [--module <path>] [--confirm-final-try]`,
];

export const COMMAND_USAGE = {
  inspect: `Usage: ctl-client inspect <file> [--json]

Shows a CTLFile.tlv or ITLFile.tlv and checks its signature.
  --json   print one JSON object instead of text

Exit codes: 0 valid signature, 3 signature invalid or no SAST matches the signer,
            2 not a well-formed CTL, 1 usage or I/O error.`,

  build: `Usage: ctl-client build --out <file> <signer> --entry <spec> [--entry <spec> …]
                        [--hash sha1|sha512] [--timestamp <unix seconds>] [--strict]

Signer (exactly one):
${SIGNER_USAGE.map((line) => `  ${line}`).join('\n')}
Entries:
  --entry role=<${BUILD_ENTRY_ROLES.join('|')}>,cert=<pem or der>[,dns=<name>][,ip=<a.b.c.d>]
           (repeatable; values cannot contain ',')
  --hash       hash algorithm: sha1 (default, which 6.x-era phones require) or sha512;
               phones verify no other (sha256 is refused)
  --strict     warnings (signer expired, signer not among the entries, fewer than two
               SAST entries) end with exit 4 and nothing is written
  --timestamp  seconds since the Unix epoch (default: now)

The signer is added as a SAST entry unless an entry lists it. The file is written
atomically and only if its signature verifies.`,

  tokens: `Usage:
  ctl-client tokens [--module <path>] [--json]
      List the inserted tokens: label, serial, PIN state and certificates.
  ctl-client tokens change-pin --token <label> [--old-pin-file <f> --new-pin-file <f>]
                               [--module <path>] [--confirm-final-try]
      Change a token's user PIN (prompts without echo when no PIN files are given).
  ctl-client tokens init-demo --dir <dir> [--module <softhsm path>]
      Create (or reuse) a SoftHSM store with demo tokens SAST-1, SAST-2, SAST-3 and ROGUE
      (PIN Cisco123) and print the environment to use as JSON.

The PKCS#11 module is --module, else CTL_PKCS11_MODULE, else the first known module found
(SafeNet eToken, OpenSC, SoftHSM). ${CISCO_DEFAULT_PIN_HINT}`,

  cluster: `Usage: ctl-client cluster --server <host[:port]> --user <name> --password-file <file>
                          [--trust <sha256> | --trust-on-first-use] [--trust-store <file>] [--json]

Connects to the CTL Provider of a cluster node (TLS, default port ${DEFAULT_PROVIDER_PORT}) and shows
the cluster: security mode, nodes and roles, certificates, and the current CTL.
  --password-file      file holding the application user's password (first line)
  --trust <sha256>     accept this certificate fingerprint (first contact, or after a change)
  --trust-on-first-use accept the certificate on first contact without checking it
                       (without either, a terminal is asked; otherwise the command refuses)
  --trust-store <file> accepted provider certificates (default: the store the desktop app uses,
                       ~/.config/ctl-client/trusted-certificates.json on Linux; --pins is its old name)
  --json               print one JSON object

Exit codes: 0 ok, 1 usage or I/O error, 4 provider or network error, 5 certificate not trusted.`,

  run: `Usage: ctl-client run --server <host[:port]> --user <name> --password-file <f>
                      --mode mixed|non-secure|update
                      --token <label> ...          (insertion order; the first that qualifies signs)
                      [--sign-with <label>]
                      --pin-file <f> | --pin <label>=<file> ...
                      [--add-tftp <host[:port]>] ... [--add-firewall <host>] ...
                      [--remove <subject, CN or sha256>] ...
                      [--hash sha1|sha512]  (sha256 is refused: exit 4)
                      [--trust <sha256>] ... | [--trust-on-first-use]
                      [--trust-store <file>] [--report <file>] [--yes] [--json]
                      [--tftp-check <host[:port]>] ... | [--no-tftp-check]
       ctl-client run --target <sftp://user@host[:port]/path | folder> ...
                      [--ssh-key <f> [--ssh-key-passphrase-file <f>] | --ssh-agent | --ssh-password-file <f>]
                      [--entry role=<CCM+TFTP|CCM|TFTP|CAPF>,cert=<pem or der>[,dns=<name>][,ip=<a.b.c.d>]] ...
                      --mode … --token … (and the other options above, without --server,
                      --user, --password-file, --add-tftp and --add-firewall)

Runs a whole CTL session against a cluster: connect (pinned TLS), choose the mode, add the
tokens (with a CTL: the first listed token proves itself first), edit the entries, review,
sign once, stage on every target, commit only if all staged, read back and compare.

With --target instead of --server, the TFTP servers run no CTL Provider: each --target is a
TFTP root written over SFTP or a folder (local or mounted). The servers' entries come from
the --entry certificate files and, in an update, from the CTL the first target holds. Every
rule, the review, the two-phase publish and the read-back work as with a provider; each
commit is a compare-and-swap on the file, keeps the previous one as .CTLFile.tlv.previous
and keeps its mode and owner. An SFTP server's host key is trusted like a certificate:
--trust SHA256:<base64> (as ssh-keygen -lf prints it) or --trust-on-first-use; a changed key
is refused. One SSH login serves every sftp:// target.

  --server           first node's CTL Provider (default port 2444)
  --password-file    file whose first line is the application user's password
  --token            a token label (or serial); repeat in the order the tokens are added
  --pin-file         file with the PIN of every token; --pin <label>=<file> per token
  --add-tftp         alternate/centralized TFTP server (its provider is asked for its certificate;
                     the same user and password are used)
  --add-firewall     ASA firewall (CTL Provider port fixed at 2444; listed as CCM; another port
                     is refused under the firewall-port-fixed rule, exit 4)
                     Alternate TFTP servers and firewalls already listed in the current CTL are
                     contacted by themselves (same user and password) and get the new CTL too.
  --remove           delete an entry (server, CAPF and firewall entries cannot be; an alternate
                     TFTP server or firewall of the current CTL only when it cannot be reached)
  --trust            accept this provider certificate (repeat: one per node); accepted certificates
                     are kept in --trust-store <file> (default: the store the desktop app uses,
                     ~/.config/ctl-client/trusted-certificates.json on Linux)
  --report <file>    write the report atomically: Markdown for .md, JSON otherwise
  --yes              sign without asking. Without it the review is printed and one line is read
                     from stdin (a terminal or a pipe): "y" signs, anything else (or end of input)
                     cancels with exit code 6 and nothing changes.
  --json             print the final snapshot and the report as one JSON object on stdout
  --tftp-check       after publishing, download CTLFile.tlv over TFTP from this server (default
                     port 69), as a phone does, and compare it byte for byte (in the output and the
                     report; an unreachable server is a warning). Without it: each sftp:// target's
                     host; with a provider, the nodes running TFTP and the alternate TFTP servers
                     (not loopback hosts: a demo cluster runs no TFTP). --no-tftp-check: none.

Advanced: --override <check-id> (counts as the typed confirmation of that review check),
  --on-commit-failure rollback|leave (default rollback), --confirm-final-try, --module <path>,
  --concurrency <n> (default 8), --request-timeout <ms> (how long a provider may take to answer
  one request, default 30000; a connection that stalls longer is reopened and read back),
  --firewall-port <n> and --tftp-port <n> (provider ports of the
  firewalls / carried alternate TFTP servers of a demo cluster; only with a loopback --server,
  and used for loopback hosts only).

Exit codes: 0 every target committed and read back equal; 1 usage or I/O error; 3 could not
connect, log in (wrong password, throttled) or use a token (wrong PIN): nothing changed (not a
rule, so not 4; \`ctl-client cluster\` has its own table); 4 refused by a rule (the
message names it; nothing changed); 5 some targets failed (the report says what did and did
not change); 6 cancelled (nothing changed).`,

  fetch: `Usage: ctl-client fetch --tftp <host[:port]> [--tftp …] [--file CTLFile.tlv]
                        [--out <file>] [--compare <local.tlv>] [--json]
                        [--timeout <ms>] [--retries <n>] [--blksize <n>]

Downloads a file over TFTP the way a phone does (default CTLFile.tlv, UDP port ${TFTP_PORT}) from
each --tftp server, and prints its size and SHA-256.
  --tftp <host[:port]>  a TFTP server; repeat for every TFTP server of the cluster
  --file <name>         the file to read (default CTLFile.tlv)
  --out <file>          save the download (only with one --tftp)
  --compare <file>      compare byte for byte with this local file (the CTL you published)
  --json                print one JSON object
  --timeout <ms>        wait per packet before sending again (default 1000)
  --retries <n>         times a packet is sent again before giving up (default 5)
  --blksize <n>         block size to ask for, 512 for plain RFC 1350 (default ${ETHERNET_BLOCK_SIZE})

Exit codes: 0 every download worked (and is identical with --compare), 1 usage or I/O error,
            3 a download differs from --compare, 4 a server could not be read (timeout,
            no such file, refused).`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;
