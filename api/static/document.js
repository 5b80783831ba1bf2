/* Document view: renders GET /v1/documents/{id} and highlights the quote passed as ?hl=. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var ja = (navigator.language || "ja").indexOf("ja") === 0;
  var LABELS = { baltimore: ["ボルチモア", "Baltimore"], bengaluru: ["ベンガルール", "Bengaluru"],
    hyderabad: ["ハイデラバード", "Hyderabad"], tokyo: ["東京", "Tokyo"],
    case_study: ["事例", "Case study"], site_fact: ["拠点情報", "Site fact"],
    regulatory_record: ["規制・査察記録", "Regulatory record"], faq: ["FAQ", "FAQ"], other: ["その他", "Other"] };

  /** An http(s) address (a relative one resolved), or null: no other scheme is ever an href. */
  var safeHref = SponsorQaClient.safeHref;

  function chip(text) { var s = document.createElement("span"); s.className = "chip"; s.textContent = text; return s; }

  /** Put the document text in `target`, wrapping the first occurrence of `quote` in <mark>. */
  function renderBody(target, text, quote) {
    var at = quote ? text.indexOf(quote) : -1;
    if (quote && at < 0) {
      // Chunks are NFKC-normalized at ingest; the stored document text may not be.
      text = text.normalize("NFKC");
      quote = quote.normalize("NFKC");
      at = text.indexOf(quote);
    }
    if (at < 0) { target.textContent = text; return; }
    var mark = document.createElement("mark");
    mark.textContent = quote;
    target.append(text.slice(0, at), mark, text.slice(at + quote.length));
    mark.scrollIntoView({ block: "center" });
  }

  var FIELD_LINE = /^([^:：\n]{1,80})([:：] ?)(.*)$/;

  function isRecord(text) {
    var lines = text.split("\n");
    return lines.length > 1 && lines.every(function (l) { return FIELD_LINE.test(l); });
  }

  /** One paragraph: `Label: value` lines (a record, a table row) as rows with the label in
   * bold; other text as it is (pre-wrap keeps its lines). The text stays verbatim. */
  function paragraph(text) {
    var record = isRecord(text);
    var lines = text.split("\n");
    var box = document.createElement(record ? "div" : "p");
    if (!record) { box.textContent = text; return box; }
    box.className = "record";
    lines.forEach(function (line) {
      var m = FIELD_LINE.exec(line), row = document.createElement("div"), b = document.createElement("b");
      b.textContent = m[1] + m[2].replace(/ $/, "");
      row.append(b, m[2].slice(-1) === " " ? " " : "", m[3]);
      box.appendChild(row);
    });
    return box;
  }

  /** Headings from each block's section path, then its paragraphs; the paragraph holding
   * `quote` is rendered as text with the quote marked. False when the quote is not found. */
  function renderBlocks(target, blocks, quote) {
    var marked = false, previous = null;
    target.textContent = "";
    blocks.forEach(function (block) {
      if (block.section && block.section !== previous) {
        var path = block.section.split(" > "), h = document.createElement(path.length > 1 ? "h3" : "h2");
        h.textContent = path[path.length - 1];
        target.appendChild(h);
      }
      previous = block.section;
      block.text.split("\n\n").forEach(function (text) {
        if (quote && !marked && (text.indexOf(quote) >= 0 || text.normalize("NFKC").indexOf(quote.normalize("NFKC")) >= 0)) {
          var p = document.createElement("p");
          if (isRecord(text)) p.className = "record";
          renderBody(p, text, quote);
          target.appendChild(p);
          marked = true;
        } else {
          target.appendChild(paragraph(text));
        }
      });
    });
    return marked || !quote;
  }

  function show(doc) {
    document.title = doc.title + " — Sponsor Q&A";
    document.documentElement.lang = doc.lang || "ja";
    $("doc-title").textContent = doc.title;
    var meta = $("doc-meta");
    var names = doc.labels || {};
    var label = function (v) {
      if (names[v]) return names[v][ja ? "ja" : "en"];
      return LABELS[v] ? LABELS[v][ja ? 0 : 1] : v;
    };
    [label(doc.site), doc.date, label(doc.doc_type)].concat((doc.modalities || []).map(label), [doc.lang && doc.lang.toUpperCase(), doc.source])
      .filter(Boolean).forEach(function (x) { meta.appendChild(chip(x)); });
    // The source's own fields beyond ours (front-matter keys), as "key: value" chips.
    var extra = doc.extra || {};
    Object.keys(extra).forEach(function (k) { meta.appendChild(chip(k.replace(/_/g, " ") + ": " + extra[k])); });
    var external = doc.url && safeHref(doc.url);
    if (external) {
      var a = document.createElement("a");
      a.href = external; a.textContent = doc.url; a.rel = "noopener noreferrer";
      meta.appendChild(a);
    }
    var hl = new URLSearchParams(location.search).get("hl");
    if (!(doc.blocks && doc.blocks.length && renderBlocks($("doc-body"), doc.blocks, hl))) {
      renderBody($("doc-body"), doc.text || "", hl);  // a quote across blocks: the plain text
    }
  }

  function fail(message) {
    $("doc-title").textContent = ja ? "資料を表示できません" : "Cannot show this document";
    $("doc-body").textContent = message;
    $("doc").classList.add("error");
  }

  // Everything after /documents/ is the id: ids may hold "/" (brochure/company-brochure).
  var id = decodeURIComponent(location.pathname.replace(/\/+$/, "").replace(/^.*?\/documents\//, ""));
  // The booth's operator key (sessionStorage, copied into a tab the booth opens) reads internal sources.
  var key = sessionStorage.getItem("sponsorQa.booth.operatorKey");
  fetch("/v1/documents/" + id.split("/").map(encodeURIComponent).join("/"), { headers: key ? { "X-API-Key": key } : {} }).then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      if (!r.ok) throw new Error((body.error && body.error.message) || r.status + " " + r.statusText);
      return body;
    });
  }).then(show, function (err) { fail(err.message); }).then(function () { $("doc").removeAttribute("aria-busy"); });
})();
