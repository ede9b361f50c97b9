// Draws the charts of templates/partials/_chart.html in the page with vega-embed, from the
// Vega-Lite spec the server rendered its image from. The image stays underneath: it is what
// browsers without JavaScript show, and what is left if anything here fails.
//
// The partial loads this file and the vega builds with <script type="module">, once per
// chart: a module runs only once a page however often it is included, and modules run in
// document order after the page is parsed, so window.vega, vegaLite and vegaEmbed are set.
//
// The Content Security Policy allows no eval and no inline style, so:
// - ast: true keeps Vega's expressions as syntax trees, which vega-embed evaluates with the
//   vega-interpreter it bundles (its `expr` option is needed only to supply another one);
// - defaultStyle: false and tooltip: false stop vega-embed and vega-tooltip adding <style>.
const OPTIONS = {
  renderer: "svg",
  actions: false,
  ast: true,
  defaultStyle: false,
  tooltip: false,
};

async function draw(container) {
  const spec = JSON.parse(document.getElementById(container.dataset.chart).textContent);
  // vega-embed would take a string for the address of a spec to fetch.
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`#${container.dataset.chart} holds no Vega-Lite spec`);
  }
  await window.vegaEmbed(container, spec, OPTIONS);
  // The drawing takes over the image's text alternative; the hidden image leaves the
  // accessibility tree, and role="img" keeps the parts of the drawing out of it too.
  const image = container.parentElement.querySelector("img");
  container.setAttribute("role", "img");
  container.setAttribute("aria-label", image.alt);
  image.hidden = true;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const container of document.querySelectorAll("[data-chart]")) {
    draw(container).catch((error) => {
      container.replaceChildren();
      console.warn("Chart left as an image:", error);
    });
  }
});
