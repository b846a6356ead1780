/* The Now page keeps itself current: every data-interval seconds (while the tab is visible) it
   fetches /now/live and swaps in the parts that changed, one top-level element at a time, so
   focus stays where it was. A screen reader hears one polite line when the counts change, not
   the whole page. Without this script the page still shows everything and has a Refresh link. */
(function () {
  "use strict";
  var live = document.getElementById("now-live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var announcer = document.getElementById("now-announce");
  var problem = document.getElementById("now-problem");
  var url = live.getAttribute("data-live-url");
  var seconds = Math.max(1, parseFloat(live.getAttribute("data-interval")) || 10);
  var timer = null;
  var fetching = false;
  var stopped = false;
  var lastCounts = counts(live);
  var lastSaid = "";

  function counts(root) {
    var stamp = root.querySelector("[data-counts]");
    return stamp ? stamp.getAttribute("data-counts") : "";
  }

  function say(text) {
    if (announcer && text && text !== lastSaid) {
      announcer.textContent = text;
      lastSaid = text;
    }
  }

  function trouble(text) {
    if (!problem) {
      return;
    }
    problem.textContent = text;
    problem.hidden = !text;
    say(text);
  }

  /* The element in `root` that stands for `old` (same id, else a link to the same place). */
  function counterpart(root, old) {
    var found = root.querySelectorAll(old.tagName);
    var href = old.getAttribute("href");
    for (var i = 0; i < found.length; i += 1) {
      if (old.id ? found[i].id === old.id : href && found[i].getAttribute("href") === href) {
        return found[i];
      }
    }
    return null;
  }

  function topLevel(node) {
    while (node && node.parentNode !== live) {
      node = node.parentNode;
    }
    return node;
  }

  function swap(html) {
    var parsed = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    var fresh = parsed.body.firstElementChild;
    var focused = document.activeElement;
    var inside = focused && focused !== document.body && live.contains(focused);
    var section = inside ? topLevel(focused) : null;
    var current = {};
    Array.prototype.forEach.call(live.children, function (child) {
      current[child.id] = child;
    });
    var next = Array.prototype.map.call(fresh.children, function (child) {
      var old = current[child.id];
      return old && old.outerHTML === child.outerHTML ? old : document.importNode(child, true);
    });
    var same = next.length === live.children.length && next.every(function (node, i) {
      return node === live.children[i];
    });
    if (same) {
      return;
    }
    next.forEach(function (node) {
      live.appendChild(node); /* moves kept nodes in order; removed below what is left over */
    });
    Array.prototype.slice.call(live.childNodes).forEach(function (node) {
      if (next.indexOf(node) === -1) {
        live.removeChild(node);
      }
    });
    if (inside && !live.contains(focused)) {
      var again = counterpart(live, focused);
      var place = again || (section && section.id && document.getElementById(section.id));
      if (place) {
        if (!again) {
          place.setAttribute("tabindex", "-1");
        }
        place.focus({ preventScroll: true });
      }
    }
  }

  function announce() {
    var now = counts(live);
    if (now !== lastCounts) {
      var stamp = live.querySelector("[data-at]");
      say("Updated " + (stamp ? stamp.getAttribute("data-at") : "") + ": " + now + ".");
      lastCounts = now;
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!stopped && document.visibilityState !== "hidden") {
      timer = window.setTimeout(poll, seconds * 1000);
    }
  }

  function poll() {
    if (fetching || stopped) {
      return;
    }
    fetching = true;
    window.fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual",
                        headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401 ||
            response.status === 403) {
          stopped = true;
          trouble("You are signed out, so this page no longer updates: refresh it to sign in.");
          return null;
        }
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (html !== null) {
          swap(html);
          announce();
          if (problem && !problem.hidden) {
            trouble("");
          }
        }
      })
      .catch(function () {
        trouble("Could not update just now; trying again.");
      })
      .then(function () {
        fetching = false;
        schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      window.clearTimeout(timer);
    } else {
      poll();
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".now-auto"), function (note) {
    note.hidden = false;
  });
  schedule();
})();
