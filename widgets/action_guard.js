// On every lesson page (Voila, JupyterLab, the static site), a button pressed or a link
// followed waits until the kernel has what was typed before it. Nothing to draw.
// ipywidgets sends a control's changes one message at a time: until the kernel has
// answered one, it holds the control's next change back. A button pressed meanwhile
// overtook what was typed (an application added as "I – Q" while its boxes said Initech
// and QA intern), and a link followed meanwhile left the page before the change was
// saved (lesson 07 then showed a half-typed amount). Both now wait until the kernel has
// answered every change the page sent, and the page has sent every change it held back.
const ANSWER_POLL_MS = 20;

function followsLater(event, target) {
  if (target.tagName !== "A") return true;
  const plainClick = event.button === 0 && !event.ctrlKey && !event.metaKey
                     && !event.shiftKey && !event.altKey;
  return plainClick && (!target.target || target.target === "_self");
}

// Every widget the page knows, once built (or failed).
function everyWidgetBuilt(manager) {
  return Promise.allSettled(Object.values((manager && manager._models) || {}));
}

function holdActionsUntilAnswered(manager) {
  const known = new Set();
  async function learnControls() {
    for (const each of await everyWidgetBuilt(manager)) {
      if (each.status === "fulfilled" && each.value) known.add(each.value);
    }
  }
  function unanswered() {
    for (const control of known) {
      if (control._closed || control.comm_live === false) {
        known.delete(control);
      } else if (control._pending_msgs > 0 || (control._msg_buffer !== null
                                                 && control._msg_buffer !== undefined)) {
        return true;
      }
    }
    return false;
  }
  const held = new Set();
  let releasing = false;
  function hold(event) {
    const target = event.target && event.target.closest && event.target.closest("button, a[href]");
    if (releasing || !target || !followsLater(event, target)) return;
    if (!held.has(target) && !unanswered()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.has(target)) return;  // pressed again while waiting: once is enough
    held.add(target);
    // Said while it waits (offline, it waits for the connection): pressed, not lost.
    target.setAttribute("aria-busy", "true");
    const release = () => {
      if (unanswered()) {
        setTimeout(release, ANSWER_POLL_MS);
        return;
      }
      held.delete(target);
      target.removeAttribute("aria-busy");
      releasing = true;
      try {
        target.click();
      } finally {
        releasing = false;
      }
    };
    setTimeout(release, ANSWER_POLL_MS);
  }
  // Controls built later (an item's editor) are learnt as the participant reaches them.
  document.addEventListener("focusin", learnControls, true);
  document.addEventListener("click", hold, true);
  learnControls();
  return () => {
    document.removeEventListener("focusin", learnControls, true);
    document.removeEventListener("click", hold, true);
  };
}

export default {
  initialize({ model }) {
    // Started once the widgets the page knows are built, as the plan store's restore is:
    // started at once, it missed a box typed into and left by a link in the same moment
    // (2 of 13 runs of the test).
    const manager = model.widget_manager;
    let stop = () => {};
    everyWidgetBuilt(manager).then(() => {
      stop = holdActionsUntilAnswered(manager);
    });
    return () => stop();
  },

  render() {},
};
