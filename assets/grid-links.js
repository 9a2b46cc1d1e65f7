/* Cell renderers of the AG Grids (dash-ag-grid looks them up by name in dashAgGridComponentFunctions).

   ProvinceLink: a province's name in a region's status grid as a real link — it can be copied, opened in a new
   tab (Ctrl/⌘-click, middle click) or followed in place; in place it changes the URL the way dcc.Link does,
   so Dash routes it without a reload.

   CommentedCell: a province's figure in that grid and, when the figure has comments, the count beside it (the
   speech bubble of layouts/comments.py count_link) as a link to the province's thread on that indicator. Its
   noun is there for screen readers and for the text of the cell, hidden from the eye; the column's
   valueFormatter (withComments) gives the CSV and XLSX the same words. */
(function () {
  "use strict";
  const functions = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  const formatters = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  function follow(target, toTop) {
    return function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      window.history.pushState({}, "", target);
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
      if (toTop) window.scrollTo(0, 0);
    };
  }

  functions.ProvinceLink = function (props) {
    const target = props.data && props.data.href;
    if (!target) return props.value;
    return React.createElement(
      "a",
      { href: target, className: "province-link rp-grid-link", onClick: follow(target, true) },
      props.value
    );
  };

  function commentsOf(params, field) {
    const comments = params.data && params.data[field];
    return comments && comments.n ? comments : null;
  }

  /* The cell as text, for the files: "✔ 71.4 ⚑ 3 ความเห็น". */
  formatters.withComments = function (params, field) {
    const comments = commentsOf(params, field);
    return comments ? params.value + " " + comments.n + " " + comments.noun : params.value;
  };

  functions.CommentedCell = function (props) {
    const comments = commentsOf(props, props.comments);
    if (!comments) return props.value;
    const link = React.createElement(
      "a",
      { href: comments.href, className: "fc-count rp-grid-count", title: comments.title, onClick: follow(comments.href) },
      React.createElement("span", { className: "fc-bubble", "aria-hidden": "true" }),
      React.createElement("span", { className: "fc-count-n" }, String(comments.n)),
      " ",
      React.createElement("span", { className: "rp-grid-count-noun" }, comments.noun)
    );
    return React.createElement(React.Fragment, null, props.value, " ", link);
  };
})();
