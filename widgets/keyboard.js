// JupyterLab runs its notebook shortcuts for keys pressed on a drop-down or a button in a
// cell's output: "d d" deletes the tool's cell, "m" turns it into Markdown. Lumino skips a
// key whose target is marked data-lm-suppress-shortcuts (it looks from the target up, and
// the focused control itself matches the shortcuts' selector), so each control of a tool
// is marked as the keyboard's focus reaches it. Installed once per page.
function render({ el }) {
  el.hidden = true;
  if (window.careerKitKeysStayInTools) return;
  window.careerKitKeysStayInTools = true;
  document.addEventListener("focusin", (event) => {
    const control = event.target;
    if (control instanceof Element && control.closest(".ck-tool")
        && !control.hasAttribute("data-lm-suppress-shortcuts")) {
      control.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  }, true);
}

export default { render };
