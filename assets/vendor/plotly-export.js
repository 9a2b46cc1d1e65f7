/* A chart's PNG export (the camera of the mode bar, layouts/charts.py export_config), loaded after
   plotly-cockpit.min.js (same folder, name sorted after it), so window.Plotly exists.

   - Plotly's words for it in Thai (config.locale "th"): the camera's tooltip and what the chart says meanwhile.
   - Plotly's own PNG draws the chart's SVG as an image, where the page's web font (Sarabun) does not reach: on a
     machine with no Thai system font every Thai letter came out as a box. So "downloadImage", which the camera
     calls, is replaced: the SVG gets Sarabun embedded (assets/fonts.css with its files inlined as data: URLs,
     fetched once from this server) and is drawn on a canvas at the asked scale. Nothing leaves the machine. */
(function () {
  "use strict";
  const Plotly = window.Plotly;
  if (!Plotly || !Plotly.register) return;

  Plotly.register({
    moduleType: "locale",
    name: "th",
    dictionary: {
      "Download plot as a PNG": "ดาวน์โหลดแผนภูมิเป็นภาพ PNG",
      "Download plot": "ดาวน์โหลดแผนภูมิ",
      "Preparing image - this may take a few seconds": "กำลังสร้างภาพ อาจใช้เวลาสักครู่",
      "Image download succeeded": "ดาวน์โหลดภาพแล้ว",
      "Sorry, there was a problem downloading your image!": "ขออภัย ดาวน์โหลดภาพไม่สำเร็จ",
    },
  });

  const plotlyDownload = Plotly.downloadImage;
  let fontFaces = null;

  function dataUrl(blob) {
    return new Promise(function (resolve, reject) {
      const reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(blob);
    });
  }

  /* The page's @font-face rules with each font file inlined; "" when there are none (the image then falls back
     to the system's fonts, as Plotly's own export does). */
  function embeddedFonts() {
    if (fontFaces) return fontFaces;
    const link = document.querySelector('link[rel="stylesheet"][href*="fonts.css"]');
    if (!link) return Promise.resolve("");
    fontFaces = fetch(link.href)
      .then(function (response) { return response.text(); })
      .then(function (css) {
        const urls = Array.from(new Set(Array.from(css.matchAll(/url\(([^)]+)\)/g), function (m) { return m[1]; })));
        return Promise.all(
          urls.map(function (url) {
            return fetch(new URL(url.replace(/['"]/g, ""), link.href))
              .then(function (response) { return response.blob(); })
              .then(dataUrl);
          })
        ).then(function (inlined) {
          urls.forEach(function (url, index) { css = css.split(url).join(inlined[index]); });
          return css;
        });
      })
      .catch(function () {
        fontFaces = null;
        return "";
      });
    return fontFaces;
  }

  function png(gd, options) {
    const scale = options.scale || 1;
    // null: the size the chart has on screen (Plotly's own download asks the same way).
    const svgOptions = { format: "svg", width: options.width || null, height: options.height || null };
    return Promise.all([Plotly.toImage(gd, svgOptions), embeddedFonts()]).then(function (parts) {
      let svg = decodeURIComponent(parts[0].replace(/^data:image\/svg\+xml,/, ""));
      if (parts[1]) svg = svg.replace(/^(<svg[^>]*>)/, "$1<defs><style>" + parts[1] + "</style></defs>");
      return new Promise(function (resolve, reject) {
        const image = new Image();
        image.onload = function () {
          const canvas = document.createElement("canvas");
          canvas.width = Math.round(image.width * scale);
          canvas.height = Math.round(image.height * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("canvas")); }, "image/png");
        };
        image.onerror = function () { reject(new Error("svg image")); };
        image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
      });
    });
  }

  function downloadImage(gd, options) {
    options = options || {};
    if ((options.format || "png") !== "png") return plotlyDownload(gd, options);
    gd = typeof gd === "string" ? document.getElementById(gd) : gd;
    if (gd._snapshotInProgress) return Promise.reject(new Error("Snapshotting already in progress."));
    gd._snapshotInProgress = true;
    const name = (options.filename || "chart") + ".png";
    return png(gd, options)
      .then(function (blob) {
        const url = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        return name;
      })
      .finally(function () { gd._snapshotInProgress = false; });
  }

  Plotly.downloadImage = downloadImage;
  Plotly.register({ moduleType: "apiMethod", name: "downloadImage", fn: downloadImage });

  /* A preview inside a link (a nation tile's sparkline, a region's small chart on the indicator page) carries the
     camera too, and a click on it must make the image without following the link. The link is followed twice
     over: dcc.Link hears the click in React, at the page's root, after it has bubbled out of the chart, and the
     browser follows an <a href> around the button unless the click's default is prevented. So, as the click sets
     out, its mode bar is told to stop it on its way up and to prevent its default, once its button has done its
     work. A click anywhere else on the preview still opens the link. */
  document.addEventListener(
    "click",
    function (event) {
      const bar = event.target instanceof Element ? event.target.closest(".modebar") : null;
      if (!bar || !bar.closest("a[href]")) return;
      bar.addEventListener(
        "click",
        function (inside) {
          inside.stopPropagation();
          inside.preventDefault();
        },
        { once: true }
      );
    },
    true
  );
})();
