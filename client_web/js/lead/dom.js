/**
 * Small element builders for HTML and SVG, so the screens read as a tree.
 *
 * No `style` attribute is ever set: the page runs under `style-src 'self'`, so looks come from
 * classes in lead.css and, for SVG, presentation attributes.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function' && key.startsWith('on')) {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: `h("p", {class: "x"}, "text", otherNode)`. */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, same call shape as `h`. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

let headings = 0;

/** A section named by its heading (a landmark region); callers may append to it. */
export function section(title, className, ...children) {
  const id = `lead-heading-${++headings}`;
  return h(
    'section',
    { class: `lead-card ${className}`, 'aria-labelledby': id },
    h('h2', { id, text: title }),
    ...children,
  );
}

/** A wide table in a focusable scrolling box, so it scrolls on a 320 px screen by keyboard too. */
export function scrollBox(label, table) {
  return h(
    'div',
    { class: 'lead-scroll', tabindex: '0', role: 'region', 'aria-label': label },
    table,
  );
}
