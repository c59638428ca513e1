// Partners' renderers on our bundles: Redoc (server-side rendered, as redoc-cli did) and
// Swagger UI (its browser bundle run in jsdom) render every dist/<api>.json, and the rendered
// page must show every operation (operationId, method, path, summary), its parameters and
// response codes, with no error block, no resolver error and no warning from the renderer.
// A self-check then renders copies of one bundle: a valid variant that both renderers show
// differently must pass, and broken ones fail unless each defect is reported, so neither a
// check that cannot fail nor one that fails on valid bundles goes unnoticed.
// argv: dist directory, tools directory (its node_modules holds the pinned packages),
// output directory for the rendered pages.
"use strict";

const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [distDir, toolsDir, outDir] = process.argv.slice(2);
const tools = createRequire(path.resolve(toolsDir, "node_modules", "noop.js"));
const { JSDOM, VirtualConsole } = tools("jsdom");
const React = tools("react");
const { renderToString } = tools("react-dom/server");
const { ServerStyleSheet } = tools("styled-components");
const redoc = tools("redoc");
/** `text` as a double-quoted CSS attribute value. */
const quoted = (text) => `"${String(text).replace(/["\\]/g, "\\$&")}"`;
const version = (name) => tools(`${name}/package.json`).version;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// How long Swagger UI may take to resolve and render one bundle, and how long its DOM must
// stay unchanged to count as rendered.
const SWAGGER_DEADLINE_MS = 120000;
const SWAGGER_SETTLED_MS = 1000;

/** The local `$ref` target, or undefined when it does not resolve. */
function resolve(doc, node) {
  let seen = 0;
  while (node && typeof node.$ref === "string" && seen++ < 32) {
    if (!node.$ref.startsWith("#/")) return undefined;
    node = node.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => (at === undefined ? undefined : at[key]), doc);
  }
  return node;
}

/** What a renderer must show for each operation of `doc`; problems for what cannot be read. */
function expectedOperations(doc, problems) {
  const operations = [];
  for (const [route, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `paths.${route}.${method}`;
      // Both renderers anchor and title an operation by these; `generator lint` asks both.
      if (!operation.operationId) problems.push(`bundle: no operationId at ${where}`);
      if (!operation.summary) problems.push(`bundle: no summary at ${where}`);
      const parameters = [];
      for (const raw of [...(item.parameters || []), ...(operation.parameters || [])]) {
        const parameter = resolve(doc, raw);
        if (!parameter) problems.push(`bundle: dangling parameter $ref at ${where}`);
        else parameters.push({ name: parameter.name, in: parameter.in });
      }
      operations.push({
        where,
        id: operation.operationId,
        method,
        route,
        summary: operation.summary,
        parameters,
        responses: Object.keys(operation.responses || {}),
      });
    }
  }
  return operations;
}

/** Redoc's React tree rendered to HTML on the server, after Redoc's own loading. */
async function renderRedoc(doc) {
  const warnings = [];
  const original = { warn: console.warn, error: console.error };
  console.warn = (...args) => warnings.push(`console.warn: ${args.join(" ")}`);
  console.error = (...args) => warnings.push(`console.error: ${args.join(" ")}`);
  try {
    const bundled = await redoc.loadAndBundleSpec(structuredClone(doc));
    // Responses expanded, so their schemas are rendered too.
    const store = await redoc.createStore(bundled, undefined, { expandResponses: "all" });
    const sheet = new ServerStyleSheet();
    const html = renderToString(sheet.collectStyles(React.createElement(redoc.Redoc, { store })));
    sheet.seal();
    return { html, warnings };
  } catch (err) {
    return { html: "", warnings: [...warnings, `render failed: ${err && err.stack}`] };
  } finally {
    Object.assign(console, original);
  }
}

function checkRedoc(html, operations) {
  const problems = [];
  const document = new JSDOM(html).window.document;
  if (/Something went wrong/.test(document.body.textContent)) {
    problems.push("Redoc's error boundary: Something went wrong");
  }
  for (const op of operations) {
    const section = document.getElementById(`operation/${op.id}`);
    if (!section) {
      problems.push(`${op.where}: operation ${op.id} not rendered`);
      continue;
    }
    const heading = section.querySelector("h2");
    // The heading without its badges (a deprecated operation's "Deprecated").
    const title = heading
      ? [...heading.childNodes]
          .filter((node) => node.nodeName !== "SPAN")
          .map((node) => node.textContent)
          .join("")
          .trim()
      : undefined;
    if (title !== op.summary) {
      problems.push(`${op.where}: summary ${JSON.stringify(op.summary)} not the heading`);
    }
    const texts = [...section.querySelectorAll("span")].map((span) => span.textContent.trim());
    if (!texts.includes(op.method) || !texts.includes(op.route)) {
      problems.push(`${op.where}: method and path not shown`);
    }
    const fields = new Set(
      [...section.querySelectorAll('td[kind="field"]')].map((cell) => cell.getAttribute("title")),
    );
    for (const parameter of op.parameters) {
      if (!fields.has(parameter.name)) {
        problems.push(`${op.where}: parameter ${parameter.in} ${parameter.name} not rendered`);
      }
    }
    const codes = new Set(
      [...section.querySelectorAll("button > strong")].map((code) => code.textContent.trim()),
    );
    for (const code of op.responses) {
      if (!codes.has(code)) problems.push(`${op.where}: response ${code} not rendered`);
    }
  }
  // An operation with several tags is shown once per tag, under the same id.
  const rendered = new Set(
    [...document.querySelectorAll('[id^="operation/"]')].map((element) => element.id),
  ).size;
  if (rendered !== operations.length) {
    problems.push(`${rendered} operations rendered, the bundle has ${operations.length}`);
  }
  return problems;
}

// Where Swagger UI shows an operation's path (`__deprecated`: struck through).
const PATH = ".opblock-summary-path, .opblock-summary-path__deprecated";

/**
 * Swagger UI's browser bundle in jsdom, fully expanded, until it has resolved every operation
 * of `doc` (what its expanded views ask for, and where resolver errors come from) and its
 * DOM has settled.
 */
async function renderSwaggerUi(doc, script) {
  const warnings = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("error", (...args) => warnings.push(`console.error: ${args.join(" ")}`));
  virtualConsole.on("warn", (...args) => warnings.push(`console.warn: ${args.join(" ")}`));
  virtualConsole.on("jsdomError", (err) => {
    // jsdom has no layout, so no scrolling: Swagger UI's deep-link scroll is not a defect.
    if (!/^Not implemented: Window's scrollTo\(\)/.test(err.message)) {
      warnings.push(`jsdom: ${err.message}`);
    }
  });
  const dom = new JSDOM('<!doctype html><html><body><div id="swagger-ui"></div></body></html>', {
    runScripts: "outside-only",
    pretendToBeVisual: true,
    url: "http://127.0.0.1/",
    virtualConsole,
  });
  const { window } = dom;
  try {
    window.eval(script);
    const ui = window.SwaggerUIBundle({
      spec: structuredClone(doc),
      dom_id: "#swagger-ui",
      docExpansion: "full",
      defaultModelsExpandDepth: 5,
    });
    // The subtrees Swagger UI resolves for the operations it shows expanded.
    const subtrees = Object.entries(doc.paths || {}).flatMap(([route, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ["paths", route, method]),
    );
    const resolved = () =>
      subtrees.every((subtree) => ui.specSelectors.specResolvedSubtree(subtree) !== undefined);
    const started = Date.now();
    let last = "";
    let stableSince = Date.now();
    for (;;) {
      await new Promise((done) => setTimeout(done, 100));
      const html = window.document.body.innerHTML;
      if (html !== last) {
        last = html;
        stableSince = Date.now();
      }
      const loading = window.document.querySelector(".loading-container, .loading");
      if (!loading && resolved() && Date.now() - stableSince >= SWAGGER_SETTLED_MS) break;
      if (Date.now() - started > SWAGGER_DEADLINE_MS) {
        const pending = subtrees.filter((t) => ui.specSelectors.specResolvedSubtree(t) === undefined);
        warnings.push(
          `not settled within ${SWAGGER_DEADLINE_MS} ms (unresolved: ${pending.map((t) => t.join(".")).join(", ") || "none"})`,
        );
        break;
      }
    }
    // The errors Swagger UI's "Errors" block lists, resolver errors among them.
    for (const error of ui.errSelectors.allErrors().toJS()) {
      warnings.push(`Swagger UI ${error.source || ""} error at ${error.path}: ${error.message}`);
    }
    return { html: window.document.body.innerHTML, warnings };
  } catch (err) {
    return { html: "", warnings: [...warnings, `render failed: ${err && err.stack}`] };
  } finally {
    window.close();
  }
}

function checkSwaggerUi(html, operations, doc) {
  const problems = [];
  const document = new JSDOM(html).window.document;
  const errors = document.querySelector(".errors-wrapper");
  if (errors) problems.push(`Swagger UI's Errors block: ${errors.textContent.trim()}`);
  const body = document.body.textContent;
  for (const failure of body.match(/Could not render [^,]*/g) || []) problems.push(failure);
  const blocks = [...document.querySelectorAll(".opblock")];
  for (const op of operations) {
    // Swagger UI ids each operation `operations-<tag>-<operationId>`, once per tag.
    const block = blocks.find((candidate) => candidate.id.endsWith(`-${op.id}`));
    if (!block) {
      problems.push(`${op.where}: operation ${op.id} not rendered`);
      continue;
    }
    const text = (selector) => (block.querySelector(selector) || {}).textContent;
    const shownPath = block.querySelector(PATH);
    if (!shownPath || shownPath.getAttribute("data-path") !== op.route) {
      problems.push(`${op.where}: path not shown`);
    }
    if ((text(".opblock-summary-method") || "").trim() !== op.method.toUpperCase()) {
      problems.push(`${op.where}: method not shown`);
    }
    if ((text(".opblock-summary-description") || "").trim() !== op.summary) {
      problems.push(`${op.where}: summary ${JSON.stringify(op.summary)} not shown`);
    }
    for (const parameter of op.parameters) {
      const selector = `tr[data-param-name=${quoted(parameter.name)}][data-param-in=${quoted(parameter.in)}]`;
      if (!block.querySelector(selector)) {
        problems.push(`${op.where}: parameter ${parameter.in} ${parameter.name} not rendered`);
      }
    }
    for (const code of op.responses) {
      if (!block.querySelector(`tr.response[data-code="${code}"]`)) {
        problems.push(`${op.where}: response ${code} not rendered`);
      }
    }
  }
  // An operation with several tags is shown once per tag: count method and path pairs.
  const shown = new Set(
    blocks.map((block) => {
      // Not the `opblock-<method>` class: a deprecated operation has `opblock-deprecated`.
      const method = block.querySelector(".opblock-summary-method");
      const route = block.querySelector(PATH);
      return `${method && method.textContent} ${route && route.getAttribute("data-path")}`;
    }),
  );
  if (shown.size !== operations.length) {
    problems.push(`${shown.size} operations rendered, the bundle has ${operations.length}`);
  }
  for (const name of Object.keys((doc.components || {}).schemas || {})) {
    if (!document.getElementById(`model-${name}`)) problems.push(`schema ${name} not rendered`);
  }
  return problems;
}

// Redoc renders one document at a time: its warnings are caught by replacing `console`.
let redocQueue = Promise.resolve();

/** Every problem either renderer shows for `doc`, checked against `expected` operations. */
async function render(name, doc, expected, swaggerScript) {
  const redocTurn = redocQueue.then(() => renderRedoc(doc));
  redocQueue = redocTurn;
  // Swagger UI runs meanwhile, in its own window: most of its time is waiting to settle.
  const [redocPage, swaggerPage] = await Promise.all([
    redocTurn,
    renderSwaggerUi(doc, swaggerScript),
  ]);
  const problems = [];
  problems.push(...redocPage.warnings.map((w) => `Redoc: ${w}`));
  problems.push(...checkRedoc(redocPage.html, expected).map((p) => `Redoc: ${p}`));
  problems.push(...swaggerPage.warnings.map((w) => `Swagger UI: ${w}`));
  problems.push(...checkSwaggerUi(swaggerPage.html, expected, doc).map((p) => `Swagger UI: ${p}`));
  if (outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, `${name}-redoc.html`), redocPage.html);
    fs.writeFileSync(path.join(outDir, `${name}-swagger-ui.html`), swaggerPage.html);
  }
  return problems;
}

/**
 * Copies of `doc`, each with the problems it must produce: proof that the checks above fail
 * when a renderer shows an error or leaves an operation out, and (the first, which must
 * produce none) that they do not fail on what renderers legitimately show differently.
 */
function brokenCopies(doc, expected) {
  const [first, last] = [expected[0], expected[expected.length - 1]];
  const dropped = structuredClone(doc);
  delete dropped.paths[last.route][last.method];
  const dangling = structuredClone(doc);
  dangling.paths[first.route][first.method].responses[first.responses[0]] = {
    $ref: "#/components/responses/NoSuchResponse",
  };
  const conflicting = structuredClone(doc);
  conflicting.paths[first.route][first.method].requestBody = {
    content: { "application/json": { schema: { allOf: [{ type: "string" }, { type: "integer" }] } } },
  };
  return [
    {
      // Valid, and shown differently: both renderers badge a deprecated operation, and show
      // an operation once per tag. Nothing may be reported.
      name: "a deprecated operation and one under a second tag",
      doc: (() => {
        const variant = structuredClone(doc);
        variant.paths[first.route][first.method].deprecated = true;
        const tagged = variant.paths[last.route][last.method];
        tagged.tags = [...(tagged.tags || []), "Second-tag"];
        return variant;
      })(),
      expected,
      must: [],
    },
    {
      name: "an operation left out",
      doc: dropped,
      // Checked against the full bundle's operations.
      expected,
      must: [
        `Redoc: ${last.where}: operation ${last.id} not rendered`,
        `Swagger UI: ${last.where}: operation ${last.id} not rendered`,
      ],
    },
    {
      name: "a dangling response $ref",
      doc: dangling,
      expected,
      must: ["Swagger UI: Swagger UI's Errors block: ", "Swagger UI: Swagger UI resolver error at "],
    },
    {
      name: "an allOf of a string and an integer",
      doc: conflicting,
      expected,
      must: ["Redoc: console.warn: Incompatible types in allOf"],
    },
  ];
}

async function main() {
  const swaggerScript = fs.readFileSync(tools.resolve("swagger-ui-dist/swagger-ui-bundle.js"), "utf8");
  const tool = `Redoc ${version("redoc")}, Swagger UI ${version("swagger-ui-dist")}`;
  const bundles = fs.readdirSync(distDir).filter((file) => file.endsWith(".json")).sort();
  if (bundles.length === 0) {
    console.log(`FAIL no dist/*.json bundle in ${distDir}`);
    process.exitCode = 1;
    return;
  }
  // Only this run's pages, so none of an earlier run is taken for one of this.
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  const apis = bundles.map((file) => {
    const doc = JSON.parse(fs.readFileSync(path.join(distDir, file), "utf8"));
    const problems = [];
    const expected = expectedOperations(doc, problems);
    if (expected.length === 0) problems.push("bundle: no operation");
    return { name: path.basename(file, ".json"), doc, expected, problems };
  });
  // The self-check, on the first bundle.
  const checked = apis[0];
  const copies = brokenCopies(checked.doc, checked.expected);
  const rendered = await Promise.all([
    ...apis.map((api) => render(api.name, api.doc, api.expected, swaggerScript)),
    ...copies.map((copy, index) =>
      render(`self-check-${index}-${checked.name}`, copy.doc, copy.expected, swaggerScript),
    ),
  ]);
  let failed = 0;
  apis.forEach((api, index) => {
    const problems = [...api.problems, ...rendered[index]];
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${api.name} (${tool}):`);
      for (const problem of problems) console.log(`  ${problem}`);
    } else {
      console.log(`ok   ${api.name} (${tool}): ${api.expected.length} operations rendered by both`);
    }
  });
  copies.forEach((copy, index) => {
    const problems = rendered[apis.length + index];
    const label = `self-check, ${checked.name} with ${copy.name}`;
    const missed = copy.must.filter((want) => !problems.some((got) => got.startsWith(want)));
    if (copy.must.length === 0 && problems.length) {
      failed += 1;
      console.log(`FAIL ${label}: reported, wrongly:`);
      for (const problem of problems) console.log(`  ${problem}`);
    } else if (copy.must.length === 0) {
      console.log(`ok   ${label}: nothing reported`);
    } else if (missed.length) {
      failed += 1;
      console.log(`FAIL ${label}: not reported: ${missed.join("; ")}`);
    } else {
      console.log(`ok   ${label}, reported:`);
      for (const want of copy.must) console.log(`  ${problems.find((got) => got.startsWith(want))}`);
    }
  });
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
