// A real button that saves the text it holds as a file, made in the browser
// (no server file, no network), so it works in JupyterLab, Voila and a static site.
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ck-button ck-download";
    const show = () => {
      button.textContent = model.get("label");
      button.disabled = model.get("disabled");
      button.setAttribute("aria-label", model.get("label") + " (" + model.get("filename") + ")");
    };
    button.addEventListener("click", () => {
      const blob = new Blob([model.get("content")], { type: model.get("mime") });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = model.get("filename");
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      model.set("clicks", model.get("clicks") + 1);
      model.save_changes();
    });
    model.on("change:label", show);
    model.on("change:disabled", show);
    model.on("change:filename", show);
    show();
    el.appendChild(button);
  },
};
