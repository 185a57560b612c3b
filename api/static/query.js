// accordgraph query page: a small SPARQL editor (highlighting, PREFIX completion), results
// as a sortable table with CSV/JSON download, and a gallery of ready-made questions.
// Everything is served by the accordgraph server itself; nothing is fetched from elsewhere.
"use strict";

const ENDPOINT = "/sparql";
const PREFIXES = {
  ag: "https://w3id.org/accordgraph/ontology#", rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#", owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#", skos: "http://www.w3.org/2004/02/skos/core#",
  dcterms: "http://purl.org/dc/terms/", org: "http://www.w3.org/ns/org#",
  prov: "http://www.w3.org/ns/prov#", foaf: "http://xmlns.com/foaf/0.1/",
  schema: "https://schema.org/", oa: "http://www.w3.org/ns/oa#",
  sd: "http://www.w3.org/ns/sparql-service-description#",
};
const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct " +
  "reduced optional union minus graph service filter bind values order by asc desc limit offset " +
  "group having as not exists in a count sum min max avg sample group_concat separator str lang " +
  "langmatches datatype bound iri uri bnode regex replace contains strstarts strends lcase ucase " +
  "strlen substr concat if coalesce isiri isuri isblank isliteral insert delete data with using " +
  "clear drop load create silent all default true false").split(" "));
const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00b7-\uffff]+)|([A-Za-z][\w-]*:[\w.-]*|:[\w.-]*)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]\w*)/g;

const $ = (id) => document.getElementById(id);
const editor = $("query"), highlight = $("highlight"), completions = $("completions");
let lastResult = null;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function renderHighlight() {
  const text = editor.value;
  let html = "", last = 0;
  for (const m of text.matchAll(TOKEN)) {
    html += escapeHtml(text.slice(last, m.index));
    const [cls] = [["tok-cmt", m[1]], ["tok-str", m[2]], ["tok-iri", m[3]], ["tok-var", m[4]],
      ["tok-pname", m[5]], ["tok-num", m[6]], ["tok-kw", m[7] && KEYWORDS.has(m[7].toLowerCase()) ? m[7] : null]]
      .filter(([, v]) => v).map(([c]) => c);
    html += cls ? `<span class="${cls}">${escapeHtml(m[0])}</span>` : escapeHtml(m[0]);
    last = m.index + m[0].length;
  }
  highlight.innerHTML = html + escapeHtml(text.slice(last)) + "\n";
  highlight.scrollTop = editor.scrollTop;
}

// PREFIX completion: on a line "PREFIX sk", offer "skos: <…>".
function currentPrefixWord() {
  const upto = editor.value.slice(0, editor.selectionStart);
  const line = upto.slice(upto.lastIndexOf("\n") + 1);
  const m = /^\s*PREFIX\s+([\w-]*)$/i.exec(line);
  return m ? m[1] : null;
}

function showCompletions() {
  const word = currentPrefixWord();
  const names = word === null ? [] : Object.keys(PREFIXES).filter((p) => p.startsWith(word));
  completions.innerHTML = "";
  if (!names.length) { completions.hidden = true; return; }
  names.forEach((name, i) => {
    const li = document.createElement("li");
    li.textContent = `${name}: <${PREFIXES[name]}>`;
    li.dataset.prefix = name;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", i === 0 ? "true" : "false");
    li.addEventListener("mousedown", (e) => { e.preventDefault(); complete(name); });
    completions.appendChild(li);
  });
  const lines = editor.value.slice(0, editor.selectionStart).split("\n").length;
  completions.style.top = `${Math.min(lines * 21 + 12 - editor.scrollTop, 230)}px`;
  completions.style.left = "60px";
  completions.hidden = false;
}

function complete(name) {
  const word = currentPrefixWord() || "";
  const start = editor.selectionStart - word.length;
  const insert = `${name}: <${PREFIXES[name]}>`;
  editor.setRangeText(insert, start, editor.selectionStart, "end");
  completions.hidden = true;
  renderHighlight();
}

function moveSelection(step) {
  const items = [...completions.children];
  const index = items.findIndex((li) => li.getAttribute("aria-selected") === "true");
  const next = (index + step + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute("aria-selected", i === next ? "true" : "false"));
}

editor.addEventListener("input", () => { renderHighlight(); showCompletions(); });
editor.addEventListener("scroll", () => { highlight.scrollTop = editor.scrollTop; });
editor.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); run(); return; }
  if (!completions.hidden) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); moveSelection(e.key === "ArrowDown" ? 1 : -1); }
    else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      complete(completions.querySelector('[aria-selected="true"]').dataset.prefix);
    } else if (e.key === "Escape") { completions.hidden = true; }
  } else if (e.key === "Tab") {
    e.preventDefault();
    editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    renderHighlight();
  }
});

function setStatus(text, error = false) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}

// IRIs this server mints resolve here (/id/…, /ontology#…), not at their w3id.org name,
// which a machine without that redirect cannot reach.
const INSTANCE_BASE = document.querySelector('meta[name="accordgraph-instance-base"]')?.content;

function localHref(iri) {
  if (INSTANCE_BASE && iri.startsWith(INSTANCE_BASE)) return "/id/" + iri.slice(INSTANCE_BASE.length);
  if (iri.startsWith(PREFIXES.ag)) return "/ontology#" + iri.slice(PREFIXES.ag.length);
  return iri;
}

function cell(term) {
  if (!term) return "";
  // Only http(s) IRIs become links: javascript:… is a valid IRI too.
  if (term.type === "uri" && /^https?:\/\//i.test(term.value)) {
    const href = escapeHtml(localHref(term.value));
    return `<a href="${href}" title="${escapeHtml(term.value)}">${escapeHtml(term.value)}</a>`;
  }
  if (term.type === "uri") return escapeHtml(term.value);
  let text = escapeHtml(term.value);
  if (term["xml:lang"]) text += ` <small>@${escapeHtml(term["xml:lang"])}</small>`;
  return text;
}

function sortValue(term) {
  if (!term) return "";
  const number = Number(term.value);
  return term.datatype && !Number.isNaN(number) ? number : term.value.toLowerCase();
}

function renderTable(data) {
  const vars = data.head.vars, rows = data.results.bindings.slice();
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  vars.forEach((v) => {
    const th = document.createElement("th");
    th.textContent = v;
    th.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      rows.sort((a, b) => {
        const x = sortValue(a[v]), y = sortValue(b[v]);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      head.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      fill();
    });
    head.appendChild(th);
  });
  const body = table.createTBody();
  function fill() {
    body.innerHTML = rows.map((r) => `<tr>${vars.map((v) => `<td>${cell(r[v])}</td>`).join("")}</tr>`).join("");
  }
  fill();
  return table;
}

function offerDownloads(query) {
  for (const [id, format] of [["download-csv", "csv"], ["download-json", "json"]]) {
    const link = $(id);
    link.href = `${ENDPOINT}?format=${format}&query=${encodeURIComponent(query)}`;
    link.hidden = false;
  }
}

async function run() {
  const query = editor.value;
  const results = $("results");
  setStatus("Running…");
  const started = performance.now();
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query }),
    });
  } catch (error) {
    setStatus(`The server could not be reached: ${error}`, true);
    return;
  }
  const elapsed = Math.round(performance.now() - started);
  const type = (response.headers.get("content-type") || "").split(";")[0];
  results.innerHTML = "";
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail; } catch (_) { /* not problem+json */ }
    setStatus(`${response.status}: ${detail}`, true);
    return;
  }
  if (type === "application/sparql-results+json") {
    const data = await response.json();
    lastResult = data;
    if ("boolean" in data) {
      results.innerHTML = `<p class="boolean">${data.boolean ? "true" : "false"}</p>`;
      setStatus(`ASK answered in ${elapsed} ms`);
    } else {
      results.appendChild(renderTable(data));
      const truncated = response.headers.get("x-result-truncated");
      const rows = data.results.bindings.length;
      setStatus(`${rows} row${rows === 1 ? "" : "s"} in ${elapsed} ms` +
        (truncated ? ` — cut at the server's limit; add LIMIT/OFFSET to page` : ""));
      offerDownloads(query);
    }
  } else {
    const pre = document.createElement("pre");
    pre.className = "rdf";
    pre.textContent = await response.text();
    results.appendChild(pre);
    setStatus(`Graph in ${elapsed} ms`);
  }
}

async function loadGallery() {
  const list = $("questions");
  const response = await fetch("/questions");
  for (const q of await response.json()) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = q.title;
    button.dataset.name = q.name;
    button.addEventListener("click", () => { editor.value = q.sparql; renderHighlight(); run(); });
    li.appendChild(button);
    list.appendChild(li);
  }
}

$("run").addEventListener("click", run);
renderHighlight();
loadGallery();
