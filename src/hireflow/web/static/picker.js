// Type-ahead for choosing a person, served with the app (no outside requests, no inline code,
// so the Content-Security-Policy stays "script-src 'self'"). Two uses of one component:
//
//   <input role="combobox" data-suggest="/people/suggest" data-pick="ID-OF-HIDDEN-INPUT"
//          aria-controls="LISTBOX-ID" data-status="LIVE-REGION-ID">
//     a picker (WAI-ARIA combobox with a listbox popup): the chosen id goes in the hidden
//     input, the name in the field;
//   <textarea data-mention="/candidates/ID/mentionable" aria-controls="LISTBOX-ID" ...>
//     @mention autocomplete: typing "@" and letters offers colleagues; picking one writes
//     "@handle " (the handle the server resolves to exactly that colleague).
//
// The source answers JSON {"options": [{"id", "label", "detail", "handle"?}]} for ?q=.
// Keys: ArrowDown / ArrowUp move, Enter picks, Escape closes, Tab leaves. Without this
// script the typed text is submitted and matched on the server, as before.
(() => {
  "use strict";
  const DELAY_MS = 150;
  const MENTION = /(?:^|[^\w@])@([\w.+-]{1,60})$/u;

  function setup(field) {
    if (field.dataset.pickerReady) return;
    field.dataset.pickerReady = "1";
    const list = document.getElementById(field.getAttribute("aria-controls"));
    if (!list) return;
    const mention = field.hasAttribute("data-mention");
    const source = field.dataset.mention || field.dataset.suggest;
    const hidden = field.dataset.pick ? document.getElementById(field.dataset.pick) : null;
    const status = field.dataset.status ? document.getElementById(field.dataset.status) : null;
    let options = [];
    let active = -1;
    let timer = 0;
    let asked = 0;
    let range = null;

    const say = (text) => { if (status) status.textContent = text; };
    const expanded = (open) => {
      if (!mention) field.setAttribute("aria-expanded", String(open));
    };

    function close() {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      expanded(false);
      field.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.from(list.children).forEach((item, i) => {
        item.setAttribute("aria-selected", String(i === index));
      });
      const item = list.children[index];
      if (item) {
        field.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      } else {
        field.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      options = found;
      list.replaceChildren();
      found.forEach((option, i) => {
        const item = document.createElement("li");
        item.id = `${list.id}-${i}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = option.label;
        if (option.detail) {
          const detail = document.createElement("span");
          detail.className = "detail";
          detail.textContent = ` · ${option.detail}`;
          item.append(detail);
        }
        // mousedown, not click: the field keeps the focus (no blur closes the list first)
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(i);
        });
        list.append(item);
      });
      const open = found.length > 0;
      list.hidden = !open;
      expanded(open);
      highlight(-1);
      say(open
        ? `${found.length} match${found.length === 1 ? "" : "es"}: up and down arrows to move, Enter to pick.`
        : "No match.");
    }

    function typed() {
      if (!mention) return field.value.trim();
      const caret = field.selectionStart;
      const found = MENTION.exec(field.value.slice(0, caret));
      range = found ? [caret - found[1].length - 1, caret] : null;
      return found ? found[1] : "";
    }

    async function ask() {
      const q = typed();
      if (!q) {
        close();
        return;
      }
      const mine = ++asked;
      const url = new URL(source, window.location.href);
      url.searchParams.set("q", q);
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok || mine !== asked) return;
        const body = await response.json();
        if (mine === asked) show(Array.isArray(body.options) ? body.options : []);
      } catch (_) {
        // Offline or refused: what was typed is still matched on the server.
      }
    }

    function choose(index) {
      const option = options[index];
      if (!option) return;
      if (mention) {
        if (range) field.setRangeText(`@${option.handle} `, range[0], range[1], "end");
      } else {
        field.value = option.label;
        if (hidden) hidden.value = option.id;
      }
      close();
      say(`${option.label} picked.`);
      field.focus();
    }

    field.addEventListener("input", () => {
      if (hidden) hidden.value = "";
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
    field.addEventListener("keydown", (event) => {
      if (list.hidden) {
        if (event.key === "ArrowDown" && !mention && field.value.trim()) {
          event.preventDefault();
          ask();
        }
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        say("Suggestions closed.");
      } else if (event.key === "Tab") {
        close();
      }
    });
    field.addEventListener("blur", close);
  }

  const scan = (root) => {
    root.querySelectorAll("[data-suggest], [data-mention]").forEach(setup);
  };
  scan(document);
  // Pages swapped in by HTMX bring their own pickers.
  document.addEventListener("htmx:load", (event) => scan(event.detail.elt));
})();
