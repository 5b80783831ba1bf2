/*
 * Sponsor Q&A chat widget — embed with one tag:
 *   <script src="https://HOST/widget.js" data-key="PUBLIC_KEY" data-lang="ja"
 *           data-contact="mailto:bd@example.com" defer></script>
 * Attributes: data-key (sent as X-API-Key), data-lang ("ja" default, or "en": the UI language),
 * data-contact (mailto: address or URL offered when the assistant abstains),
 * data-api (API origin; defaults to the origin this script was loaded from).
 * Everything renders inside a shadow root, so the host page's CSS and ours never meet.
 * No external fonts, images or scripts: the widget works from the app alone.
 * Follow-ups: the last six questions go with each new one ("history"); a panel reopened after
 * PAUSE_MS (10 minutes) without a question starts a fresh conversation.
 */
(function () {
  "use strict";
  if (window.__sponsorQaWidget) return;
  window.__sponsorQaWidget = true;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var attr = function (name) { return (script && script.getAttribute(name)) || ""; };
  var API = (attr("data-api") || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/$/, "");
  var KEY = attr("data-key");
  var CONTACT = attr("data-contact");
  var lang = attr("data-lang") === "en" ? "en" : "ja";
  var MAX_TURNS = 6; // the API reads at most six earlier turns
  var PAUSE_MS = 10 * 60 * 1000; // a visitor back after a longer pause asks about something new
  var turns = []; // this conversation's questions: {question, resolved?}
  var lastActivity = 0;

  var TEXT = {
    ja: {
      open: "ご質問はこちら：資料に基づく質問チャットを開く", close: "チャットを閉じる",
      title: "技術・実績のご質問", subtitle: "公開資料に基づき、出典付きでお答えします",
      placeholder: "ご質問を入力してください", send: "送信", question: "ご質問",
      hint: "Enterで送信・Shift+Enterで改行", thinking: "資料を確認しています…",
      sources: "出典", openSource: "資料を開く", you: "あなた", bot: "アシスタント",
      helpful: "この回答は役に立ちましたか？", up: "役に立った", down: "役に立たなかった",
      thanks: "ご意見ありがとうございます。", feedbackFailed: "送信できませんでした。",
      contact: "専門スタッフに問い合わせる", contactNote: "資料にない内容は、専門スタッフが直接お答えします。",
      busy: function (s) { return "ただいま混み合っています。" + s + "秒ほどおいて再度お試しください。"; },
      failed: "回答を取得できませんでした。時間をおいて再度お試しください。",
      empty: "ご質問を入力してください。", langSwitch: "English", langLabel: "Switch to English",
      welcome: "拠点・モダリティ・実績についてご質問ください。回答の番号から根拠となる資料を確認できます。",
      mailSubject: "ご質問（Webサイトより）", footer: "公開資料のみを参照しています",
      examples: ["ハイデラバード拠点の従業員数は？", "ADCの技術移転の実績はありますか？"],
      answeredAs: function (q) { return "「" + q + "」として回答しました"; },
    },
    en: {
      open: "Ask us: open the evidence-based Q&A chat", close: "Close the chat",
      title: "Technical questions", subtitle: "Answers from our public material, always with sources",
      placeholder: "Type your question", send: "Send", question: "Your question",
      hint: "Enter to send, Shift+Enter for a new line", thinking: "Checking our records…",
      sources: "Sources", openSource: "Open the source", you: "You", bot: "Assistant",
      helpful: "Was this answer helpful?", up: "Helpful", down: "Not helpful",
      thanks: "Thank you for your feedback.", feedbackFailed: "Could not send feedback.",
      contact: "Contact a specialist", contactNote: "For what our documents do not cover, a specialist will answer you directly.",
      busy: function (s) { return "We are busy right now. Please try again in about " + s + " seconds."; },
      failed: "Could not get an answer. Please try again later.",
      empty: "Please type a question.", langSwitch: "日本語", langLabel: "日本語に切り替える",
      welcome: "Ask about our sites, modalities and track record. Each numbered marker links to the source.",
      mailSubject: "Question from the website", footer: "Only public material is used",
      examples: ["What did the Baltimore site manufacture?", "How many PPQ campaigns has Bengaluru run?"],
      answeredAs: function (q) { return "Answered as: " + q; },
    },
  };
  var t = function (key) { return TEXT[lang][key]; };
  var SITES = { baltimore: ["ボルチモア", "Baltimore"], bengaluru: ["ベンガルール", "Bengaluru"],
    hyderabad: ["ハイデラバード", "Hyderabad"], tokyo: ["東京", "Tokyo"] };
  var siteName = function (site) { return SITES[site] ? SITES[site][lang === "ja" ? 0 : 1] : site; };

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box}",
    ".root{--brand:#1f4e79;--brand-dark:#163a5c;--ink:#1d2433;--muted:#5b6475;--line:#e2e6ed;--soft:#f4f6f9;--warn-bg:#fff8e8;--warn-line:#efc766;",
    "font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans JP','Noto Sans CJK JP','Yu Gothic UI','Yu Gothic',Meiryo,sans-serif;",
    "font-size:15px;line-height:1.65;color:var(--ink);-webkit-font-smoothing:antialiased}",
    ".launcher{position:fixed;right:24px;bottom:24px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:56px;padding:0 22px 0 18px;border:0;border-radius:28px;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer;box-shadow:0 6px 20px rgba(20,40,70,.28)}",
    ".launcher:hover{background:var(--brand-dark)}",
    ".launcher svg{width:22px;height:22px;flex:none}",
    ":focus-visible{outline:3px solid #f0a500;outline-offset:2px}",
    ".panel{position:fixed;right:24px;bottom:24px;z-index:2147483001;width:400px;max-width:calc(100vw - 32px);height:min(640px,calc(100vh - 48px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 16px 48px rgba(20,40,70,.28);overflow:hidden}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{display:flex;align-items:flex-start;gap:8px;padding:14px 14px 12px 18px;background:var(--brand);color:#fff}",
    "header .titles{flex:1;min-width:0}",
    "header h2{margin:0;font-size:16px;font-weight:700;line-height:1.4}",
    "header p{margin:2px 0 0;font-size:12px;opacity:.85;line-height:1.4}",
    ".hbtn{flex:none;border:1px solid rgba(255,255,255,.45);background:transparent;color:#fff;border-radius:8px;font:inherit;font-size:12px;padding:4px 9px;cursor:pointer;line-height:1.4}",
    ".hbtn:hover{background:rgba(255,255,255,.14)}",
    ".hbtn.icon{border-color:transparent;font-size:20px;line-height:1;padding:2px 8px}",
    ".log{flex:1;overflow-y:auto;padding:16px 16px 8px;background:var(--soft)}",
    ".msg{margin:0 0 14px;max-width:100%}",
    ".msg.user{display:flex;justify-content:flex-end}",
    ".bubble{padding:10px 14px;border-radius:12px;background:#fff;border:1px solid var(--line);word-wrap:break-word;overflow-wrap:anywhere}",
    ".user .bubble{background:var(--brand);border-color:var(--brand);color:#fff;max-width:85%;border-bottom-right-radius:4px}",
    ".bot .bubble{border-bottom-left-radius:4px}",
    ".welcome .bubble{color:var(--muted);font-size:14px}",
    ".answer p{margin:0 0 6px}.answer p:last-child{margin-bottom:0}",
    ".resolved{margin:0 0 6px;color:var(--muted);font-size:12px}",
    ".thinking{color:var(--muted);font-size:14px}",
    ".thinking:after{content:'';display:inline-block;width:1em;animation:dots 1.2s steps(4) infinite;overflow:hidden;vertical-align:bottom}",
    "@keyframes dots{0%{content:''}25%{content:'.'}50%{content:'..'}75%{content:'...'}}",
    ".cite{display:inline-block;min-width:1.5em;margin:0 1px;padding:0 4px;border-radius:5px;background:#e3ecf6;color:var(--brand);font-size:12px;font-weight:700;line-height:1.6;text-align:center;text-decoration:none;vertical-align:1px;cursor:pointer}",
    ".cite:hover,.cite:focus-visible{background:var(--brand);color:#fff}",
    ".sources{margin:10px 0 0;padding:8px 0 0;border-top:1px solid var(--line);list-style:none;font-size:13px}",
    ".sources h3{margin:0 0 4px;font-size:12px;color:var(--muted);font-weight:600;letter-spacing:.04em}",
    ".sources li{display:flex;gap:8px;padding:3px 0;line-height:1.5}",
    ".sources .n{flex:none;color:var(--brand);font-weight:700}",
    ".sources a{color:var(--brand);text-decoration:underline;text-underline-offset:2px}",
    ".sources .meta{color:var(--muted);font-size:12px}",
    ".abstain{margin-top:10px;padding:10px 12px;border:1px solid var(--warn-line);background:var(--warn-bg);border-radius:10px;font-size:13px}",
    ".abstain p{margin:0 0 8px}",
    ".contact{display:inline-block;padding:7px 14px;border-radius:8px;background:var(--brand);color:#fff;text-decoration:none;font-weight:600;font-size:13px}",
    ".contact:hover{background:var(--brand-dark)}",
    ".error .bubble{border-color:#e3a3a3;background:#fff3f3;color:#8a1f1f}",
    ".feedback{display:flex;align-items:center;gap:6px;margin-top:8px;font-size:12px;color:var(--muted)}",
    ".feedback button{display:inline-flex;align-items:center;justify-content:center;width:30px;height:28px;border:1px solid var(--line);border-radius:7px;background:#fff;color:var(--muted);cursor:pointer}",
    ".feedback button:hover{border-color:var(--brand);color:var(--brand)}",
    ".feedback button[aria-pressed=true]{background:var(--brand);border-color:var(--brand);color:#fff}",
    ".feedback svg{width:15px;height:15px}",
    "form{display:flex;gap:8px;align-items:flex-end;padding:10px 12px 6px;border-top:1px solid var(--line);background:#fff}",
    "textarea{flex:1;min-height:44px;max-height:120px;resize:none;padding:10px 12px;border:1px solid #c9d0da;border-radius:10px;font:inherit;font-size:16px;line-height:1.5;color:var(--ink)}",
    "textarea:focus{border-color:var(--brand);outline:2px solid rgba(31,78,121,.2)}",
    ".send{height:44px;padding:0 16px;border:0;border-radius:10px;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer}",
    ".send:disabled{opacity:.5;cursor:default}",
    ".foot{display:flex;justify-content:space-between;gap:8px;padding:0 14px 10px;background:#fff;color:var(--muted);font-size:11px}",
    ".tip{position:fixed;z-index:2147483002;max-width:300px;padding:10px 12px;border-radius:10px;background:#1d2433;color:#fff;font-size:13px;line-height:1.6;box-shadow:0 8px 24px rgba(0,0,0,.25)}",
    ".tip[hidden]{display:none}",
    ".tip q{display:block;quotes:'“' '”'}.tip q:lang(ja){quotes:'「' '」'}",
    ".tip .src{display:block;margin-top:6px;color:#b9c6d8;font-size:12px}",
    ".tip a{color:#9cc7f0}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    ".examples{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}",
    ".examples button{border:1px solid var(--line);background:var(--soft);color:var(--brand);border-radius:999px;padding:3px 12px;font:inherit;font-size:13px;cursor:pointer}",
    ".examples button:hover{border-color:var(--brand)}",
    "@media (max-width:480px){#sqa-hint{display:none}.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;border-radius:0}.launcher{right:16px;bottom:16px}.tip{max-width:calc(100vw - 24px)}}",
  ].join("\n");

  var ICON_CHAT = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.8A8 8 0 1 1 21 12z"/></svg>';
  var ICON_UP = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M7 10v11H3V10h4zm0 0 4-8a3 3 0 0 1 3 3v4h6a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.6 21H7"/></svg>';
  var ICON_DOWN = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M17 14V3h4v11h-4zm0 0-4 8a3 3 0 0 1-3-3v-4H4a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 5.4 3H17"/></svg>';

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "html") node.innerHTML = props[k]; // only our own constant SVG markup
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), props[k]);
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* ---------- HTTP: streaming ask with a JSON fallback, feedback ---------- */

  function headers(extra) {
    var h = { "Content-Type": "application/json" };
    if (KEY) h["X-API-Key"] = KEY;
    return Object.assign(h, extra || {});
  }

  var httpError = SponsorQaClient.httpError;
  var readSse = SponsorQaClient.readSse;

  /** Ask via SSE; servers without the streaming route get the plain JSON route instead. */
  function ask(question, on) {
    var payload = { question: question };
    if (turns.length) payload.history = turns.slice(-MAX_TURNS);
    var body = JSON.stringify(payload);
    return fetch(API + "/v1/ask/stream", { method: "POST", headers: headers({ Accept: "text/event-stream" }), body: body })
      .then(function (response) {
        if (response.status === 404 || response.status === 405) {
          return fetch(API + "/v1/ask", { method: "POST", headers: headers(), body: body }).then(function (r) {
            if (!r.ok) return httpError(r);
            return r.json().then(function (a) {
              on("citations", { citations: a.citations, abstained: a.abstained, trace_id: a.trace_id, lang: a.lang, resolved_question: a.resolved_question });
              on("delta", { text: a.answer });
              on("done", { answer: a.answer, abstained: a.abstained, trace_id: a.trace_id, resolved_question: a.resolved_question });
            });
          });
        }
        if (!response.ok) return httpError(response);
        return readSse(response, on);
      });
  }

  function sendFeedback(traceId, rating) {
    return fetch(API + "/v1/feedback", { method: "POST", headers: headers(), body: JSON.stringify({ trace_id: traceId, rating: rating }) })
      .then(function (r) { if (!r.ok) return httpError(r); });
  }

  /* ---------- rendering ---------- */

  /** Our own document view: a citation's `url` is never an href here (it could be any scheme). */
  function sourceHref(c) {
    var href = API + "/documents/" + encodeURIComponent(c.doc_id);
    var first = (c.quote || "").split(" … ")[0];
    return first ? href + "?hl=" + encodeURIComponent(first.slice(0, 300)) : href;
  }

  function sourceMeta(c) {
    return [c.site && siteName(c.site), c.date, c.page ? "p." + c.page : ""].filter(Boolean).join(" · ");
  }

  /** Display only: a quoted line never shows a Markdown bullet or list number. */
  function unbullet(text) {
    return String(text || "").split("\n").map(function (line) { return line.replace(/^\s*(?:[-*+•・]|\d{1,2}[.)])\s+/, ""); }).join("\n");
  }

  /** Render answer text, turning each [n] into a link to citation n (text is never parsed as HTML). */
  function renderAnswer(target, text, citations) {
    var byN = {};
    (citations || []).forEach(function (c) { byN[c.n] = c; });
    target.textContent = "";
    unbullet(text).split(/\n+/).forEach(function (line) {
      if (!line.trim()) return;
      var p = el("p");
      var last = 0, m, re = /\[(\d+)\]/g;
      while ((m = re.exec(line))) {
        p.appendChild(document.createTextNode(line.slice(last, m.index)));
        var c = byN[m[1]];
        p.appendChild(c ? citeMarker(c) : document.createTextNode(m[0]));
        last = re.lastIndex;
      }
      p.appendChild(document.createTextNode(line.slice(last)));
      target.appendChild(p);
    });
  }

  var tip, tipFor = null;
  function citeMarker(c) {
    var a = el("a", {
      class: "cite", href: sourceHref(c), target: "_blank", rel: "noopener",
      "aria-label": t("sources") + " " + c.n + ": " + c.title, "data-n": String(c.n), text: String(c.n),
    });
    a.addEventListener("mouseenter", function () { showTip(a, c); });
    a.addEventListener("mouseleave", hideTip);
    a.addEventListener("focus", function () { showTip(a, c); });
    a.addEventListener("blur", hideTip);
    // On touch screens the first tap shows the quote; the link inside the tip opens the source.
    a.addEventListener("pointerup", function (e) {
      if (e.pointerType === "touch" && tipFor !== a) { a.__tapToTip = true; showTip(a, c); }
    });
    a.addEventListener("click", function (e) {
      if (a.__tapToTip) { e.preventDefault(); a.__tapToTip = false; }
    });
    return a;
  }

  function showTip(anchor, c) {
    tipFor = anchor;
    tip.textContent = "";
    tip.appendChild(el("q", { text: unbullet(c.quote), lang: c.lang || lang }));
    tip.appendChild(el("span", { class: "src" }, [
      "[" + c.n + "] " + c.title + (sourceMeta(c) ? " — " + sourceMeta(c) : "") + " ",
      el("a", { href: sourceHref(c), target: "_blank", rel: "noopener", text: t("openSource") }),
    ]));
    tip.hidden = false;
    var r = anchor.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var top = r.top - h - 8 < 8 ? r.bottom + 8 : r.top - h - 8;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { setTimeout(function () { if (!tip.matches(":hover")) { tip.hidden = true; tipFor = null; } }, 150); }

  function renderSources(citations) {
    if (!citations || !citations.length) return null;
    var list = el("ol", { class: "sources", "aria-label": t("sources") });
    list.appendChild(el("h3", { text: t("sources") }));
    citations.forEach(function (c) {
      var meta = sourceMeta(c);
      list.appendChild(el("li", {}, [
        el("span", { class: "n", text: "[" + c.n + "]" }),
        el("span", {}, [el("a", { href: sourceHref(c), target: "_blank", rel: "noopener", text: c.title }), meta ? el("span", { class: "meta", text: " " + meta }) : null]),
      ]));
    });
    return list;
  }

  function contactHref(question) {
    if (!CONTACT) return "";
    if (/^mailto:/i.test(CONTACT)) {
      var sep = CONTACT.indexOf("?") >= 0 ? "&" : "?";
      return CONTACT + sep + "subject=" + encodeURIComponent(t("mailSubject")) + "&body=" + encodeURIComponent(question);
    }
    return CONTACT;
  }

  /** The abstention, said once: the server's message (or ours) with the contact action. */
  function renderAbstain(question, message) {
    var box = el("div", { class: "abstain", role: "note" }, [el("p", { text: message || t("contactNote") })]);
    var href = contactHref(question);
    if (href) box.appendChild(el("a", { class: "contact", href: href, target: /^mailto:/i.test(href) ? "_self" : "_blank", rel: "noopener", text: t("contact") }));
    return box;
  }

  function renderFeedback(traceId) {
    var bar = el("div", { class: "feedback", role: "group", "aria-label": t("helpful") }, [el("span", { text: t("helpful") })]);
    var status = el("span", { "aria-live": "polite" });
    ["up", "down"].forEach(function (rating) {
      var b = el("button", { type: "button", "aria-label": t(rating), title: t(rating), "aria-pressed": "false", "data-rating": rating, html: rating === "up" ? ICON_UP : ICON_DOWN });
      b.addEventListener("click", function () {
        bar.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
        sendFeedback(traceId, rating).then(function () { status.textContent = t("thanks"); }, function () { status.textContent = t("feedbackFailed"); });
      });
      bar.appendChild(b);
    });
    bar.appendChild(status);
    return bar;
  }

  /* ---------- the widget ---------- */

  var host = el("div", { id: "sponsor-qa-widget" });
  var shadow = host.attachShadow({ mode: "open" });
  var root = el("div", { class: "root" });
  shadow.appendChild(el("style", { text: CSS }));
  shadow.appendChild(root);

  var launcher, panel, log, input, sendBtn, form, titleEl, subEl, langBtn, closeBtn, hintEl, footEl, busy = false;

  function build() {
    launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "sqa-panel", onclick: openPanel });
    panel = el("section", { class: "panel", id: "sqa-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "sqa-title", hidden: "" });
    titleEl = el("h2", { id: "sqa-title" });
    subEl = el("p");
    langBtn = el("button", { class: "hbtn", type: "button", onclick: function () { setLang(lang === "ja" ? "en" : "ja"); } });
    closeBtn = el("button", { class: "hbtn icon", type: "button", onclick: closePanel, text: "×" });
    log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions text" });
    input = el("textarea", { id: "sqa-input", rows: "1", maxlength: "1000" });
    hintEl = el("span", { id: "sqa-hint" });
    input.setAttribute("aria-describedby", "sqa-hint");
    sendBtn = el("button", { class: "send", type: "submit" });
    form = el("form", { onsubmit: onSubmit }, [el("label", { class: "sr", for: "sqa-input", id: "sqa-label" }), input, sendBtn]);
    footEl = el("span");
    panel.appendChild(el("header", {}, [el("div", { class: "titles" }, [titleEl, subEl]), langBtn, closeBtn]));
    panel.appendChild(log);
    panel.appendChild(form);
    panel.appendChild(el("div", { class: "foot" }, [hintEl, footEl]));
    tip = el("div", { class: "tip", role: "tooltip", hidden: "" });
    tip.addEventListener("mouseleave", hideTip);
    root.appendChild(launcher);
    root.appendChild(panel);
    root.appendChild(tip);

    input.addEventListener("keydown", function (e) {
      // Enter sends, except while an IME is composing Japanese (Enter then confirms the conversion).
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); onSubmit(e); }
    });
    input.addEventListener("input", function () { input.style.height = "auto"; input.style.height = Math.min(input.scrollHeight, 120) + "px"; });
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { if (!tip.hidden) { tip.hidden = true; } else closePanel(); } });
    log.addEventListener("scroll", function () { tip.hidden = true; });
    setLang(lang);
    addWelcome();
  }

  function setLang(next) {
    lang = next;
    panel.setAttribute("lang", lang);
    launcher.setAttribute("lang", lang);
    launcher.innerHTML = ICON_CHAT;
    // The visible words start the accessible name (WCAG "label in name").
    launcher.appendChild(el("span", { text: t("open").split(/[：:]/)[0] }));
    launcher.setAttribute("aria-label", t("open"));
    titleEl.textContent = t("title");
    subEl.textContent = t("subtitle");
    langBtn.textContent = t("langSwitch");
    langBtn.setAttribute("aria-label", t("langLabel"));
    closeBtn.setAttribute("aria-label", t("close"));
    input.placeholder = t("placeholder");
    shadow.getElementById("sqa-label").textContent = t("question");
    sendBtn.textContent = t("send");
    hintEl.textContent = t("hint");
    footEl.textContent = t("footer");
    renderWelcome();
  }

  function addWelcome() {
    log.appendChild(el("div", { class: "msg bot welcome" }, [el("div", { class: "bubble" }), el("div", { class: "examples" })]));
    renderWelcome();
  }

  function renderWelcome() {
    var welcome = log.querySelector(".welcome");
    if (!welcome) return;
    welcome.querySelector(".bubble").textContent = t("welcome");
    var examples = welcome.querySelector(".examples");
    examples.textContent = "";
    t("examples").forEach(function (q) {
      examples.appendChild(el("button", { type: "button", text: q, onclick: function () { input.value = q; onSubmit(new Event("submit")); } }));
    });
  }

  /** Back after a long pause: the earlier thread is not what the visitor asks about now. */
  function startFresh() {
    turns = [];
    log.textContent = "";
    addWelcome();
  }

  function openPanel() {
    if (turns.length && Date.now() - lastActivity > PAUSE_MS) startFresh();
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    tip.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function onSubmit(e) {
    e.preventDefault();
    var question = input.value.trim();
    if (busy) return;
    if (!question) { input.setAttribute("aria-invalid", "true"); input.placeholder = t("empty"); return; }
    input.removeAttribute("aria-invalid");
    input.value = "";
    input.style.height = "auto";
    log.appendChild(el("div", { class: "msg user" }, [el("div", { class: "bubble", "aria-label": t("you"), text: question })]));
    var bubble = el("div", { class: "bubble", "aria-label": t("bot"), "aria-busy": "true" });
    var answer = el("div", { class: "answer" }, [el("span", { class: "thinking", text: t("thinking") })]);
    bubble.appendChild(answer);
    var msg = el("div", { class: "msg bot", "data-state": "streaming" }, [bubble]);
    log.appendChild(msg);
    scrollDown();
    busy = true;
    sendBtn.disabled = true;

    lastActivity = Date.now();
    var state = { text: "", citations: [], abstained: false, trace: null, resolved: null };
    ask(question, function (event, data) {
      if (event === "citations") {
        state.citations = data.citations || [];
        state.abstained = !!data.abstained;
        state.trace = data.trace_id || null;
        state.resolved = data.resolved_question || null;
      } else if (event === "delta") {
        state.text += data.text || "";
        // An abstention is said once, in its box below, not also as answer text.
        if (!state.abstained) renderAnswer(answer, state.text, state.citations);
        scrollDown();
      } else if (event === "done") {
        if (data.answer) state.text = data.answer;
        state.abstained = !!data.abstained;
        state.trace = data.trace_id || state.trace;
        state.resolved = data.resolved_question || state.resolved;
      } else if (event === "error") {
        var err = new Error(data.message || t("failed"));
        err.code = data.code;
        throw err;
      }
    }).then(function () {
      if (state.resolved && state.resolved !== question) {
        bubble.insertBefore(el("p", { class: "resolved", text: t("answeredAs")(state.resolved) }), answer);
      }
      var turn = { question: question };
      if (state.resolved) turn.resolved = state.resolved;
      turns = turns.concat([turn]).slice(-MAX_TURNS);
      lastActivity = Date.now();
      if (state.abstained) answer.remove(); else renderAnswer(answer, state.text, state.citations);
      var sources = !state.abstained && renderSources(state.citations);
      if (sources) bubble.appendChild(sources);
      if (state.abstained) bubble.appendChild(renderAbstain(question, state.text.trim()));
      if (state.trace) bubble.appendChild(renderFeedback(state.trace));
      msg.setAttribute("data-state", state.abstained ? "abstained" : "done");
    }, function (err) {
      msg.classList.add("error");
      msg.setAttribute("data-state", "error");
      answer.textContent = err.status === 429 ? t("busy")(err.retryAfter || 30) : (err.status && err.status < 500 && err.message) || t("failed");
    }).then(function () {
      bubble.removeAttribute("aria-busy");
      busy = false;
      sendBtn.disabled = false;
      scrollDown();
    });
  }

  function mount() {
    document.body.appendChild(host);
    build();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
