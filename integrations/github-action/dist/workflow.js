// The runner's side of the contract, as GitHub documents it: workflow commands on stdout, the $GITHUB_OUTPUT file
// and the $GITHUB_STEP_SUMMARY file. No @actions/core, so the action has no dependencies and no build step.
import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** Escapes a command's message (the part after the last `::`). */
export function escapeData(text) {
  return String(text).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a command property value (`title=…`), where `:` and `,` are separators too. */
export function escapeProperty(text) {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `::name key=value,…::message` */
export function formatCommand(name, properties, message) {
  const props = Object.entries(properties ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ' ' + props : ''}::${escapeData(message)}`;
}

/**
 * One `$GITHUB_OUTPUT` entry: `name=value` for a one-line value, the heredoc form `name<<DELIMITER` for a value with
 * line breaks. The runner splits `name=value` at the first `=` unless `<<` comes first, so a name may hold neither.
 */
export function formatOutput(name, value, newDelimiter = () => `ghadelimiter_${randomUUID()}`) {
  if (!isValidOutputName(name)) {
    throw new Error(`'${name}' cannot be a step output name (no '=', '<<' or line breaks).`);
  }

  const text = String(value);
  if (!/[\r\n]/.test(text)) {
    return `${name}=${text}\n`;
  }

  const delimiter = newDelimiter();
  if (text.includes(delimiter)) {
    throw new Error(`The value of output '${name}' contains its delimiter '${delimiter}'.`);
  }

  return `${name}<<${delimiter}\n${text}\n${delimiter}\n`;
}

export function isValidOutputName(name) {
  return typeof name === 'string' && name.length > 0 && !/[=\r\n]/.test(name) && !name.includes('<<');
}

/**
 * Everything the action says to the runner. Writes go through `write` (stdout in production, a buffer in tests);
 * files are appended to, as the runner expects when several steps share them.
 */
export class Workflow {
  constructor({ env, write }) {
    this.env = env;
    this.write = write;
  }

  info(line) {
    this.write(`${line}\n`);
  }

  notice(message, title) {
    this.info(formatCommand('notice', { title }, message));
  }

  warning(message, title) {
    this.info(formatCommand('warning', { title }, message));
  }

  error(message, title) {
    this.info(formatCommand('error', { title }, message));
  }

  mask(secret) {
    if (secret) {
      this.info(formatCommand('add-mask', {}, secret));
    }
  }

  group(title, lines) {
    this.info(formatCommand('group', {}, title));
    this.untrusted(lines);
    this.info('::endgroup::');
  }

  /**
   * Prints text the service returned (Terraform logs): between stop-commands markers, so a line that happens to
   * start with `::` cannot act as a workflow command.
   */
  untrusted(lines) {
    const token = `envorch-${randomUUID()}`;
    this.info(`::stop-commands::${token}`);
    for (const line of lines) {
      this.info(line);
    }

    this.info(`::${token}::`);
  }

  /** Appends step outputs; without `$GITHUB_OUTPUT` (run by hand) they are printed instead. */
  setOutputs(outputs) {
    const text = Object.entries(outputs).map(([name, value]) => formatOutput(name, value)).join('');
    const file = this.env.GITHUB_OUTPUT;
    if (file) {
      appendFileSync(file, text, 'utf8');
    } else if (text) {
      this.info('GITHUB_OUTPUT is not set; the outputs would be:');
      this.untrusted(text.trimEnd().split('\n'));
    }
  }

  /** Appends markdown to the job summary, when the runner gives one. */
  appendSummary(markdown) {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file) {
      appendFileSync(file, markdown.endsWith('\n') ? markdown : markdown + '\n', 'utf8');
    }
  }
}
