/* Cell renderers of the AG Grids (dash-ag-grid looks them up by name in dashAgGridComponentFunctions).

   ProvinceLink: a province's name in a region's status grid as a real link — it can be copied, opened in a new
   tab (Ctrl/⌘-click, middle click) or followed in place; in place it changes the URL the way dcc.Link does,
   so Dash routes it without a reload. */
(function () {
  "use strict";
  const functions = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

  functions.ProvinceLink = function (props) {
    const target = props.data && props.data.href;
    if (!target) return props.value;
    return React.createElement(
      "a",
      {
        href: target,
        className: "province-link rp-grid-link",
        onClick: function (event) {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          window.history.pushState({}, "", target);
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
          window.scrollTo(0, 0);
        },
      },
      props.value
    );
  };
})();
