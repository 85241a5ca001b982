// The browser side of ApexChart.razor. ApexCharts itself is the global `ApexCharts` that App.razor loads.
//
// Each chart lives here under its component's id. Its operations run one after another (entry.queue), so an
// update, a save or a destroy sent while the chart is still being drawn waits for it instead of finding
// nothing, and a disposed component never leaves a chart behind. Only initialize (its answer says whether
// the chart exists) and saveImage make .NET wait: update and destroy return at once, so a browser that is
// slow to redraw never holds the circuit. Whatever fails in the queue is reported on the console.

const charts = new Map();
const locales = new Map();

// A redraw that never settles must not stall its chart's queue for ever on a screen that runs for weeks.
const redrawWaitMs = 30_000;

// How a redraw waits for the page's counting numerals (see countsSettled).
const countCheckMs = 50;
const countWaitMs = 2_000;

// Answers whether the chart was drawn; when it was not, .NET calls this again on its next render.
export async function initialize(id, element, configJson) {
  // A second call for the same id (the first failed or timed out on the .NET side, perhaps after all
  // drawing its chart) replaces whatever the first one left rather than adding a chart beside it.
  const previous = charts.get(id);
  const entry = { chart: null, shape: null, nextConfig: null, queue: previous ? destroyEntry(id, previous) : Promise.resolve() };
  charts.set(id, entry);

  const created = entry.queue.then(() => createChart(element, configJson));
  entry.queue = created.then(
    (drawn) => {
      entry.chart = drawn?.chart ?? null;
      entry.shape = drawn?.shape ?? null;
    },
    (error) => console.error("ApexChart", id, error),
  );
  await entry.queue;

  if (!entry.chart && charts.get(id) === entry) {
    charts.delete(id);
  }

  return entry.chart !== null;
}

export function update(id, configJson) {
  const entry = charts.get(id);
  if (!entry) {
    return;
  }

  // Each config is whole, so of the updates waiting behind a slow redraw only the newest needs drawing.
  const alreadyQueued = entry.nextConfig !== null;
  entry.nextConfig = configJson;
  if (!alreadyQueued) {
    enqueue(id, entry, (chart) => {
      const next = entry.nextConfig;
      entry.nextConfig = null;
      return applyConfig(id, entry, chart, next);
    });
  }
}

// Saves the chart with its caption (title and period above, "数据来源：…" below) as an SVG, or as a PNG at twice
// the size on screen, sharp enough to print.
export function saveImage(id, format, fileName, caption) {
  const entry = charts.get(id);
  if (!entry) {
    return Promise.resolve();
  }

  // The image is made and saved here; only the request came over the circuit, and nothing goes back.
  return enqueue(id, entry, async (chart) => {
    const { svg, width, height } = captioned(await chart.getSvgString(), chart.w.globals.svgWidth, chart.w.globals.svgHeight, caption);
    const blob = format === "svg" ? new Blob([svg], { type: "image/svg+xml;charset=utf-8" }) : await toPng(svg, width, height, 2);
    const url = URL.createObjectURL(blob);
    download(url, fileName);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}

const captionTop = 64;
const captionBottom = 36;

// The chart's own SVG inside one that adds the caption on a white ground (a transparent image pastes badly into Word).
function captioned(chartSvg, width, height, caption) {
  const inner = chartSvg.replace(/^\s*<\?xml[^>]*\?>/, "");
  const total = height + captionTop + captionBottom;
  const font = 'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="${width / 2}" y="28" text-anchor="middle" font-size="20" font-weight="bold" fill="#212121" ${font}>${escapeXml(caption?.title ?? "")}</text>` +
    `<text x="${width / 2}" y="52" text-anchor="middle" font-size="14" fill="#616161" ${font}>${escapeXml(caption?.period ?? "")}</text>` +
    `<g transform="translate(0, ${captionTop})">${inner}</g>` +
    `<text x="${width - 12}" y="${total - 12}" text-anchor="end" font-size="13" fill="#616161" ${font}>${escapeXml(caption?.source ?? "")}</text>` +
    `</svg>`;
  return { svg, width, height: total };
}

function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);
}

// Draws the SVG on a canvas `scale` times its size; an SVG image that draws nothing (no load) fails the save.
function toPng(svg, width, height, scale) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const context = canvas.getContext("2d");
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas made no PNG"))), "image/png");
    };
    image.onerror = () => reject(new Error("the chart's SVG could not be drawn"));
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  });
}

export function destroy(id) {
  const entry = charts.get(id);
  if (entry) {
    destroyEntry(id, entry);
  }
}

function destroyEntry(id, entry) {
  if (charts.get(id) === entry) {
    charts.delete(id);
  }

  entry.nextConfig = null;
  return enqueue(id, entry, (chart) => chart.destroy());
}

// Runs the operation once everything queued before it has finished; it is skipped when there is no chart.
function enqueue(id, entry, operation) {
  entry.queue = entry.queue
    .then(() => (entry.chart ? operation(entry.chart) : undefined))
    .catch((error) => console.error("ApexChart", id, error));
  return entry.queue;
}

async function applyConfig(id, entry, chart, configJson) {
  if (configJson === null) {
    return;
  }

  await countsSettled();
  const config = await prepare(configJson);
  const shape = shapeOf(config);
  resetRemovedKeys(entry.shape, config, () => defaultsFor(configJson));
  entry.shape = shape;

  // In place: the chart keeps its DOM and listeners; re-creating it per update would leak on a wall screen.
  // The next queued operation waits for this redraw (within redrawWaitMs); .NET does not.
  const redraw = Promise.resolve(chart.updateOptions(config, false, true)).catch((error) =>
    console.error("ApexChart", id, "the chart could not be redrawn", error),
  );
  let timer;
  const giveUp = new Promise((resolve) => {
    timer = setTimeout(resolve, redrawWaitMs);
  });
  await Promise.race([redraw, giveUp]);
  clearTimeout(timer);
}

// On the big screen the room watches the numerals count to a new figure (<count-up>, which marks itself
// data-shown while it counts). A redraw is a long task that would stall the count for a moment, so it waits
// until no numeral of the page is counting, checked every countCheckMs, for at most countWaitMs.
function countsSettled() {
  const started = performance.now();
  return new Promise((resolve) => {
    const check = () =>
      !document.querySelector("count-up[data-shown]") || performance.now() - started >= countWaitMs ? resolve() : setTimeout(check, countCheckMs);
    check();
  });
}

async function createChart(element, configJson) {
  let chart = null;
  try {
    const config = await prepare(configJson);
    const shape = shapeOf(config);
    chart = new ApexCharts(element, config);
    await chart.render();
    return { chart, shape };
  } catch (error) {
    console.error("ApexChart: the chart could not be drawn", error);
    try {
      chart?.destroy();
    } catch {
      // A chart that failed half-way may not even destroy cleanly; nothing more can be done for it.
    }
    return null;
  }
}

// ApexCharts merges updateOptions into the config it has, so a key set before and absent now (a title
// removed, an option no longer passed) would stay. Such keys get ApexCharts' own value for the new config;
// arrays (series, categories, colors) are replaced whole by the merge and need nothing.
function resetRemovedKeys(previousShape, config, getDefaults) {
  if (!previousShape) {
    return;
  }

  let defaults;
  const reset = (shape, target, path) => {
    for (const [key, childShape] of Object.entries(shape)) {
      if (!(key in target)) {
        defaults ??= getDefaults();
        target[key] = valueAt(defaults, [...path, key]);
      } else if (childShape !== true && isPlainObject(target[key])) {
        reset(childShape, target[key], [...path, key]);
      }
    }
  };
  reset(previousShape, config, []);
}

// The keys of a config, nested as the config is; a value that is not a plain object is a leaf (true).
function shapeOf(value) {
  if (!isPlainObject(value)) {
    return true;
  }

  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shapeOf(child)]));
}

// The complete config ApexCharts makes of ours (its defaults for this chart type filled in), from a chart
// that is constructed but never drawn. An undefined value here (e.g. title.text) is a value too: it clears.
function defaultsFor(configJson) {
  return new ApexCharts(document.createElement("div"), JSON.parse(configJson)).w.config;
}

function valueAt(object, path) {
  let value = object;
  for (const key of path) {
    value = isPlainObject(value) ? value[key] : undefined;
  }

  return value;
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Adds what JSON cannot carry: the locale texts and the number formatters.
async function prepare(configJson) {
  const config = JSON.parse(configJson);
  config.chart ??= {};
  const localeName = config.chart.defaultLocale ?? "zh-cn";
  const locale = await loadLocale(localeName);
  if (locale) {
    config.chart.locales = [locale];
  } else {
    // ApexCharts fails on a default locale it does not know; its built-in English is better than no chart.
    delete config.chart.defaultLocale;
  }

  addNumberFormatters(config, localeName === "en" ? "en" : "zh-CN");
  return config;
}

// Fetched once per page and shared by every chart; a failed fetch is tried again next time.
function loadLocale(name) {
  if (!locales.has(name)) {
    const url = new URL(`lib/apexcharts/${encodeURIComponent(name)}.json`, document.baseURI);
    const loading = fetch(url)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`${url}: ${response.status}`))))
      .catch((error) => {
        console.warn("ApexChart: locale not loaded", error);
        locales.delete(name);
        return null;
      });
    locales.set(name, loading);
  }

  return locales.get(name);
}

// Never exponent form. On axes and data labels compact (1.9万, 3.2亿 / 19K), as NumberFormat.Compact does;
// in tooltips the full figure. Labels that are not numbers (categories) pass through.
function addNumberFormatters(config, numberLocale) {
  const compact = new Intl.NumberFormat(numberLocale, { notation: "compact" });
  const full = new Intl.NumberFormat(numberLocale, { maximumFractionDigits: 2 });
  const axisLabel = (value) => (typeof value === "number" ? (Number.isFinite(value) ? compact.format(value) : "") : value);
  const fullValue = (value) => (typeof value === "number" && Number.isFinite(value) ? full.format(value) : "");

  const withLabelFormatter = (axis) => ({ ...axis, labels: { formatter: axisLabel, ...axis?.labels } });
  config.yaxis = Array.isArray(config.yaxis) ? config.yaxis.map(withLabelFormatter) : withLabelFormatter(config.yaxis);
  config.xaxis = withLabelFormatter(config.xaxis);
  config.dataLabels = { formatter: axisLabel, ...config.dataLabels };
  config.tooltip = { ...config.tooltip, y: { formatter: fullValue, ...config.tooltip?.y } };
}

function download(href, fileName) {
  const link = document.createElement("a");
  link.href = href;
  link.download = fileName;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
}
