// Keeps the participant's plan in this browser's localStorage (one key per section),
// so a reload, a culled kernel or a restarted server loses nothing.
// What is typed is also kept as a draft straight from the browser, without waiting
// for the kernel, so even keystrokes the kernel had not processed survive a reload.
function keysWithPrefix(prefix) {
  const keys = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key && key.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

function readDrafts(prefix, storage = localStorage) {
  try {
    const drafts = JSON.parse(storage.getItem(prefix + "drafts") || "{}");
    return drafts && typeof drafts === "object" ? drafts : {};
  } catch (error) {
    return {};
  }
}

// Drafts are kept twice: for the browser (any tab, a tab closed and opened again) and for
// this tab alone, which a reload of it finds first. Two tabs of one lesson share the
// browser's drafts: the form another tab saved and emptied wrote its empty boxes there,
// and a reload here then lost what was typed here and not saved.
function forgetDrafts(prefix) {
  localStorage.removeItem(prefix + "drafts");
  sessionStorage.removeItem(prefix + "drafts");
}

const RESTORE_RETRY_MS = 3000;

// The page builds the lesson's widgets one by one once it has their state; a message
// from the kernel that reaches a widget still being built is dropped. The restore's
// answer unlocks and refills widgets all over the page, so it waits until every widget
// the page knows is built (seen in a class burst: a page left "Restoring" for good).
async function everyWidgetBuilt(manager) {
  await Promise.allSettled(Object.values((manager && manager._models) || {}));
}

export default {
  initialize({ model }) {
    const prefix = model.get("storage_prefix");
    const sectionPrefix = prefix + "section/";
    // For recent saves, "section:fingerprint" -> the fingerprint of the section each
    // changed (session.py): one key per save, written before the section itself, so that
    // a storage event handled after a later save still finds its own, and so that two
    // tabs saving at once never write over each other's (one shared key lost entries).
    const lineagePrefix = prefix + "lineage/";
    const LINEAGE_KEPT = 64;
    function readLineage(name) {
      const lineage = {};
      for (const key of keysWithPrefix(lineagePrefix + name + ":")) {
        try {
          lineage[key.slice(lineagePrefix.length)] = JSON.parse(localStorage.getItem(key)).from;
        } catch (error) {
          // another tab removed it meanwhile, or it is not the kit's: left out
        }
      }
      return lineage;
    }
    // Lineage only helps another tab merge: storage too full for it must not stop the plan
    // itself from being saved (a change that shrinks a section would still fit).
    function keepLineage(entries) {
      try {
        for (const [entry, from] of Object.entries(entries || {})) {
          localStorage.setItem(lineagePrefix + entry, JSON.stringify({ from, at: Date.now() }));
        }
      } catch (error) {
        for (const key of keysWithPrefix(lineagePrefix)) localStorage.removeItem(key);
        return;
      }
      const kept = keysWithPrefix(lineagePrefix);
      if (kept.length <= LINEAGE_KEPT) return;
      const when = new Map(kept.map((key) => {
        try { return [key, JSON.parse(localStorage.getItem(key)).at || 0]; } catch (error) { return [key, 0]; }
      }));
      kept.sort((one, other) => when.get(one) - when.get(other));
      for (const key of kept.slice(0, kept.length - LINEAGE_KEPT)) localStorage.removeItem(key);
    }
    const draftsAtLoad = { ...readDrafts(prefix), ...readDrafts(prefix, sessionStorage) };
    const watched = new Map();

    const sections = {};
    for (const key of keysWithPrefix(sectionPrefix)) {
      sections[key.slice(sectionPrefix.length)] = localStorage.getItem(key);
    }
    const meta = localStorage.getItem(prefix + "meta");

    // On a hub, the plan its users' browsers shared before each had their own: offered to
    // this user unless they said it is not theirs. Every user's own keys are under it.
    const unclaimedPrefix = model.get("unclaimed_prefix");
    const declinedKey = prefix + "unclaimed-declined";
    function unclaimedPlan() {
      if (!unclaimedPrefix) return null;
      const found = {};
      for (const key of keysWithPrefix(unclaimedPrefix + "section/")) {
        found[key.slice(unclaimedPrefix.length + "section/".length)] = localStorage.getItem(key);
      }
      const foundMeta = localStorage.getItem(unclaimedPrefix + "meta");
      if (!Object.keys(found).length) return null;
      if (localStorage.getItem(declinedKey) === (foundMeta || "")) return null;
      return { sections: found, meta: foundMeta };
    }
    function forgetUnclaimed() {
      if (!unclaimedPrefix) return;
      for (const key of keysWithPrefix(unclaimedPrefix)) {
        if (!key.startsWith(unclaimedPrefix + "user/")) localStorage.removeItem(key);
      }
    }

    // Read again before each write: every open lesson writes drafts, and writing this
    // page's older copy would drop what was typed meanwhile in another lesson's tab.
    function saveDraft(key, value) {
      try {
        for (const storage of [localStorage, sessionStorage]) {
          const latest = readDrafts(prefix, storage);
          latest[key] = value;
          storage.setItem(prefix + "drafts", JSON.stringify(latest));
        }
      } catch (error) {
        model.send({ op: "storage_error", message: String(error) });
      }
    }

    // A list's choice is kept as its text, not its position: the choices offered can
    // change (the seasons move on, a scenario is renamed), and a position would then
    // name another choice (session.py's _draft_of does the same in the kernel).
    function draftOf(control, trait) {
      if (trait !== "index") return control.get(trait);
      const index = control.get("index");
      return index === null ? null : control.get("_options_labels")[index];
    }

    async function watchTracked() {
      const tracked = model.get("tracked") || {};
      for (const [key, [modelId, trait]] of Object.entries(tracked)) {
        if (watched.get(key) === modelId) continue;
        watched.set(key, modelId);
        try {
          const control = await model.widget_manager.get_model(modelId);
          // Written once the control's handler is done: the change goes to the kernel
          // first (the draft's storage writes delayed it by a third of a millisecond),
          // and nothing else runs before the draft is written.
          const keep = () => queueMicrotask(() => saveDraft(key, draftOf(control, trait)));
          control.on("change:" + trait, keep);
          if (trait === "index") control.on("change:_options_labels", keep);
        } catch (error) {
          watched.delete(key);
        }
      }
    }

    // The first restore can be lost while the page is still wiring up its kernel (seen
    // when a class opens pages at once): it is sent again until the kernel says it has it.
    let restored = false;
    function sendRestore() {
      if (restored) return;
      model.send({ op: "restore", sections, meta, drafts: draftsAtLoad,
                   utc_offset_minutes: -new Date().getTimezoneOffset(),
                   unclaimed: unclaimedPlan() });
      setTimeout(sendRestore, RESTORE_RETRY_MS);
    }

    // A save is kept whole or not at all: a plan loaded from a file that did not fit left
    // its first sections beside the old plan's others, and a reload showed the mix.
    function writeAllOrNothing(writes) {
      const before = [];
      try {
        for (const [key, text] of writes) {
          const old = localStorage.getItem(key);
          localStorage.setItem(key, text);
          before.push([key, old]);
        }
      } catch (error) {
        for (const [key, old] of before.reverse()) {
          if (old === null) localStorage.removeItem(key);
          else localStorage.setItem(key, old);  // it fitted before, with less written
        }
        throw error;
      }
    }

    function onMessage(message) {
      try {
        if (message.op === "restored") {
          restored = true;
        } else if (message.op === "save") {
          keepLineage(message.lineage);
          const writes = Object.entries(message.sections)
            .map(([name, text]) => [sectionPrefix + name, text]);
          if (message.meta) writes.push([prefix + "meta", message.meta]);
          writeAllOrNothing(writes);
          if (message.forget_drafts) forgetDrafts(prefix);
          // The kernel needs word only of a save of every section (the one after a
          // refusal clears the warning): a reply to every save woke it again for nothing.
          if (message.everything) model.send({ op: "saved", everything: true });
        } else if (message.op === "forget_unclaimed") {
          forgetUnclaimed();
        } else if (message.op === "decline_unclaimed") {
          localStorage.setItem(declinedKey, localStorage.getItem(unclaimedPrefix + "meta") || "");
        } else if (message.op === "clear") {
          for (const key of keysWithPrefix(prefix)) localStorage.removeItem(key);
          model.send({ op: "cleared" });
        }
      } catch (error) {
        model.send({ op: "storage_error", message: String(error) });
      }
    }

    function onOtherTab(event) {
      if (event.storageArea !== localStorage || !event.key) return;
      if (event.key.startsWith(sectionPrefix)) {
        const name = event.key.slice(sectionPrefix.length);
        model.send({ op: "external", section: name, text: event.newValue,
                     lineage: readLineage(name) });
      } else if (event.key === prefix + "meta" && event.newValue) {
        model.send({ op: "external_times", meta: event.newValue });
      } else if (event.key === prefix + "drafts" && event.newValue === null) {
        // Another tab cleared the plan or loaded one: this tab's drafts go too.
        sessionStorage.removeItem(prefix + "drafts");
      }
    }

    // A kernel that dies (its memory ran out, say) is started again by the server under
    // the same address, empty: the page stays connected and looks ready, but none of its
    // tools answers any more. The kit's page template reloads the page then; the plan and
    // what was typed are in this browser.
    const kernel = model.widget_manager && model.widget_manager.kernel;
    function onKernelStatus(_kernel, status) {
      if (status === "autorestarting") {
        window.dispatchEvent(new CustomEvent("career-kit:kernel-lost",
                                             { detail: "its Python kernel was started again" }));
      }
    }

    model.on("msg:custom", onMessage);
    model.on("change:tracked", watchTracked);
    window.addEventListener("storage", onOtherTab);
    if (kernel && kernel.statusChanged) kernel.statusChanged.connect(onKernelStatus);
    watchTracked();
    everyWidgetBuilt(model.widget_manager).then(sendRestore);
    return () => {
      window.removeEventListener("storage", onOtherTab);
      if (kernel && kernel.statusChanged) kernel.statusChanged.disconnect(onKernelStatus);
    };
  },

  render() {
    // Nothing to draw: the plan bar shows the storage status.
  },
};
