/* The wall kiosk (/wall): which of the four walls this screen shows, and its clock — all in the browser.

   Every screen of the room computes the same wall from the clock, index = floor(now / N s) % 4, so they turn
   in step with no server round trip. The choice is written to <html data-wall="…">, outside the part of the
   page Dash re-renders, and CSS shows the matching view: a re-render for new data never flashes to another
   wall. The server's render carries the deck's choice as data attributes on #wall-room (data-show,
   data-paused, data-focus) and its own pick of the wall as the class wall-initial-<name> for the first paint.
   One interval and one observer for the life of the page, whatever is re-rendered: nothing accumulates. */
(function () {
  "use strict";
  if (window.__cockpitWall) return;
  window.__cockpitWall = true;

  const WALLS = ["black", "red", "blue", "white"];
  const root = document.documentElement;
  const formats = {};

  function formatter(lang, kind) {
    const key = lang + kind;
    if (!formats[key]) {
      const locale = lang === "en" ? "en-GB-u-ca-buddhist" : "th-TH-u-ca-buddhist";
      const options = kind === "time"
        ? { timeZone: "Asia/Bangkok", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }
        : { timeZone: "Asia/Bangkok", weekday: "short", day: "numeric", month: "short", year: "numeric" };
      formats[key] = new Intl.DateTimeFormat(locale, options);
    }
    return formats[key];
  }

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  function choose(room, now) {
    const state = room.dataset;
    const show = state.show || "";
    if (show.indexOf("/wall/") === 0 && WALLS.indexOf(show.slice(6)) >= 0) return show.slice(6);
    if (state.focus === "1") return "focus";
    const current = root.dataset.wall || state.initial;
    if (state.paused === "1" && WALLS.indexOf(current) >= 0) return current; // the deck holds what is on show
    if (WALLS.indexOf(state.screen) >= 0) return state.screen;
    const seconds = Math.max(1, parseInt(state.rotate, 10) || 30);
    return WALLS[Math.floor(now / 1000 / seconds) % WALLS.length];
  }

  function apply() {
    const room = document.getElementById("wall-room");
    if (!room) {
      if (root.dataset.wall) delete root.dataset.wall;
      return;
    }
    const now = Date.now();
    const wall = choose(room, now);
    if (root.dataset.wall !== wall) root.dataset.wall = wall;
    const lang = room.dataset.lang === "en" ? "en" : "th";
    const moment = new Date(now);
    setText(document.getElementById("wall-clock-time"), formatter(lang, "time").format(moment));
    setText(document.getElementById("wall-clock-date"), formatter(lang, "date").format(moment));
  }

  window.cockpitWall = { apply: apply, choose: choose };

  // A new render (new data, a deck change) is applied before it is painted.
  const observer = new MutationObserver(apply);
  function watch() {
    const entry = document.getElementById("react-entry-point") || document.body;
    observer.observe(entry, {
      childList: true, subtree: true, attributes: true,
      attributeFilter: ["data-show", "data-paused", "data-focus", "data-screen", "data-rotate", "data-initial"],
    });
    apply();
  }
  if (document.body) watch(); else document.addEventListener("DOMContentLoaded", watch, { once: true });

  // The clock and the rotation: one tick a second, aligned to the second so every screen turns together.
  setTimeout(function () {
    apply();
    setInterval(apply, 1000);
  }, 1000 - (Date.now() % 1000) + 5);
})();
