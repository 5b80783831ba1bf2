/*
 * What the booth page, the document view and the portal widget share: reading the answer
 * stream (Server-Sent Events over fetch), turning an error response into an Error, and the one
 * rule for links (safeHref). The booth and document pages load this file first; /widget.js is served with it inlined ahead of widget.js inside one function
 * scope (api/routes/pages.py), so a portal still embeds one tag and gains no global name.
 */
var SponsorQaClient = (function () {
  "use strict";

  /** Reject with the API's error message, status, code and Retry-After. */
  function httpError(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      var err = new Error((body.error && body.error.message) || response.statusText || String(response.status));
      err.status = response.status;
      err.code = body.error && body.error.code;
      err.retryAfter = response.headers.get("Retry-After");
      throw err;
    });
  }

  /** Parse a text/event-stream body, calling on(event, data) for each event. */
  function readSse(response, on) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function flush(block) {
      var event = "message", data = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
      });
      if (data.length) on(event, JSON.parse(data.join("\n")));
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { if (buffer.trim()) flush(buffer); return; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var parts = buffer.split(/\r?\n\r?\n/);
        buffer = parts.pop();
        parts.forEach(flush);
        return pump();
      });
    }
    return pump();
  }

  /** An http(s) address (a relative one resolved), or null: no other scheme is ever an href,
   * so a `javascript:` url in an index (old or planted) can never run. */
  function safeHref(u) {
    try {
      var parsed = new URL(String(u), location.href);
      return /^https?:$/.test(parsed.protocol) ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  return { httpError: httpError, readSse: readSse, safeHref: safeHref };
})();
