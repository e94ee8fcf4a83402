// The job summary ($GITHUB_STEP_SUMMARY): GitHub-flavoured markdown. Values come from the service and templates, so
// table cells are escaped (HTML, pipes, line breaks) and log lines go in a fence longer than any backtick run in them.

const HEADLINE = {
  Ready: '✅',
  Destroyed: '🗑️',
  Failed: '❌',
  Cancelled: '⚠️',
};

export function escapeCell(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('|', '\\|')
    .replace(/\r?\n/g, '<br>');
}

export function fence(lines, language = 'text') {
  const longest = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return [`${marks}${language}`, ...lines, marks].join('\n');
}

/** Terraform colours some lines; the job log renders the escapes, markdown would show them as noise. */
export function withoutAnsi(line) {
  return line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

/** An output's value as text: strings as they are, other JSON values as JSON. */
export function outputText(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * @param {{ environment: any, environmentUrl: string, portalUrl?: string|null, logsUrl?: string|null, failureLines?: string[], logTail?: {step: string, lines: string[]}|null, timedOut?: boolean }} report
 */
export function renderSummary({ environment, environmentUrl, portalUrl = null, logsUrl = null, failureLines = [], logTail = null, timedOut = false }) {
  const e = environment;
  const icon = timedOut ? '⏳' : HEADLINE[e.status] ?? 'ℹ️';
  const state = timedOut ? `still ${e.status} (timed out waiting)` : e.status;
  const parts = [`## ${icon} Environment \`${e.name}\` is ${state}`, ''];

  const facts = [`project **${escapeCell(e.project)}**`, `template **${escapeCell(e.template)}@${escapeCell(e.templateVersion)}**`];
  if (e.expiresAt && e.status !== 'Destroyed') {
    facts.push(`expires ${escapeCell(e.expiresAt)}`);
  }

  // The portal's page for people, the API's JSON for scripts.
  if (portalUrl) {
    facts.push(`[environment](${portalUrl})`);
  }

  facts.push(`[API](${environmentUrl})`);
  if (logsUrl) {
    facts.push(`[run logs](${logsUrl})`);
  }

  parts.push(facts.join(' · '), '');

  if (failureLines.length > 0) {
    parts.push(fence(failureLines), '');
  }

  if (logTail && logTail.lines.length > 0) {
    const lines = logTail.lines.map(withoutAnsi);
    parts.push(`<details><summary>Last lines of step <code>${escapeCell(logTail.step)}</code></summary>`, '', fence(lines), '', '</details>', '');
  }

  const resources = e.resources ?? [];
  if (resources.length > 0) {
    parts.push('| Resource | Template | Version | Status | Applies |', '| --- | --- | --- | --- | --- |');
    for (const r of resources) {
      const status = r.failure ? `${r.status}: ${r.failure.message}` : r.status;
      parts.push(`| ${escapeCell(r.name)} | ${escapeCell(r.template)} | ${escapeCell(r.version ?? '')} | ${escapeCell(status)} | ${r.applyCount ?? 0} |`);
    }

    parts.push('');
  }

  const outputs = Object.entries(e.outputs ?? {});
  if (outputs.length > 0 && e.status !== 'Destroyed') {
    parts.push('| Output | Value |', '| --- | --- |');
    for (const [name, output] of outputs) {
      parts.push(`| \`${escapeCell(name)}\` | ${outputCell(output)} |`);
    }

    parts.push('');
  }

  return parts.join('\n');
}

function outputCell(output) {
  if (output.sensitive) {
    return '*sensitive, not shown*';
  }

  if (output.known === false) {
    return '*not known yet*';
  }

  return output.value === null || output.value === undefined ? '*null*' : escapeCell(outputText(output.value));
}
