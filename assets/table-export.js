/* A table's CSV and XLSX buttons (layouts/table_export.py, callbacks/exports.py): on a click, read what the grid
   (or a plain HTML table, `spec.table`)
   shows through AG Grid's API — the displayed columns in their order with their header names, the rows after
   filter and sort (every page of a paged grid), each cell as its formatter shows it — and hand it to the server,
   which makes the file. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  cockpit_exports: {
    shownTable: function (_csvClicks, _xlsxClicks, spec) {
      const clientside = window.dash_clientside;
      const triggered = (clientside.callback_context.triggered || [])[0];
      if (!triggered || !triggered.value || !spec) return clientside.no_update;
      const format = triggered.prop_id.indexOf('"table-xlsx"') >= 0 ? "xlsx" : "csv";
      if (spec.table) {
        /* A plain HTML table: its header cells and each body row's cells as drawn, padded or cut to the header.
           What is there to act, not to read, stays out: a column marked `table-export-skip` (an approval's
           buttons), and the buttons and inputs inside a cell (an alert rule's "turn off" beside its state), hidden
           only while the cells are read, within this one script turn (nothing is drawn meanwhile). */
        const table = document.getElementById(spec.table);
        if (!table) return clientside.no_update;
        const controls = Array.from(table.querySelectorAll("button, input, select, textarea"));
        const displays = controls.map(function (control) { return control.style.display; });
        controls.forEach(function (control) { control.style.display = "none"; });
        const text = function (cell) { return cell.innerText.replace(/\s+/g, " ").trim(); };
        const shown = function (row) {
          return Array.from(row.children).filter(function (cell) {
            return !cell.classList.contains("table-export-skip");
          });
        };
        try {
          const headRow = table.querySelector("thead tr:last-child");
          const heads = headRow ? shown(headRow).map(text) : [];
          const body = Array.from(table.querySelectorAll("tbody tr")).map(function (tr) {
            const cells = shown(tr).map(text).slice(0, heads.length);
            while (cells.length < heads.length) cells.push(null);
            return cells;
          });
          return { format: format, name: spec.name, lang: spec.lang, columns: heads, rows: body, clicked: Date.now() };
        } finally {
          controls.forEach(function (control, index) { control.style.display = displays[index]; });
        }
      }
      const api = window.dash_ag_grid.getApi(spec.grid);
      const columns = api.getAllDisplayedColumns();
      const rows = [];
      api.forEachNodeAfterFilterAndSort(function (node) {
        if (node.group || !node.data) return;
        rows.push(
          columns.map(function (column) {
            const value = api.getCellValue({ rowNode: node, colKey: column, useFormatter: true });
            return value === undefined || value === null || typeof value === "object" ? null : value;
          })
        );
      });
      return {
        format: format,
        name: spec.name,
        lang: spec.lang,
        columns: columns.map(function (column) {
          return api.getDisplayNameForColumn(column, "csv");
        }),
        rows: rows,
        clicked: Date.now(),
      };
    },
  },
});
