// placebook serve: live reload and the error overlay. Added to pages only by
// `placebook serve`, never by `placebook build`.
(function () {
  "use strict";
  if (!window.EventSource || window.__placebookLive) return;
  window.__placebookLive = true;
  var first = null;
  var overlay = null;

  // This page's file in the output: "/a/b/" -> "a/b/index.html".
  function currentFile() {
    var p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.slice(-1) === "/") p += "index.html";
    return p;
  }

  function showErrors(text, count) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "placebook-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;" +
        "background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 system-ui,sans-serif";
      var box = document.createElement("div");
      box.style.cssText = "max-width:60rem;margin:0 auto";
      var h = document.createElement("h2");
      h.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#ffb4a8";
      var note = document.createElement("p");
      note.style.cssText = "margin:0 0 1rem";
      note.textContent =
        "The site was not rebuilt. You are seeing the last version that built. " +
        "Fix the file and save it; this message goes away by itself.";
      var pre = document.createElement("pre");
      pre.style.cssText =
        "white-space:pre-wrap;background:#111;color:#f5f5f5;padding:1rem;" +
        "border-radius:4px;font:14px/1.45 ui-monospace,monospace;overflow:auto";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.cssText = "font:inherit;padding:.25rem .75rem;margin-top:1rem";
      close.addEventListener("click", function () {
        overlay.hidden = true;
      });
      box.appendChild(h);
      box.appendChild(note);
      box.appendChild(pre);
      box.appendChild(close);
      overlay.appendChild(box);
      document.body.appendChild(overlay);
    }
    overlay.hidden = false;
    overlay.querySelector("h2").textContent =
      count === 1 ? "placebook found an error" : "placebook found " + count + " errors";
    overlay.querySelector("pre").textContent = text;
  }

  function clearErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var stamp = Date.now();
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      url.searchParams.set("placebook-reload", stamp);
      links[i].href = url.toString();
    }
  }

  // The server renders the pages that browsers show first after an edit.
  var source = new EventSource(
    "/__placebook/events?page=" + encodeURIComponent(location.pathname)
  );
  source.onmessage = function (event) {
    var msg;
    try {
      msg = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (msg.type === "hello") {
      // A new server (restarted) or updates missed while disconnected: reload.
      if (first !== null && msg.version !== first) location.reload();
      first = msg.version;
      if (msg.errors) showErrors(msg.errors, msg.count);
      else clearErrors();
    } else if (msg.type === "errors") {
      showErrors(msg.text, msg.count);
    } else if (msg.type === "ok") {
      clearErrors();
    } else if (msg.type === "css") {
      first = msg.version;
      swapStyles();
    } else if (msg.type === "reload") {
      first = msg.version;
      if (msg.all || msg.paths.indexOf(currentFile()) !== -1) location.reload();
    }
  };
})();
