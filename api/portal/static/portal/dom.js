// Building blocks for the page. Text from the dossier is always set as text, never as HTML.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

export function list(values) {
  return el("ul", {}, (values || []).map((value) => el("li", {text: value})));
}

// Feedback goes right beside the form (or button) that caused it: a live region that screen
// readers announce, and focus moves there so a keyboard user lands on what happened.
export function feedback(anchor, text, kind = "success") {
  let box = anchor.nextElementSibling;
  if (!box || !box.classList.contains("feedback")) {
    box = el("div", {class: "feedback message", "aria-live": "polite", tabindex: "-1"});
    anchor.after(box);
  }
  box.className = "feedback message " + kind;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.textContent = text;
  box.focus();
  return box;
}

export function clearFeedback(anchor) {
  const box = anchor.nextElementSibling;
  if (box && box.classList.contains("feedback")) box.remove();
}

export function show(id, visible = true) { document.getElementById(id).hidden = !visible; }
