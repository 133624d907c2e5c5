// A tiny DOM builder: h('button', { type: 'button', onclick }, 'Save'). No innerHTML anywhere,
// so text from the server or the worker is never parsed as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value') el.value = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let nextId = 0;
export const uid = (prefix) => `${prefix}-${(nextId += 1)}`;

// A labelled control: the label's text starts with the field's name in words.
export function field(label, control, hint = null) {
  control.id = control.id || uid('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  const error = h('p', { class: 'error', id: `${control.id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field': control.name || '' },
    h('label', { for: control.id }, label), control, hintEl, error);
}

export function options(values, selected, labelOf) {
  return values.map((v) => h('option', { value: v, selected: v === selected }, labelOf(v)));
}

// Replaces el's content; null and false children are skipped (replaceChildren prints "null").
export function mount(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}
