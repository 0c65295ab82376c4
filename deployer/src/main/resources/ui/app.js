// The web UI's one script (docs/web-ui.md): it fills the server-rendered shells from the service's JSON and keeps
// the overview live. Every value from the service (job names, tags, Nomad's messages) reaches the page as
// textContent, never as markup, so no value can become code.
"use strict";

(function () {
  var LIVE_ITEMS = 50;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined) {
        return;
      }
      if (name === "text") {
        node.textContent = String(value);
      } else {
        node.setAttribute(name, String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function setText(id, text) {
    var node = document.getElementById(id);
    if (node) {
      node.textContent = text === null || text === undefined ? "" : String(text);
    }
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function getJson(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) {
            throw new Error(response.status + ": " + text.trim());
          });
        }
        return response.json();
      });
  }

  function when(iso) {
    if (!iso) {
      return "—";
    }
    var date = new Date(iso);
    return isNaN(date.getTime()) ? iso : date.toLocaleString();
  }

  function ago(iso) {
    if (!iso) {
      return "none";
    }
    var seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (seconds < 90) {
      return seconds + " s ago (" + when(iso) + ")";
    }
    if (seconds < 5400) {
      return Math.round(seconds / 60) + " min ago (" + when(iso) + ")";
    }
    return Math.round(seconds / 3600) + " h ago (" + when(iso) + ")";
  }

  function jobName(namespace, job) {
    return namespace + "/" + job;
  }

  function jobHref(namespace, job) {
    return "/ui/jobs/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(job);
  }

  function jobApi(namespace, job) {
    return "/ui/api/jobs/" + encodeURIComponent(namespace) + "/" + encodeURIComponent(job);
  }

  function badge(status) {
    return el("span", { "class": "badge status-" + (status || "none"), text: status || "none" });
  }

  function showError(target, error) {
    var node = typeof target === "string" ? document.getElementById(target) : target;
    if (node) {
      node.textContent = "Could not load: " + error.message;
      node.classList.add("error");
    }
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function keepInAddress(query) {
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  // ---- live events --------------------------------------------------------------------------------------------

  function live(handlers, statusId) {
    if (!window.EventSource) {
      setText(statusId, "live updates need a browser with EventSource; reload to see news");
      return;
    }
    var source = new EventSource("/ui/api/events");
    source.addEventListener("open", function () {
      setText(statusId, "live: new decisions appear here as they are made");
    });
    source.addEventListener("error", function () {
      setText(statusId, "live updates interrupted; reconnecting…");
    });
    Object.keys(handlers).forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        handlers[kind](JSON.parse(event.data));
      });
    });
  }

  // ---- overview -----------------------------------------------------------------------------------------------

  function decisionItem(decision) {
    var name = jobName(decision.namespace, decision.job);
    var change = (decision.meta_key || "") + (decision.new_value ? " → " + decision.new_value : "");
    return el("li", { "data-job": name, "data-status": decision.status }, [
      badge(decision.status), " ",
      el("a", { href: jobHref(decision.namespace, decision.job), text: name }), " ",
      el("span", { "class": "image", text: decision.repository + ":" + decision.tag }), " ",
      change ? el("span", { "class": "change", text: change }) : null,
      el("span", { "class": "muted when", text: when(decision.recorded_at) }),
      decision.message ? el("p", { "class": "message", text: decision.message }) : null
    ]);
  }

  function rolloutItem(change) {
    var name = jobName(change.namespace, change.job);
    return el("li", { "data-job": name, "data-status": change.status }, [
      badge(change.status), " ",
      el("a", { href: jobHref(change.namespace, change.job), text: name }), " ",
      el("span", { "class": "muted", text: "version " + change.job_version }),
      el("span", { "class": "muted when", text: when(change.at) }),
      change.description ? el("p", { "class": "message", text: change.description }) : null
    ]);
  }

  function prepend(list, item) {
    list.insertBefore(item, list.firstChild);
    while (list.children.length > LIVE_ITEMS) {
      list.removeChild(list.lastChild);
    }
  }

  function overview() {
    var decisions = document.getElementById("decisions");
    var rollouts = document.getElementById("rollouts");
    getJson("/ui/api/overview").then(function (data) {
      var state = document.getElementById("state");
      state.textContent = data.ready ? "ready" : "waiting — " + data.not_ready_because;
      state.setAttribute("data-ready", data.ready ? "true" : "false");
      var lead = data.leadership;
      setText("leader", (lead.leader || "no replica holds the lease") + (lead.leading ? " (this replica)" :
        " (this replica: " + lead.replica + ", following)"));
      var index = data.index;
      setText("index", index.jobs + " jobs, " + index.source + (index.lag === null ? "" : ", " + index.lag +
        " behind Nomad") + (index.warm ? "" : ", still reading"));
      setText("queue-depth", data.queue.depth + " (" + data.queue.inbox_pending + " pushes to match, " +
        data.queue.targets_open + " jobs to update)");
      setText("oldest-pending", ago(data.queue.oldest_pending_received_at));
      clear(decisions);
      data.decisions.forEach(function (decision) { decisions.appendChild(decisionItem(decision)); });
      clear(rollouts);
      data.rollouts.forEach(function (change) { rollouts.appendChild(rolloutItem(change)); });
    }).catch(function (error) { showError("state", error); });
    live({
      decision: function (decision) { prepend(decisions, decisionItem(decision)); },
      rollout: function (change) { prepend(rollouts, rolloutItem(change)); }
    }, "live");
  }

  // ---- jobs ---------------------------------------------------------------------------------------------------

  function imagesCell(images) {
    var list = el("ul", { "class": "plain" });
    images.forEach(function (image) {
      list.appendChild(el("li", {}, [
        el("span", { "class": "image", text: image.repository }), " ",
        el("code", { text: image.meta_key + " = " + (image.current_value === null ? "(unset)" : image.current_value) }),
        " ", el("span", { "class": "muted", text: image.policy })
      ]));
    });
    return list;
  }

  function jobs() {
    var query = params();
    var state = { q: query.get("q") || "", page: Math.max(1, parseInt(query.get("page") || "1", 10) || 1) };
    var search = document.getElementById("jobs-search");
    var body = document.querySelector("#jobs tbody");
    var prev = document.getElementById("jobs-prev");
    var next = document.getElementById("jobs-next");
    search.value = state.q;

    function load() {
      var url = "/ui/api/jobs?q=" + encodeURIComponent(state.q) + "&page=" + state.page;
      var address = new URLSearchParams();
      if (state.q) { address.set("q", state.q); }
      if (state.page > 1) { address.set("page", String(state.page)); }
      keepInAddress(address);
      getJson(url).then(function (data) {
        clear(body);
        data.jobs.forEach(function (job) {
          var name = jobName(job.namespace, job.job);
          body.appendChild(el("tr", { "data-job": name }, [
            el("td", {}, [el("a", { href: jobHref(job.namespace, job.job), text: name })]),
            el("td", {}, [imagesCell(job.images)]),
            el("td", {}, [job.last_push_tag ? el("span", { text: job.last_push_tag + " (" + job.last_status + ")" })
              : el("span", { "class": "muted", text: "none" }),
              el("span", { "class": "muted when", text: when(job.last_push_at) })]),
            el("td", {}, [badge(job.rollout_status)]),
            el("td", {}, [el("span", { "class": job.paused ? "badge status-paused" : "badge status-active",
              text: job.paused ? "paused" : "active" })])
          ]));
        });
        var pages = Math.max(1, Math.ceil(data.total / data.per_page));
        setText("jobs-count", data.total + (state.q ? " matching" : "") + " of " + data.watched + " watched jobs");
        setText("jobs-page", "page " + data.page + " of " + pages);
        prev.disabled = data.page <= 1;
        next.disabled = data.page >= pages;
      }).catch(function (error) { showError("jobs-count", error); });
    }

    document.getElementById("jobs-form").addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = search.value.trim();
      state.page = 1;
      load();
    });
    prev.addEventListener("click", function () { state.page = Math.max(1, state.page - 1); load(); });
    next.addEventListener("click", function () { state.page += 1; load(); });
    load();
  }

  // ---- one job ------------------------------------------------------------------------------------------------

  function timelineItem(item) {
    var parts = [el("span", { "class": "muted when", text: when(item.at) }), " "];
    if (item.kind === "push") {
      parts.push(el("strong", { text: item.pending ? "push waiting" : "push" }), " ",
        el("span", { "class": "image", text: item.repository + ":" + item.tag }));
    } else if (item.kind === "decision") {
      parts.push(el("strong", { text: "decision" }), " ", badge(item.status), " ",
        el("span", { text: (item.meta_key || "") + (item.new_value ? " → " + item.new_value : "") }));
      if (item.message) {
        parts.push(el("p", { "class": "message", text: item.message }));
      }
    } else if (item.kind === "rollout") {
      parts.push(el("strong", { text: "rollout of version " + item.job_version }), " ", badge(item.status));
      if (item.message) {
        parts.push(el("p", { "class": "message", text: item.message }));
      }
    } else if (item.kind === "notice") {
      var sinks = Object.keys(item.deliveries || {}).map(function (sink) {
        return sink + ": " + item.deliveries[sink];
      }).join(", ");
      parts.push(el("strong", { text: "notice" }), " ", badge(item.status), " ",
        el("span", { "class": "muted", text: sinks }));
      if (item.message) {
        parts.push(el("p", { "class": "message", text: item.message }));
      }
    }
    return el("li", { "data-kind": item.kind, "data-status": item.status || null }, parts);
  }

  function job() {
    var title = document.getElementById("job-title");
    var namespace = title.getAttribute("data-namespace");
    var id = title.getAttribute("data-job");
    var token = document.getElementById("token");
    var operator = document.getElementById("operator");
    token.value = window.sessionStorage.getItem("nomad-deployer.token") || "";
    operator.value = window.sessionStorage.getItem("nomad-deployer.operator") || "";

    function load() {
      getJson(jobApi(namespace, id)).then(function (data) {
        setText("paused", data.paused ? "paused" : "active");
        setText("pause-detail", data.pause ? data.pause.by + ", " + when(data.pause.at) + ": " + data.pause.reason
          : "—");
        setText("rollout-status", data.rollout_status || "none");
        var link = document.getElementById("nomad-link");
        clear(link);
        if (data.nomad_url) {
          link.appendChild(el("a", { href: data.nomad_url, rel: "noopener", text: "Open in Nomad's UI" }));
        }
        var images = document.querySelector("#images tbody");
        clear(images);
        data.images.forEach(function (image) {
          images.appendChild(el("tr", {}, [el("td", { text: image.task }), el("td", { text: image.image }),
            el("td", {}, [el("code", { text: image.meta_key })]),
            el("td", { text: image.current_value === null ? "(unset)" : image.current_value }),
            el("td", { text: image.policy })]));
        });
        var timeline = document.getElementById("timeline");
        clear(timeline);
        data.timeline.forEach(function (item) { timeline.appendChild(timelineItem(item)); });
      }).catch(function (error) { showError("paused", error); });
    }

    function act(action) {
      var result = document.getElementById("action-result");
      window.sessionStorage.setItem("nomad-deployer.token", token.value);
      window.sessionStorage.setItem("nomad-deployer.operator", operator.value);
      result.classList.remove("error");
      result.textContent = action + "…";
      var headers = { "Content-Type": "application/json", "Authorization": "Bearer " + token.value };
      if (operator.value.trim()) {
        headers["X-Operator"] = operator.value.trim();
      }
      var reason = document.getElementById("reason").value.trim();
      fetch(jobApi(namespace, id) + "/" + action, {
        method: "POST", headers: headers, credentials: "omit",
        body: JSON.stringify(action === "pause" && reason ? { reason: reason } : {})
      }).then(function (response) {
        return response.text().then(function (text) {
          var message = text.trim();
          if (response.ok) {
            var data = JSON.parse(text);
            message = action === "retry" ? "retrying " + data.retried.length + " push(es)"
              : (data.changed ? (data.paused ? "paused" : "resumed") : (data.paused ? "was paused already"
                : "was not paused"));
          } else {
            result.classList.add("error");
            message = response.status + ": " + message;
          }
          result.textContent = message;
          load();
        });
      }).catch(function (error) {
        result.classList.add("error");
        result.textContent = "failed: " + error.message;
      });
    }

    ["pause", "resume", "retry"].forEach(function (action) {
      document.getElementById(action).addEventListener("click", function () { act(action); });
    });
    document.getElementById("actions").addEventListener("submit", function (event) { event.preventDefault(); });
    load();
    function mine(event) {
      if (event.namespace === namespace && event.job === id) {
        load();
      }
    }
    live({ decision: mine, rollout: mine }, "action-result-live");
  }

  // ---- history ------------------------------------------------------------------------------------------------

  function history() {
    var form = document.getElementById("history-filters");
    var body = document.querySelector("#history tbody");
    var prev = document.getElementById("history-prev");
    var next = document.getElementById("history-next");
    var query = params();
    var page = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
    ["status", "job", "repository", "rollout"].forEach(function (name) {
      if (query.get(name)) { form.elements[name].value = query.get(name); }
    });

    function load() {
      var filters = new URLSearchParams();
      ["status", "job", "repository", "rollout"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) { filters.set(name, value); }
      });
      if (page > 1) { filters.set("page", String(page)); }
      keepInAddress(filters);
      getJson("/ui/api/history?" + filters.toString()).then(function (data) {
        clear(body);
        data.deployments.forEach(function (entry) {
          body.appendChild(el("tr", { "data-job": jobName(entry.namespace, entry.job), "data-status": entry.status }, [
            el("td", { text: when(entry.recorded_at) }),
            el("td", {}, [el("a", { href: jobHref(entry.namespace, entry.job), text: jobName(entry.namespace, entry.job) })]),
            el("td", { "class": "image", text: entry.repository + ":" + entry.tag }),
            el("td", { text: (entry.meta_key || "") + (entry.new_value ? " → " + entry.new_value : "") }),
            el("td", {}, [badge(entry.status)]),
            el("td", {}, [entry.rollout ? badge(entry.rollout.status) : el("span", { "class": "muted", text: "—" })]),
            el("td", { "class": "message", text: entry.message || "" })
          ]));
        });
        setText("history-count", data.deployments.length + " decisions on this page");
        setText("history-page", "page " + data.page);
        prev.disabled = data.page <= 1;
        next.disabled = data.deployments.length < data.per_page;
      }).catch(function (error) { showError("history-count", error); });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); page = 1; load(); });
    prev.addEventListener("click", function () { page = Math.max(1, page - 1); load(); });
    next.addEventListener("click", function () { page += 1; load(); });
    load();
  }

  var pages = { overview: overview, jobs: jobs, job: job, history: history };
  document.addEventListener("DOMContentLoaded", function () {
    var start = pages[document.body.getAttribute("data-page")];
    if (start) {
      start();
    }
  });
})();
