// A real button that saves a file made in the browser (no server file, no network), so it
// works in JupyterLab, Voila and a static site. The file's text is asked of the kernel
// when the button is pressed: held on the page, the whole plan went to every open lesson
// with every change typed anywhere.
const NO_ANSWER_MS = 15000;

export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ck-button ck-download";
    const problem = document.createElement("div");
    problem.className = "ck-message ck-message-error";
    problem.setAttribute("role", "alert");
    problem.hidden = true;
    let waiting = null;  // the request this view waits for, and its time limit

    const show = () => {
      button.textContent = model.get("label");
      button.disabled = model.get("disabled");
      button.setAttribute("aria-label", model.get("label") + " (" + model.get("filename") + ")");
    };
    const stopWaiting = () => {
      clearTimeout(waiting.timer);
      waiting = null;
      button.removeAttribute("aria-busy");
    };
    button.addEventListener("click", () => {
      if (waiting) return;
      problem.hidden = true;
      const request = String(Date.now()) + Math.random();
      waiting = { request, timer: setTimeout(() => {
        stopWaiting();
        say("the lesson's Python did not answer, so the file was not made. Your plan is " +
            "kept in this browser: press again once the page is connected.");
      }, NO_ANSWER_MS) };
      button.setAttribute("aria-busy", "true");
      model.send({ op: "make", request });
    });
    const say = (text) => {
      problem.textContent = "⚠ Error: " + text;
      problem.hidden = false;
    };
    model.on("msg:custom", (message, buffers) => {
      if (!waiting || message.request !== waiting.request) return;
      stopWaiting();
      if (message.op === "failed") {
        say("the file could not be made (a fault in the kit: its details are in the " +
            "server's log). Your plan is kept in this browser.");
        return;
      }
      const url = URL.createObjectURL(new Blob(buffers, { type: model.get("mime") }));
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = model.get("filename");
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
    model.on("change:label", show);
    model.on("change:disabled", show);
    model.on("change:filename", show);
    show();
    el.append(button, problem);
  },
};
