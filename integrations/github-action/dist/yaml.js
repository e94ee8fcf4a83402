// The `inputs` input as a YAML mapping, the way a workflow author writes it in a `|` block. Only a flat mapping is
// read (one `key: value` per line), which is what template inputs are; nested values are written as JSON
// (`tags: {"team": "a"}`). Typing follows YAML 1.2's core schema, as envctl's --inputs-file does: unquoted numbers,
// booleans and null are typed, quoted values are strings. A full YAML parser would be the action's only dependency.
import { ActionError } from './errors.js';

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;
const INTEGER = /^[-+]?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

export function parseYamlMapping(text) {
  const result = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === '---') {
      continue;
    }

    const where = `inputs, line ${i + 1}`;
    if (/^\s/.test(raw)) {
      throw new ActionError(`${where}: nested YAML is not read; write the value as JSON on the key's line, e.g. tags: {"team": "a"}.`);
    }

    const match = KEY_LINE.exec(line);
    if (!match) {
      throw new ActionError(`${where}: expected 'key: value', got '${line}'.`);
    }

    const key = unquoteKey(match[1]);
    if (Object.hasOwn(result, key)) {
      throw new ActionError(`${where}: '${key}' is given twice.`);
    }

    result[key] = parseScalar(match[2] ?? '', where);
  }

  return result;
}

function unquoteKey(key) {
  return key.startsWith('"') || key.startsWith("'") ? key.slice(1, -1) : key;
}

function parseScalar(text, where) {
  let value = text.trim();
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ActionError(`${where}: ${value} is not a complete double-quoted string.`);
    }
  }

  if (value.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(value)) {
      throw new ActionError(`${where}: ${value} is not a complete single-quoted string.`);
    }

    return value.slice(1, -1).replaceAll("''", "'");
  }

  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ActionError(`${where}: a value starting with '${value[0]}' is read as JSON, and ${value} is not JSON.`);
    }
  }

  if (value.startsWith('|') || value.startsWith('>') || value.startsWith('&') || value.startsWith('*') || value.startsWith('!')) {
    throw new ActionError(`${where}: block scalars, anchors and tags are not read; quote the value or write it as JSON.`);
  }

  // A plain scalar ends at " #" (a comment).
  value = value.replace(/\s+#.*$/, '');
  if (value === '' || value === '~' || /^(?:null|Null|NULL)$/.test(value)) {
    return null;
  }

  if (/^(?:true|True|TRUE)$/.test(value)) {
    return true;
  }

  if (/^(?:false|False|FALSE)$/.test(value)) {
    return false;
  }

  if (INTEGER.test(value) || FLOAT.test(value)) {
    return Number(value);
  }

  return value;
}
