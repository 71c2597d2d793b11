/**
 * `--help` (or `-h`) for the command-line tools: prints what the tool does and how it is called on
 * stdout and ends the process with exit code 0, before the tool reads its configuration or opens
 * the database.
 */
export function answerHelp(args: readonly string[], text: string): void {
  if (!args.includes('--help') && !args.includes('-h')) return;
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  process.exit(0);
}
