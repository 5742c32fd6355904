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
function readOutStatusMessages() {
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element) || !node.closest(".ck-tool")) continue;
        const regions = node.matches('[role="status"]')
          ? [node] : node.querySelectorAll('[role="status"]');
        for (const region of regions) {
          if (!region.firstChild) continue;
          const text = [...region.childNodes];
          region.replaceChildren();
          setTimeout(() => region.append(...text), REGION_KNOWN_MS);
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}

function render({ el }) {
  el.hidden = true;
  if (window.careerKitPageSupport) return;
  window.careerKitPageSupport = true;
  keepKeysInTools();
  readOutStatusMessages();
}

export default { render };
