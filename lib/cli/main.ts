/**
 * The `logveil` command line: parses arguments (commander), turns usage problems into exit status 2
 * (the error and a one-line hint, not the whole help), and dispatches to one module per command.
 */
import { Command, CommanderError, Option } from 'commander';
import { FORMAT_NAMES } from '../formats/index.ts';
import { databaseLines } from '../networks/network-data.ts';
import { EXIT_USAGE } from '../summary.ts';
import { expireCommand } from './expire-command.ts';
import { generateCommand } from './generate-command.ts';
import { namedQueryHelp, queryCommand } from './query-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { runConfig } from './run-config.ts';
import { shipCommand } from './ship-command.ts';
import { UsageError } from './usage-error.ts';
import { cliVersion } from './version.ts';

const io = {
  stdout: (text: string) => {
    process.stdout.write(text);
  },
  stderr: (text: string) => {
    process.stderr.write(text);
  },
  stderrIsTTY: process.stderr.isTTY === true,
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The hint printed under a usage error, instead of the whole help. */
export function usageHint(command: string | null): string {
  return `Run 'logveil ${command === null ? '' : `${command} `}--help' for usage.`;
}

function program(done: (code: number) => void): Command {
  const cli = new Command('logveil')
    .description('Privacy-first web analytics: raw access and cookie logs in, anonymized tables out.')
    .version(
      [cliVersion(), ...databaseLines()].join('\n'),
      '-V, --version',
      'print the version, and the date of the country and network databases',
    )
    .showHelpAfterError(usageHint(null))
    .exitOverride();

  cli
    .command('run')
    .description('anonymize log files into events (Parquet) under --out')
    .argument('<inputs...>', 'log files (plain or gzip), directories (recursed), or - for stdin')
    .option('--out <dir>', 'output directory (same layout as the analytics bucket)', './out')
    .option('--format <name>', FORMAT_NAMES.join(', '), 'auto')
    .option('--site <host>', 'site for lines that carry no host (default: "default")')
    .option('--internal-host <host>', 'another host name of the same site (repeatable)', collect)
    .option('--tz <zone>', 'time zone of times logged without an offset', 'UTC')
    .option('--k <n>', 'k-anonymity threshold for aggregates', '5')
    .option('--visitor-cookie <name>', 'derive visitor ids from this cookie when present')
    .option('--optout-cookie <name>', 'hits carrying this cookie are opted out')
    .option('--path-rule <rule>', "generalize paths: '/orders/* => /orders/:id' (repeatable)", collect)
    .option('--allow-param <name>', 'keep this query parameter besides utm_* (repeatable)', collect)
    .option(
      '--goal <name=pattern>',
      "a goal: 'Order=/checkout/confirm', 'Added=POST /cart/add 3xx' (repeatable; goals_daily)",
      collect,
    )
    .option(
      '--funnel <name=steps>',
      "a funnel: 'Purchase=/products/** > /cart > [/checkout/shipping] > /checkout/confirm' ([…] may be skipped; repeatable; funnels_daily)",
      collect,
    )
    .option(
      '--hosting-bots <on|off>',
      "count browsers on hosting networks' addresses as bots, named (hosting network)",
      'on',
    )
    .option(
      '--json-map <field=path>',
      'json format: where a field is, e.g. ip=client.address (repeatable)',
      collect,
    )
    .option('--salt-dir <dir>', 'where day salts live (never inside --out)')
    .option('--source-id <id>', 'stable id of stdin input, so re-runs overwrite')
    .option('--now <iso>', 'pretend the current time is this (salt expiry)')
    .option('--force', 'recompute frozen days', false)
    .option('--json', 'print the summary as one JSON object', false)
    .option(
      '--threads <n>',
      '1, 2 or auto: with 2 a second thread writes events and aggregates (auto: 2 for input files of 8 MiB or more, or stdin, on 2+ cores)',
      'auto',
    )
    .option(
      '--aggregate <engine>',
      'auto or sql: how days are computed (auto: a day held whole in memory by the fast path proven equal to the SQL, other days by the SQL in DuckDB; sql: every day by the SQL)',
      'auto',
    )
    .action(async (inputs: string[], flags) => {
      done(await runCommand(runConfig(inputs, flags), io));
    });

  cli
    .command('generate')
    .description('write a realistic synthetic log with planted personal data')
    .requiredOption('--lines <n>', 'number of lines')
    .option('--seed <seed>', 'random seed (same seed, same log)', '1')
    .addOption(new Option('--format <name>', 'line format').choices(['combined', 'json']).default('combined'))
    .option('--start <date>', 'first UTC day, YYYY-MM-DD', '2026-11-01')
    .option('--days <n>', 'number of days (same lines per day)', '1')
    .option('--gzip', 'gzip the output', false)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (flags) => {
      done(await generateCommand(flags));
    });

  cli
    .command('ship')
    .description('send raw log lines, unchanged, to the raw Firehose stream')
    .argument('<inputs...>', 'log files (plain or gzip), directories, or - for stdin')
    .requiredOption('--stream <name>', 'Firehose stream name')
    .option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the AWS profile)')
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (inputs: string[], flags) => {
      done(await shipCommand(inputs, flags, io));
    });

  cli
    .command('query')
    .description('SQL over the local tables with DuckDB (same table names and SQL as Athena)')
    .argument('[sql]', 'the query; or use --named')
    .option('--out <dir>', 'output directory', './out')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .option('--named <name>', 'run a named query (listed below)')
    .addHelpText('after', () => namedQueryHelp())
    .action(async (sql: string | undefined, flags) => {
      done(await queryCommand(sql, flags, io));
    });

  cli
    .command('report')
    .description('write a self-contained HTML report (no network) from the aggregate tables')
    .option('--out <dir>', 'output directory holding the tables', './out')
    .option('--site <host>', 'only this site (default: every site, kept apart)')
    .option('--from <day>', 'first UTC day, YYYY-MM-DD (default: 29 days before --to)')
    .option('--to <day>', 'last UTC day, YYYY-MM-DD (default: the newest day with data)')
    .option('-o, --output <file>', 'where to write the report (default: <out>/report.html)')
    .action(async (flags) => {
      done(await reportCommand(flags, io));
    });

  cli
    .command('expire')
    .description('apply the retention policy to --out and the salt directory')
    .option('--out <dir>', 'output directory', './out')
    .option('--salt-dir <dir>', 'salt directory')
    .option('--now <iso>', 'pretend the current time is this')
    .option('--events-days <n>', 'keep events this many days', '30')
    .option('--text-days <n>', 'keep scrubbed text logs this many days', '30')
    .option('--aggregates-days <n>', 'keep aggregates this many days', '790')
    .option('--json', 'print what was removed as JSON', false)
    .action(async (flags) => {
      done(await expireCommand(flags, io));
    });
  for (const command of cli.commands) command.showHelpAfterError(usageHint(command.name()));
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const cli = program((c) => {
    code = c;
  });
  let running: string | null = null;
  cli.hook('preAction', (_root, action) => {
    running = action.name();
  });
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0
        ? 0
        : EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n${usageHint(running)}\n`);
      return EXIT_USAGE;
    }
    // Unexpected failures: name the error class and message only; messages here never carry log content.
    io.stderr(`logveil: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
