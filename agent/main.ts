/** Entry point: `node --import tsx agent/main.ts <install|uninstall|run|status|native-host>`. */
import { cli } from './cli';

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
