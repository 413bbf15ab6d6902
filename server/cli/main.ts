/**
 * `npm run -s cli -- <command> …`: the operator's command line. Each command lives in its
 * own module and registers here; `--help` lists them.
 */
import pkg from '../../package.json' with { type: 'json' };
import { PROTOCOL_VERSION } from '../../shared/protocol/common';
import { commands, type CliCommand } from './commands';

const [name, ...args] = process.argv.slice(2);

const version: CliCommand = {
  name: 'version',
  usage: 'version',
  summary: 'print the product and protocol versions',
  run: async () => {
    process.stdout.write(`${pkg.version} (protocol v${PROTOCOL_VERSION}, node ${process.versions.node})\n`);
    return 0;
  },
};

function help(): void {
  const all = [version, ...commands];
  const width = Math.max(...all.map((c) => c.usage.length));
  process.stdout.write(
    `School E-safety ${pkg.version}: command line\n\nUsage: npm run -s cli -- <command> [options]\n\nCommands:\n` +
      all.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`).join('\n') +
      '\n\nRun a command with --help for its options.\n',
  );
}


async function main(): Promise<number> {
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help();
    return name ? 0 : 1;
  }
  if (name === '--version') return version.run([]);
  const command = [version, ...commands].find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Run: npm run -s cli -- --help\n`);
    return 2;
  }
  return command.run(args);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
