/* A table's CSV and XLSX buttons (layouts/table_export.py, callbacks/exports.py): on a click, read what the grid
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
