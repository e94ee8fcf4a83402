import { api, ApiProblem } from './api.js';
import { announce, h, show } from './dom.js';
import { session } from './session.js';

function durationText(value) {
  // TimeSpan as "hh:mm:ss" or "d.hh:mm:ss", shown the way the API accepts durations.
  if (!value) return null;
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(value);
  if (!match) return value;
  const hours = Number(match[1] ?? 0) * 24 + Number(match[2]);
  const minutes = Number(match[3]);
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}` || '0m';
}

function fieldId(field) {
  return `field-${field.replace(/[^a-z0-9_-]/gi, '-')}`;
}

/** One labelled control with its hint and its (server-side) error slot. */
function field(name, label, control, hint) {
  const id = fieldId(name);
  control.id = id;
  control.name = name;
  control.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
  return h('div', { className: 'field', 'data-field': name },
    h('label', { for: id }, label),
    control,
    h('span', { className: 'hint', id: `${id}-hint` }, hint ?? ''),
    h('span', { className: 'error', id: `${id}-error` }));
}

function inputControl(input) {
  const defaultValue = input.default ?? null;
  if (input.type === 'bool') {
    return h('select', {}, ['false', 'true'].map((v) => h('option', { value: v, selected: String(defaultValue) === v }, v)));
  }
  if (input.allowed.length > 0) {
    return h('select', {}, input.allowed.map((v) => h('option', { value: JSON.stringify(v), selected: JSON.stringify(v) === JSON.stringify(defaultValue) }, String(v))));
  }
  return h('input', {
    type: input.sensitive ? 'password' : input.type === 'number' ? 'number' : 'text',
    value: defaultValue === null ? '' : typeof defaultValue === 'string' ? defaultValue : JSON.stringify(defaultValue),
    min: input.min ?? undefined,
    max: input.max ?? undefined,
    pattern: input.pattern ?? undefined,
    required: input.required && defaultValue === null,
    autocomplete: 'off',
  });
}

function inputHint(input) {
  const parts = [input.description, `${input.type}${input.required ? ', required' : ''}`];
  if (input.min !== null || input.max !== null) parts.push(`from ${input.min ?? '…'} to ${input.max ?? '…'}`);
  if (input.pattern) parts.push(`pattern ${input.pattern}`);
  if (input.default !== null && input.default !== undefined) parts.push(`default ${JSON.stringify(input.default)}`);
  return parts.filter(Boolean).join(' · ');
}

function readInput(input, control) {
  const text = control.value;
  if (input.type === 'bool') return text === 'true';
  if (input.allowed.length > 0) return JSON.parse(text);
  if (text === '') return undefined;
  if (input.type === 'number') return Number(text);
  if (input.type === 'string') return text;
  try { return JSON.parse(text); } catch { return text; }
}

function clearErrors(form) {
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  form.querySelector('.form-error')?.remove();
}

/** Shows the API's problem beside the field it names, or above the form when it names none the form has. */
function showProblem(form, problem) {
  const slot = problem.field ? form.querySelector(`[data-field="${CSS.escape(problem.field)}"]`) : null;
  if (slot) {
    slot.querySelector('.error').textContent = problem.message;
    const control = slot.querySelector('input, select');
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  } else {
    form.prepend(h('div', { className: 'form-error', role: 'alert' }, problem.message));
  }
  announce(`Not created: ${problem.message}`);
}

export async function templateView(name) {
  const template = await api.template(name);
  const lifetime = template.lifetime;
  const editable = template.inputs.filter((i) => i.override !== 'NotAllowed');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'create-heading' },
    field('project', 'Project', h('input', { value: session.project, required: true, autocomplete: 'off' }), 'The project the environment belongs to'),
    field('name', 'Environment name', h('input', { required: true, autocomplete: 'off' }), 'Lower-case letters, digits and dashes, starting with a letter'),
    field('ttl', 'Time to live', h('input', { placeholder: durationText(lifetime.defaultTtl) ?? '', autocomplete: 'off' }),
      `A duration such as 4h or 90m; default ${durationText(lifetime.defaultTtl) ?? 'none'}, at most ${durationText(lifetime.maxTtl) ?? 'unlimited'}`),
    editable.length ? h('fieldset', {}, h('legend', {}, 'Inputs'),
      editable.map((input) => field(`inputs.${input.name}`, input.name, inputControl(input), inputHint(input)))) : null,
    h('div', { className: 'actions' }, h('button', { type: 'submit', id: 'create-button' }, 'Create environment')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = (n) => form.elements.namedItem(n).value.trim();
    const project = value('project');
    const inputs = {};
    for (const input of editable) {
      const read = readInput(input, form.elements.namedItem(`inputs.${input.name}`));
      if (read !== undefined) inputs[input.name] = read;
    }
    const body = { name: value('name'), template: `${template.name}@${template.version}`, inputs };
    if (value('ttl')) body.ttl = value('ttl');
    const button = form.querySelector('#create-button');
    button.disabled = true;
    announce('Creating the environment…');
    try {
      const accepted = await api.create(project, body);
      session.project = project;
      location.hash = `#/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(accepted.environment.name)}`;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      // The project is a path segment, so the API names no field for it; a 404/403 on it belongs to that field.
      showProblem(form, { field: error.field ?? (error.status === 403 ? 'project' : null), message: error.message });
    } finally {
      button.disabled = false;
    }
  });

  show(template.name,
    h('p', {}, h('a', { href: '#/' }, '← Catalog')),
    h('h1', {}, `${template.name} `, h('small', {}, template.version)),
    h('p', {}, template.description ?? ''),
    h('h2', {}, 'Details'),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Resources'), h('dd', {}, template.resources.join(', ')),
      h('dt', {}, 'Outputs'), h('dd', {}, template.outputs.join(', ') || 'none'),
      h('dt', {}, 'Default time to live'), h('dd', {}, durationText(lifetime.defaultTtl) ?? 'none'),
      h('dt', {}, 'Maximum time to live'), h('dd', {}, durationText(lifetime.maxTtl) ?? 'unlimited'),
      h('dt', {}, 'Extensions'), h('dd', {}, lifetime.maxExtensions === null ? 'unlimited' : `at most ${lifetime.maxExtensions}`)),
    h('h2', { id: 'create-heading' }, 'Create an environment'),
    form);
}
