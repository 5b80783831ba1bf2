/*
 * Booth page: a question, optional filters, a streamed answer with source cards, copy-for-email,
 * and the session's recent questions. Talks only to this app (works offline on one laptop).
 * Follow-ups: the last six questions of the current topic go with each question ("history");
 * "New topic" starts over. Operator mode: a key with an internal ceiling, entered once and kept
 * in sessionStorage, shows a permanent badge and marks internal citations.
 */
(function () {
  "use strict";

  var TEXT = {
    ja: {
      app: "スポンサーQ&A", tagline: "出典付き回答・ブース用", questionLabel: "ご質問", filters: "絞り込み",
      site: "拠点", modality: "モダリティ", docType: "資料の種類", any: "すべて", ask: "質問する",
      hint: "Enterで送信・Shift+Enterで改行。回答は資料からの引用のみで構成されます。",
      placeholder: "スポンサーの質問を入力（例：ハイデラバード拠点の従業員数は？）",
      abstainTitle: "確認済みの資料に該当する記載がありません",
      abstainBody: "推測では答えません。質問を控えて、専門スタッフからフォローアップしてください。",
      copy: "回答と出典をコピー", copied: "コピーしました。メールに貼り付けられます。",
      copyManual: "自動コピーできませんでした。選択されたテキストをコピーしてください。",
      sources: "出典", recent: "このセッションの質問", clear: "消去", recentEmpty: "まだ質問はありません。",
      emptyTitle: "スポンサーからの質問を入力してください",
      emptyBody: "拠点の実績、モダリティ、査察・品質の記録から、引用と出典付きでお答えします。",
      thinking: "資料を確認しています…", openSource: "資料を開く", page: "p.", seconds: "秒",
      answered: "回答", noFilters: "このサーバーは絞り込みに未対応です", failed: "回答を取得できませんでした：",
      busy: function (s) { return "リクエストが集中しています。" + s + "秒後に再度お試しください。"; },
      copyQ: "ご質問", copySources: "出典", copyNoSource: "（確認済みの資料に該当する記載はありませんでした。担当者より改めてご連絡します。）",
      examples: ["ハイデラバード拠点の従業員数は？", "ADCの封じ込めはどのレベルまで対応できますか？", "メリーランド拠点では何を製造しましたか？"],
      newTopic: "新しい話題", answeredAs: function (q) { return "「" + q + "」として回答しました"; },
      thread: function (n) { return "続けて質問すると、直前の" + n + "件の質問を踏まえて回答します。"; },
      operator: "担当者モード", operatorKey: "担当者用APIキー", unlock: "解除", cancel: "キャンセル",
      lock: "担当者モードを終了", badge: "社内資料を含む — お客様に画面を見せないでください",
      internal: "社内資料", keyInvalid: "キーを確認できませんでした：", keyPublic: "このキーでは公開資料しか表示されません。",
      copyInternal: "※社内資料を含みます。社外に送付しないでください。", copyResolved: "回答した質問",
    },
    en: {
      app: "Sponsor Q&A", tagline: "Cited answers for the booth", questionLabel: "Question", filters: "Filters",
      site: "Site", modality: "Modality", docType: "Document type", any: "Any", ask: "Ask",
      hint: "Enter to ask, Shift+Enter for a new line. Answers are built only from quotes of our records.",
      placeholder: "Type the sponsor's question (e.g. What did the Maryland site manufacture?)",
      abstainTitle: "No verified source answers this",
      abstainBody: "The assistant does not guess. Note the question and have a specialist follow up.",
      copy: "Copy answer with sources", copied: "Copied — ready to paste into an email.",
      copyManual: "Automatic copy failed: the text is selected, copy it with Ctrl+C / ⌘C.",
      sources: "Sources", recent: "This session's questions", clear: "Clear", recentEmpty: "No questions yet.",
      emptyTitle: "Type the sponsor's question",
      emptyBody: "Answers quote our site facts, case studies and quality records, each with its source.",
      thinking: "Checking our records…", openSource: "Open source", page: "p.", seconds: "s",
      answered: "Answered in", noFilters: "Filters need a newer server", failed: "Could not get an answer: ",
      busy: function (s) { return "Too many requests. Try again in " + s + " seconds."; },
      copyQ: "Question", copySources: "Sources", copyNoSource: "(No verified source answers this yet; a specialist will follow up.)",
      examples: ["What did the Maryland site manufacture?", "How many PPQ campaigns has the Bengaluru site run?", "What containment level does the Hyderabad site support?"],
      newTopic: "New topic", answeredAs: function (q) { return "Answered as: " + q; },
      thread: function (n) { return "A follow-up is answered in the light of the previous " + n + " question(s)."; },
      operator: "Operator mode", operatorKey: "Operator API key", unlock: "Unlock", cancel: "Cancel",
      lock: "Leave operator mode", badge: "Includes internal material — do not show this screen",
      internal: "Internal", keyInvalid: "The key could not be verified: ", keyPublic: "This key only shows public material.",
      copyInternal: "Includes internal material: do not send outside the company.", copyResolved: "Answered as",
    },
  };
  var LABELS = {
    baltimore: ["ボルチモア", "Baltimore"], bengaluru: ["ベンガルール", "Bengaluru"],
    hyderabad: ["ハイデラバード", "Hyderabad"], tokyo: ["東京", "Tokyo"],
    mab: ["抗体（mAb）", "Monoclonal antibody"], bispecific: ["二重特異性抗体", "Bispecific"],
    adc: ["ADC", "ADC"], aoc: ["AOC", "AOC"], hpapi: ["HPAPI", "HPAPI"],
    small_molecule: ["低分子", "Small molecule"], oligo: ["オリゴ核酸", "Oligonucleotide"],
    oligonucleotide: ["オリゴ核酸", "Oligonucleotide"], peptide: ["ペプチド", "Peptide"],
    case_study: ["事例", "Case study"], site_fact: ["拠点情報", "Site fact"],
    regulatory_record: ["規制・査察記録", "Regulatory record"], faq: ["FAQ", "FAQ"], other: ["その他", "Other"],
  };
  var RECENT_KEY = "sponsorQa.booth.recent";
  var LANG_KEY = "sponsorQa.booth.lang";
  var THREAD_KEY = "sponsorQa.booth.thread";
  var OPERATOR_KEY = "sponsorQa.booth.operatorKey"; // document.js reads it too
  var MAX_TURNS = 6; // the API reads at most six earlier turns

  var $ = function (id) { return document.getElementById(id); };
  var lang = sessionStorage.getItem(LANG_KEY) === "en" ? "en" : "ja";
  var t = function (key) { return TEXT[lang][key]; };
  var label = function (value) {
    var l = LABELS[value], named = facets && facets.labels && facets.labels[value];  // the server's labels
    return l ? l[lang === "ja" ? 0 : 1] : named ? named[lang] : String(value).replace(/_/g, " ");
  };
  var last = null; // {question, text, citations, abstained}
  var busy = false;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* ---------- HTTP ---------- */

  function operatorKey() { return sessionStorage.getItem(OPERATOR_KEY) || ""; }

  function apiHeaders(extra) {
    var h = { "Content-Type": "application/json" };
    if (operatorKey()) h["X-API-Key"] = operatorKey();
    return Object.assign(h, extra || {});
  }

  var httpError = SponsorQaClient.httpError;
  var readSse = SponsorQaClient.readSse;

  /** POST /v1/ask/stream; a server without streaming gets the same body on POST /v1/ask. */
  function ask(body, on) {
    var json = JSON.stringify(body), headers = apiHeaders();
    return fetch("/v1/ask/stream", { method: "POST", headers: Object.assign({ Accept: "text/event-stream" }, headers), body: json })
      .then(function (response) {
        if (response.status !== 404 && response.status !== 405) {
          return response.ok ? readSse(response, on) : httpError(response);
        }
        return fetch("/v1/ask", { method: "POST", headers: headers, body: json }).then(function (r) {
          // Servers older than the filters contract reject unknown fields: ask the bare question.
          if (r.status === 422 && Object.keys(body).length > 1) return ask({ question: body.question }, on);
          if (!r.ok) return httpError(r);
          return r.json().then(function (a) {
            on("citations", { citations: a.citations, abstained: a.abstained, trace_id: a.trace_id, resolved_question: a.resolved_question });
            on("delta", { text: a.answer });
            on("done", { answer: a.answer, abstained: a.abstained, trace_id: a.trace_id, resolved_question: a.resolved_question });
          });
        });
      });
  }

  /* ---------- filters ---------- */

  function facetValues(list) {
    return (list || []).map(function (item) { return typeof item === "object" ? item.value || item.name : item; }).filter(Boolean);
  }

  function fillSelect(select, values) {
    var current = select.value;
    select.length = 1;
    values.forEach(function (v) { select.appendChild(el("option", { value: v, text: label(v) })); });
    select.value = current;
  }

  var facets = null;
  function loadFacets() {
    return fetch("/v1/facets", { headers: apiHeaders() }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); }).then(function (f) {
      facets = f;
      renderFacets();
    }, function () {
      ["f-site", "f-modality", "f-doctype"].forEach(function (id) { $(id).disabled = true; });
      $("filters-note").hidden = false;
    });
  }

  function renderFacets() {
    if (!facets) return;
    fillSelect($("f-site"), facetValues(facets.sites));
    fillSelect($("f-modality"), facetValues(facets.modalities));
    fillSelect($("f-doctype"), facetValues(facets.doc_types));
  }

  function currentFilters() {
    var f = {};
    if ($("f-site").value) f.site = $("f-site").value;
    if ($("f-modality").value) f.modalities = [$("f-modality").value];
    if ($("f-doctype").value) f.doc_type = $("f-doctype").value;
    return f;
  }

  function setFilters(f) {
    f = f || {};
    $("f-site").value = f.site || "";
    $("f-modality").value = (f.modalities && f.modalities[0]) || "";
    $("f-doctype").value = f.doc_type || "";
    markFilters();
  }

  function markFilters() {
    ["f-site", "f-modality", "f-doctype"].forEach(function (id) { $(id).classList.toggle("active", !!$(id).value); });
  }

  /* ---------- answer and source cards ---------- */

  /** Display only: a quoted line never shows a Markdown bullet or list number. */
  function unbullet(text) {
    return String(text || "").split("\n").map(function (line) { return line.replace(/^\s*(?:[-*+•・]|\d{1,2}[.)])\s+/, ""); }).join("\n");
  }

  function isInternal(c) { return !!c.audience && c.audience !== "public"; }

  var safeHref = SponsorQaClient.safeHref;

  /** Our own document view (works offline); the source's own url is a secondary link. */
  function sourceHref(c) {
    var first = (c.quote || "").split(" … ")[0];
    return location.origin + "/documents/" + encodeURIComponent(c.doc_id) + (first ? "?hl=" + encodeURIComponent(first.slice(0, 300)) : "");
  }

  function renderAnswer(text, citations) {
    var target = $("answer"), known = {};
    (citations || []).forEach(function (c) { known[c.n] = c; });
    target.textContent = "";
    unbullet(text).split(/\n+/).forEach(function (line) {
      if (!line.trim()) return;
      var p = el("p"), lastIndex = 0, m, re = /\[(\d+)\]/g;
      while ((m = re.exec(line))) {
        p.appendChild(document.createTextNode(line.slice(lastIndex, m.index)));
        var c = known[m[1]];
        p.appendChild(c ? el("a", { class: "cite", href: "#src-" + c.n, title: c.title, "aria-label": t("sources") + " " + c.n, text: String(c.n) }) : document.createTextNode(m[0]));
        lastIndex = re.lastIndex;
      }
      p.appendChild(document.createTextNode(line.slice(lastIndex)));
      target.appendChild(p);
    });
  }

  function renderCards(citations) {
    var list = $("sources");
    list.textContent = "";
    $("sources-title").hidden = !citations.length;
    citations.forEach(function (c) {
      var chips = [c.site && label(c.site), c.date, c.page ? t("page") + " " + c.page : "", c.section].filter(Boolean)
        .map(function (x) { return el("span", { class: "chip", text: x }); });
      if (isInternal(c)) chips.unshift(el("span", { class: "chip internal", text: t("internal") }));
      // Our own document page opens with this tab's sessionStorage (the operator key), so
      // internal sources open too; other sites get no opener.
      var rel = c.url ? "noopener" : "opener";
      list.appendChild(el("li", { class: "card" + (isInternal(c) ? " internal" : ""), id: "src-" + c.n, "data-doc-id": c.doc_id, "data-site": c.site || "", "data-audience": c.audience || "public", tabindex: "-1" }, [
        el("div", { class: "card-head" }, [
          el("span", { class: "n", text: String(c.n) }),
          el("h4", {}, [el("a", { href: sourceHref(c), target: "_blank", rel: rel, text: c.title })]),
        ]),
        chips.length ? el("div", { class: "meta" }, chips) : null,
        c.quote ? el("blockquote", { text: unbullet(c.quote) }) : null,
        el("a", { class: "open", href: sourceHref(c), target: "_blank", rel: rel, text: t("openSource") + " ↗" }),
        c.url && safeHref(c.url) ? el("a", { class: "open external", href: safeHref(c.url), target: "_blank", rel: "noopener noreferrer", text: c.url }) : null,
      ]));
    });
  }

  /** Plain text for a follow-up email: the question, the answer with [n] markers, then the sources. */
  function plainText(result) {
    var lines = [t("copyQ") + ": " + result.question];
    if (result.resolved && result.resolved !== result.question) lines.push(t("copyResolved") + ": " + result.resolved);
    if (result.citations.some(isInternal)) lines.unshift(t("copyInternal"), "");
    lines.push("", unbullet(result.text).trim());
    if (result.abstained) lines.push("", t("copyNoSource"));
    if (result.citations.length) {
      lines.push("", t("copySources") + ":");
      result.citations.forEach(function (c) {
        var meta = [c.site && label(c.site), c.date, c.page ? t("page") + " " + c.page : ""].filter(Boolean).join(", ");
        lines.push("[" + c.n + "] " + (isInternal(c) ? "[" + t("internal") + "] " : "") + c.title + (meta ? " (" + meta + ")" : ""));
        if (c.quote) lines.push("    “" + unbullet(c.quote) + "”");
        lines.push("    " + sourceHref(c));
      });
    }
    return lines.join("\n");
  }

  function copyAnswer() {
    if (!last) return;
    var text = plainText(last), status = $("copy-status");
    var fallback = function () {
      var area = $("copy-fallback");
      area.value = text;
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? t("copied") : t("copyManual");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = t("copied"); }, fallback);
    } else {
      fallback();
    }
  }

  /* ---------- asking ---------- */

  function submit(question, filters, fresh) {
    if (busy || !question) return;
    if (fresh) setThread([]);
    busy = true;
    $("ask-btn").disabled = true;
    $("empty").hidden = true;
    $("result").hidden = false;
    $("result").classList.remove("error");
    $("result").setAttribute("aria-busy", "true");
    $("result").setAttribute("data-state", "streaming");
    $("result-question").textContent = question;
    $("resolved").hidden = true;
    $("answer").hidden = false;
    $("answer").innerHTML = "";
    $("answer").appendChild(el("p", { class: "pending", text: t("thinking") }));
    $("abstain").hidden = true;
    $("actions").hidden = true;
    $("copy-status").textContent = "";
    $("timing").textContent = "";
    renderCards([]);
    remember(question, filters);

    var started = performance.now();
    var state = { question: question, text: "", citations: [], abstained: false, resolved: null };
    var body = { question: question, lang: lang };
    if (Object.keys(filters).length) body.filters = filters;
    var history = thread().slice(-MAX_TURNS);
    if (history.length) body.history = history;
    ask(body, function (event, data) {
      if (event === "citations") {
        state.citations = data.citations || [];
        state.abstained = !!data.abstained;
        state.resolved = data.resolved_question || null;
        renderCards(state.citations);
      } else if (event === "delta") {
        state.text += data.text || "";
        // An abstention is said once, by the notice below, not also as answer text.
        if (!state.abstained) renderAnswer(state.text, state.citations);
      } else if (event === "done") {
        if (data.answer) state.text = data.answer;
        state.abstained = !!data.abstained;
        state.resolved = data.resolved_question || state.resolved;
      } else if (event === "error") {
        throw new Error(data.message || data.code);
      }
    }).then(function () {
      renderAnswer(state.abstained ? "" : state.text, state.citations);
      $("answer").hidden = state.abstained;
      renderCards(state.abstained ? [] : state.citations);
      $("abstain").hidden = !state.abstained;
      if (state.resolved && state.resolved !== question) {
        $("resolved").textContent = t("answeredAs")(state.resolved);
        $("resolved").hidden = false;
      }
      var turn = { question: question };
      if (state.resolved) turn.resolved = state.resolved;
      setThread(thread().concat([turn]).slice(-MAX_TURNS));
      $("actions").hidden = false;
      $("timing").textContent = t("answered") + " " + ((performance.now() - started) / 1000).toFixed(2) + " " + t("seconds");
      $("result").setAttribute("data-state", state.abstained ? "abstained" : "done");
      last = state;
    }, function (err) {
      $("result").classList.add("error");
      $("result").setAttribute("data-state", "error");
      $("answer").hidden = false;
      $("answer").textContent = err.status === 429 ? t("busy")(err.retryAfter || 30) : t("failed") + err.message;
      last = null;
    }).then(function () {
      busy = false;
      $("ask-btn").disabled = false;
      $("result").removeAttribute("aria-busy");
    });
  }

  /* ---------- the current topic's questions (sent as `history`) ---------- */

  function thread() {
    try { return JSON.parse(sessionStorage.getItem(THREAD_KEY) || "[]"); } catch (e) { return []; }
  }

  function setThread(items) {
    if (items.length) sessionStorage.setItem(THREAD_KEY, JSON.stringify(items));
    else sessionStorage.removeItem(THREAD_KEY);
    renderThread();
  }

  function renderThread() {
    var n = thread().length;
    $("thread-note").hidden = !n;
    $("thread-note").textContent = n ? t("thread")(n) : "";
    $("new-topic").disabled = !n;
  }

  /* ---------- operator mode ---------- */

  function renderOperator() {
    var on = !!operatorKey();
    $("operator-badge").hidden = !on;
    $("operator-btn").hidden = on;
    document.body.classList.toggle("operator", on);
  }

  function unlock(key) {
    $("operator-status").textContent = "";
    fetch("/v1/whoami", { headers: { "X-API-Key": key } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error((body.error && body.error.message) || String(r.status));
        return body;
      });
    }).then(function (me) {
      if (me.audience === "public") { $("operator-status").textContent = t("keyPublic"); return; }
      sessionStorage.setItem(OPERATOR_KEY, key);
      $("operator-key").value = "";
      $("operator-form").hidden = true;
      renderOperator();
      loadFacets();
    }, function (err) { $("operator-status").textContent = t("keyInvalid") + err.message; });
  }

  function lock() {
    sessionStorage.removeItem(OPERATOR_KEY);
    // What the screen shows may be internal: clear it with the key.
    $("result").hidden = true;
    $("empty").hidden = false;
    $("copy-fallback").value = "";
    last = null;
    setThread([]);
    renderOperator();
    loadFacets();
  }

  /* ---------- recent questions (this browser session only) ---------- */

  function recent() {
    try { return JSON.parse(sessionStorage.getItem(RECENT_KEY) || "[]"); } catch (e) { return []; }
  }

  function remember(question, filters) {
    var items = recent().filter(function (r) { return r.q !== question; });
    items.unshift({ q: question, filters: filters, lang: lang, at: new Date().toISOString() });
    sessionStorage.setItem(RECENT_KEY, JSON.stringify(items.slice(0, 15)));
    renderRecent();
  }

  function renderRecent() {
    var items = recent(), list = $("recent");
    list.textContent = "";
    $("recent-empty").hidden = items.length > 0;
    $("clear-recent").hidden = !items.length;
    items.forEach(function (r) {
      var f = r.filters || {};
      var sub = [new Date(r.at).toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit" }),
        f.site && label(f.site), f.modalities && f.modalities.map(label).join(", "), f.doc_type && label(f.doc_type)].filter(Boolean).join(" · ");
      var b = el("button", { type: "button" }, [r.q, el("span", { class: "sub", text: sub })]);
      b.addEventListener("click", function () { $("question").value = r.q; setFilters(f); submit(r.q, currentFilters(), true); });
      list.appendChild(el("li", {}, [b]));
    });
  }

  /* ---------- language ---------- */

  function setLang(next) {
    lang = next;
    sessionStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
    document.title = t("app") + " — " + (lang === "ja" ? "ブース" : "Booth");
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    document.querySelectorAll("#lang-toggle button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang)); });
    $("question").placeholder = t("placeholder");
    $("filters-note").textContent = t("noFilters");
    renderFacets();
    renderRecent();
    renderThread();
    var examples = $("examples");
    examples.textContent = "";
    t("examples").forEach(function (q) {
      var b = el("button", { type: "button", text: q });
      b.addEventListener("click", function () { $("question").value = q; submit(q, currentFilters(), true); });
      examples.appendChild(el("li", {}, [b]));
    });
    if (last) {
      renderCards(last.abstained ? [] : last.citations);
      if (last.resolved && last.resolved !== last.question) $("resolved").textContent = t("answeredAs")(last.resolved);
    }
  }

  function init() {
    $("ask-form").addEventListener("submit", function (e) { e.preventDefault(); submit($("question").value.trim(), currentFilters()); });
    $("question").addEventListener("keydown", function (e) {
      // Enter asks, except while a Japanese IME is composing (Enter then confirms the conversion).
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submit($("question").value.trim(), currentFilters());
      }
    });
    ["f-site", "f-modality", "f-doctype"].forEach(function (id) { $(id).addEventListener("change", markFilters); });
    $("copy-btn").addEventListener("click", copyAnswer);
    $("new-topic").addEventListener("click", function () { setThread([]); $("question").value = ""; $("question").focus(); });
    $("operator-btn").addEventListener("click", function () { $("operator-form").hidden = false; $("operator-key").focus(); });
    $("operator-cancel").addEventListener("click", function () { $("operator-form").hidden = true; $("operator-status").textContent = ""; });
    $("operator-form").addEventListener("submit", function (e) { e.preventDefault(); var k = $("operator-key").value.trim(); if (k) unlock(k); });
    $("operator-lock").addEventListener("click", lock);
    $("clear-recent").addEventListener("click", function () { sessionStorage.removeItem(RECENT_KEY); renderRecent(); });
    document.querySelectorAll("#lang-toggle button").forEach(function (b) {
      b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
    });
    $("answer").addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a.cite");
      if (!a) return;
      var card = document.querySelector(a.getAttribute("href"));
      if (card) { card.classList.add("flash"); setTimeout(function () { card.classList.remove("flash"); }, 1200); }
    });
    setLang(lang);
    renderOperator();
    loadFacets();
    $("question").focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
