// What every page with a tool needs once, in JupyterLab, Voila and the static site alike.
// Installed once per page, however many tools it shows.

// JupyterLab runs its notebook shortcuts for keys pressed on a drop-down or a button in a
// cell's output: "d d" deletes the tool's cell, "m" turns it into Markdown. Lumino skips a
// key whose target is marked data-lm-suppress-shortcuts (it looks from the target up, and
// the focused control itself matches the shortcuts' selector), so each control of a tool
// is marked as the keyboard's focus reaches it.
function keepKeysInTools() {
  document.addEventListener("focusin", (event) => {
    const control = event.target;
    if (control instanceof Element && control.closest(".ck-tool")
        && !control.hasAttribute("data-lm-suppress-shortcuts")) {
      control.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  }, true);
}

// A screen reader reads out text that arrives in a status region (role="status") already
// on the page, but not a region that arrives with its text, and ipywidgets puts every new
// message ("✓ Added …", a count that follows the filters) in as a new element. So a tool's
// status region comes in empty (and unseen) and gets its text a moment later.
const REGION_KNOWN_MS = 100;
function readOutLater(node) {
  const regions = node.matches('[role="status"]') ? [node] : node.querySelectorAll('[role="status"]');
  for (const region of regions) {
    if (!region.firstChild) continue;
    const text = [...region.childNodes];
    region.replaceChildren();
    setTimeout(() => region.append(...text), REGION_KNOWN_MS);
  }
}

// A field's lead (the question before its control), help text and message
// (ui.field_message: the widgets after its control) describe the control, and the control
// is marked invalid while the message is an error: a screen reader coming back to a box
// then says what is wrong with it, not only what it holds.
let describedCount = 0;
function idOf(element) {
  if (!element.id) element.id = "ck-described-" + (describedCount += 1);
  return element.id;
}
function describeControl(message) {
  const help = [];
  let control = null;
  let widget = message.previousElementSibling;
  for (; widget && !control; widget = widget.previousElementSibling) {
    control = widget.querySelector("input, textarea, select");
    if (!control && widget.textContent.trim()) help.unshift(widget);
  }
  if (!control) return;
  const lead = widget && widget.querySelector(".ck-field-lead");
  if (lead) help.unshift(lead);
  const says = message.querySelector(".ck-message");
  const ids = [...help, ...(says ? [says] : [])].map(idOf);
  if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
  else control.removeAttribute("aria-describedby");
  if (message.querySelector(".ck-message-error")) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

// Called for every change on the page, before the page draws it: it only empties the new
// status regions (which must not reach a screen reader with their text) and leaves the
// descriptions for when the page is done drawing (at each change of a tool, this cost a
// millisecond of the time until the change was on the screen).
function followMessages() {
  let changedSince = [];
  function describeChanged() {
    const fieldMessages = new Set();
    for (const [target, added] of changedSince) {
      // ipywidgets gives a widget its classes once it is on the page.
      const changed = target.closest && target.closest(".ck-field-message");
      if (changed) fieldMessages.add(changed);
      for (const node of added) {
        if (!node.isConnected) continue;
        for (const message of node.querySelectorAll(".ck-field-message")) fieldMessages.add(message);
        // A box's widgets may arrive one by one: a message may come before its control.
        for (const sibling of node.parentElement.children) {
          if (sibling.classList.contains("ck-field-message")) fieldMessages.add(sibling);
        }
      }
    }
    changedSince = [];
    fieldMessages.forEach(describeControl);
  }
  new MutationObserver((records) => {
    if (!changedSince.length) setTimeout(describeChanged, 0);
    for (const record of records) {
      const added = [];
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        added.push(node);
        // A tool drawn as the page opens says nothing: only what changes in it later.
        if (node.closest(".ck-tool")) readOutLater(node);
      }
      changedSince.push([record.target, added]);
    }
  }).observe(document.body, { childList: true, subtree: true, attributeFilter: ["class"] });
  // This module arrives after the first tools are drawn.
  document.querySelectorAll(".ck-field-message").forEach(describeControl);
}

function render({ model, el }) {
  el.hidden = true;
  // The participant's clock, for each kernel (JupyterLab shows several notebooks in one
  // page). Every tool shows this widget: as a shared value, the kernel hears it once, not
  // from each of them (each woke the kernel as the page opened).
  const minutesAheadOfUtc = -new Date().getTimezoneOffset();
  if (model.get("utc_offset_minutes") !== minutesAheadOfUtc) {
    model.set("utc_offset_minutes", minutesAheadOfUtc);
    model.save_changes();
  }
  if (window.careerKitPageSupport) return;
  window.careerKitPageSupport = true;
  keepKeysInTools();
  followMessages();
}

export default { render };
