// A real button that opens the browser's file chooser and hands the chosen file to the
// kernel. ipywidgets' FileUpload shows a file count in its label ("Load a plan (0)").

export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ck-button ck-upload";
    const input = document.createElement("input");
    input.type = "file";
    input.hidden = true;
    const show = () => {
      button.textContent = model.get("label");
      button.disabled = model.get("disabled");
      input.accept = model.get("accept");
    };
    button.addEventListener("click", () => {
      input.value = "";  // the same file chosen again is a new choice
      input.click();
    });
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      if (file.size > model.get("max_megabytes") * 1024 * 1024) {
        model.send({ op: "too_big", name: file.name, size: file.size });
        return;
      }
      try {
        model.send({ op: "file", name: file.name }, undefined, [await file.arrayBuffer()]);
      } catch (error) {
        model.send({ op: "unreadable", name: file.name, message: String(error) });
      }
    });
    // DOMWidget.focus() from the kernel: this view's element is a plain box.
    model.on("msg:custom", (message) => {
      if (message && message.do === "focus") button.focus();
    });
    model.on("change:label", show);
    model.on("change:disabled", show);
    model.on("change:accept", show);
    show();
    el.append(button, input);
  },
};
