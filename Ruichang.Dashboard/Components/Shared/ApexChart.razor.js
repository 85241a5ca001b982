// The browser side of ApexChart.razor. ApexCharts itself is the global `ApexCharts` that App.razor loads.
//
// Each chart lives here under its component's id. Its operations run one after another (entry.pending),
// so an update, a save or a destroy sent while the chart is still being drawn waits for it instead of
// finding nothing, and a disposed component never leaves a chart behind.

const charts = new Map();
const locales = new Map();

export async function initialize(id, element, configJson) {
  const entry = { chart: null, pending: Promise.resolve() };
  charts.set(id, entry);
  entry.pending = createChart(element, configJson).then((chart) => {
    entry.chart = chart;
  });
  await entry.pending;
}

export function update(id, configJson) {
  // In place: the chart keeps its DOM and listeners; re-creating it per update would leak on a wall screen.
  return enqueue(id, async (chart) => chart.updateOptions(await prepare(configJson), false, true));
}

export function saveImage(id, format, fileName) {
  // The image is made and saved here; only the request came over the circuit, and nothing goes back.
  return enqueue(id, async (chart) => {
    if (format === "svg") {
      const svg = await chart.getSvgString();
      const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
      download(url, fileName);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } else {
      const { imgURI } = await chart.dataURI();
      download(imgURI, fileName);
    }
  });
}

export function destroy(id) {
  const done = enqueue(id, (chart) => chart.destroy());
  charts.delete(id);
  return done;
}

function enqueue(id, operation) {
  const entry = charts.get(id);
  if (!entry) {
    return Promise.resolve();
  }

  entry.pending = entry.pending
    .then(() => (entry.chart ? operation(entry.chart) : undefined))
    .catch((error) => console.error("ApexChart", id, error));
  return entry.pending.then(() => undefined);
}

async function createChart(element, configJson) {
  let chart = null;
  try {
    chart = new ApexCharts(element, await prepare(configJson));
    await chart.render();
    return chart;
  } catch (error) {
    console.error("ApexChart: the chart could not be drawn", error);
    chart?.destroy();
    return null;
  }
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
