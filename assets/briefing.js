/* The briefing buttons: the moment one is clicked it says "preparing…" and takes no second click, until the
   server's answer (the PDF as a download, or why not) puts it back (callbacks/briefing.py). In the browser, not
   through Dash's running state, which would flash "preparing…" whenever a new rendering of the page brings a new
   button, even with no click. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  briefing: {
    preparing: function (clicks) {
      const noUpdate = window.dash_clientside.no_update;
      if (!clicks) return [noUpdate, noUpdate];
      return ["briefing-button briefing-busy", true];
    },
  },
});
