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
  function safeHref(u) {
    try { var p = new URL(String(u), location.href); return /^https?:$/.test(p.protocol) ? p.href : null; } catch (e) { return null; }
  }

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
    renderBody($("doc-body"), doc.text || "", hl);
  }

  function fail(message) {
    $("doc-title").textContent = ja ? "資料を表示できません" : "Cannot show this document";
    $("doc-body").textContent = message;
    $("doc").classList.add("error");
  }

  // Everything after /documents/ is the id: ids may hold "/" (brochure/company-brochure).
  var id = decodeURIComponent(location.pathname.replace(/\/+$/, "").replace(/^.*?\/documents\//, ""));
  fetch("/v1/documents/" + id.split("/").map(encodeURIComponent).join("/")).then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (body) {
      if (!r.ok) throw new Error((body.error && body.error.message) || r.status + " " + r.statusText);
      return body;
    });
  }).then(show, function (err) { fail(err.message); }).then(function () { $("doc").removeAttribute("aria-busy"); });
})();
