/* The site's search: the header button and dialog of overrides/partials/site-search.html, over the Pagefind
 * index the build writes into pagefind/ (scripts/tradebriefs/searchindex.py).
 *
 * Nothing is fetched until the dialog opens (or the pointer rests on the button): then Pagefind's library, which
 * fetches only the index chunks a query needs. Filters (facets) narrow a query, or browse without one; values
 * of one filter are alternatives, filters combine. Every word shown comes from the dialog's data-words-*
 * attributes; page text from the index is shown as text, with only Pagefind's <mark> kept.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("tb-search");
  var opener = document.querySelector("[data-tb-search-open]");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  var input = dialog.querySelector("#tb-search-input");
  var form = dialog.querySelector("form");
  var status = dialog.querySelector("[data-tb-search-status]");
  var list = dialog.querySelector("[data-tb-search-results]");
  var more = dialog.querySelector("[data-tb-search-more]");
  var words = dialog.dataset;
  var options = {}; // filter name -> Map value -> {label, box, count}: built once the filters are opened
  var PAGE = 10; // results shown at a time: each needs its own fragment fetched
  var SHOWN_OPTIONS = 8; // filter values shown before "show all"
  var SECTIONS = 3; // sections (headings) listed under a result

  var loading = null;
  var current = null; // the search whose results are listed
  var shown = 0;
  var ticket = 0; // the latest query: older answers arriving late are dropped
  var selected = {}; // filter name -> Set of values

  function say(text) {
    status.textContent = text;
  }

  function fill(template, n) {
    return template.replace("{n}", n.toLocaleString("en"));
  }

  /* How readers write a number, folded into how pages print it and the index holds it: a minus sign or dash
   * becomes a hyphen, a currency sign or code before a number goes ("$240.11", "US$ 240.11", "USD 240.11" ->
   * "240.11"), and so does a sign before a number ("−$18.17", "-18.17", "+26.3%" -> "18.17", "26.3%"). */
  function normalize(query) {
    return cjkPairs(query)
      .replace(/[\u2212\u2010-\u2015\uFE63\uFF0D]/g, "-")
      .replace(/(?:US\s?\$|USD|EUR|GBP|CNY|RMB|RUB|JPY|[$€£¥₽])\s?(?=[-+]?\d)/gi, "")
      .replace(/(^|[\s(])[-+](?=\d)/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  }

  /* A run of three or more Han or kana characters as its overlapping character pairs, as the index holds
   * them (searchmeta.cjk_bigrams): "俄罗斯" -> "俄罗 罗斯". */
  function cjkPairs(query) {
    return query.replace(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}/g, function (run) {
      var pairs = [];
      for (var i = 0; i + 1 < run.length; i++) pairs.push(run.slice(i, i + 2));
      return " " + pairs.join(" ") + " ";
    });
  }

  /* Index text as nodes: text, and <mark> around the words found; nothing else survives. DOMParser documents
   * are inert (no script runs, nothing loads). */
  function markedText(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function plainText(html) {
    return new DOMParser().parseFromString("<body>" + (html || ""), "text/html").body.textContent;
  }

  /* Only links into this site: an index is data, and data never chooses where a link goes. */
  function siteUrl(url) {
    var base = new URL(words.base, location.href);
    var resolved = new URL(url, base);
    if (resolved.origin !== base.origin || !resolved.pathname.startsWith(base.pathname)) return null;
    return resolved.href;
  }

  function load() {
    if (!loading) {
      say(words.wordsLoading);
      loading = import(new URL(words.index, location.href).href).then(function (module) {
        return module
          .options({
            baseUrl: new URL(words.base, location.href).pathname,
            excerptLength: 24,
            // Pages are long because of their tables, not because a word matters less there.
            ranking: { pageLength: 0.0 },
          })
          .then(function () {
            module.init();
            return module;
          });
      });
      loading.catch(function () {
        say(words.wordsMissing);
        loading = null; // under `make serve` the index may come later: try again on the next query
      });
    }
    return loading;
  }

  // Filters. Their indexes list the pages of every value, so they grow with the archive: they are fetched
  // only once the reader opens the filters, never for a plain query.

  var filterBox = dialog.querySelector("[data-tb-search-filters]");
  var filtersReady = null;

  function loadFilters() {
    if (!filtersReady) {
      filtersReady = load().then(function (module) {
        return module.filters().then(buildOptions);
      });
      filtersReady.catch(function () {
        filtersReady = null;
      });
    }
    return filtersReady;
  }

  filterBox.addEventListener("toggle", function () {
    if (filterBox.open) loadFilters().then(run, function () {});
  });

  function orderValues(name, counts, order) {
    var values = Object.keys(counts);
    if (name === "year") return values.sort().reverse();
    if (order) {
      // A fixed order (page kinds: briefs first); a value it does not name comes last.
      var rank = function (v) {
        var at = order.indexOf(v);
        return at < 0 ? order.length : at;
      };
      return values.sort(function (a, b) {
        return rank(a) - rank(b) || a.localeCompare(b);
      });
    }
    return values.sort(function (a, b) {
      return counts[b] - counts[a] || a.localeCompare(b);
    });
  }

  function buildOptions(totals) {
    dialog.querySelectorAll("fieldset[data-filter]").forEach(function (fieldset) {
      var name = fieldset.dataset.filter;
      var counts = totals[name] || {};
      var box = fieldset.querySelector(".tb-search__options");
      var values = orderValues(name, counts, fieldset.dataset.order && fieldset.dataset.order.split("|"));
      options[name] = new Map();
      selected[name] = selected[name] || new Set();
      box.replaceChildren();
      values.forEach(function (value, i) {
        var label = document.createElement("label");
        var check = document.createElement("input");
        var count = document.createElement("span");
        check.type = "checkbox";
        check.value = value;
        check.checked = selected[name].has(value);
        check.addEventListener("change", function () {
          if (check.checked) selected[name].add(value);
          else selected[name].delete(value);
          run();
        });
        count.className = "tb-search__count";
        label.append(check, " " + value + " ", count);
        if (i >= SHOWN_OPTIONS) label.classList.add("tb-search__extra");
        box.append(label);
        options[name].set(value, { label: label, box: check, count: count });
      });
      if (values.length > SHOWN_OPTIONS) {
        var all = document.createElement("button");
        all.type = "button";
        all.className = "tb-search__all";
        all.setAttribute("aria-expanded", "false");
        all.textContent = "Show all " + values.length;
        all.addEventListener("click", function () {
          var open = fieldset.classList.toggle("tb-search--expanded");
          all.setAttribute("aria-expanded", String(open));
          all.textContent = open ? "Show fewer" : "Show all " + values.length;
        });
        box.append(all);
      }
      fieldset.hidden = values.length === 0;
      showCounts(name, counts);
    });
  }

  function showCounts(name, counts) {
    (options[name] || new Map()).forEach(function (option, value) {
      var n = counts[value] || 0;
      option.count.textContent = "(" + n.toLocaleString("en") + ")";
      var keep = n > 0 || option.box.checked || option.box === document.activeElement;
      option.label.hidden = !keep;
    });
  }

  function activeFilters() {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      if (selected[name].size) filters[name] = { any: Array.from(selected[name]) };
    });
    return filters;
  }

  // Results.

  function resultItem(data) {
    var url = siteUrl(data.url);
    var item = document.createElement("li");
    item.className = "tb-search__result";
    var link = document.createElement("a");
    link.className = "tb-search__link";
    if (url) link.href = url;
    var title = document.createElement("span");
    title.className = "tb-search__page";
    title.textContent = plainText((data.meta && data.meta.title) || data.url);
    link.append(title);
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    if (kind) {
      var tag = document.createElement("span");
      tag.className = "tb-search__kind";
      tag.textContent = kind;
      link.append(" ", tag);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "tb-search__excerpt";
    excerpt.append(markedText(data.excerpt));
    item.append(link, excerpt);

    var sections = (data.sub_results || [])
      .filter(function (sub) {
        return sub.url !== data.url && sub.url.indexOf("#") > 0;
      })
      .sort(function (a, b) {
        return (b.locations || []).length - (a.locations || []).length;
      })
      .slice(0, SECTIONS);
    if (sections.length) {
      var sub = document.createElement("ul");
      sub.className = "tb-search__sections";
      sections.forEach(function (section) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        var target = siteUrl(section.url);
        if (target) a.href = target;
        a.textContent = plainText(section.title);
        var p = document.createElement("p");
        p.className = "tb-search__excerpt";
        p.append(markedText(section.excerpt));
        li.append(a, p);
        sub.append(li);
      });
      item.append(sub);
    }
    return item;
  }

  function showMore() {
    var mine = ticket;
    var search = current;
    var slice = search.results.slice(shown, shown + PAGE);
    return Promise.all(
      slice.map(function (r) {
        return r.data();
      })
    ).then(function (pages) {
      if (mine !== ticket) return;
      pages.forEach(function (data) {
        list.append(resultItem(data));
      });
      shown += slice.length;
      more.hidden = shown >= search.results.length;
    });
  }

  function run() {
    var mine = ++ticket;
    return load().then(function (module) {
      var term = normalize(input.value);
      var filters = activeFilters();
      if (!term && Object.keys(filters).length === 0) {
        current = null;
        list.replaceChildren();
        more.hidden = true;
        say(words.wordsStart);
        if (!filtersReady) {
          answered(input.value, filters);
          return;
        }
        return module.filters().then(function (totals) {
          if (mine !== ticket) return;
          Object.keys(options).forEach(function (name) {
            showCounts(name, totals[name] || {});
          });
          answered(input.value, filters);
        });
      }
      return module.debouncedSearch(term || null, { filters: filters }, 120).then(function (search) {
        if (search === null || mine !== ticket) return; // a newer query is on its way
        current = search;
        shown = 0;
        list.replaceChildren();
        Object.keys(options).forEach(function (name) {
          showCounts(name, search.filters[name] || {});
        });
        var n = search.results.length;
        if (n === 0) say(words.wordsNone);
        else if (!term) say(n === 1 ? words.wordsBrowseOne : fill(words.wordsBrowse, n));
        else say(n === 1 ? words.wordsOne : fill(words.wordsMany, n));
        return showMore().then(function () {
          if (mine === ticket) answered(input.value, filters);
        });
      });
    }, function () {
      say(words.wordsMissing); // no index (yet): said in the status line, nothing thrown
    });
  }

  /* Which query and filters the list now answers, for whoever waits on it (the browser tests). */
  function answered(query, filters) {
    list.dataset.query = query;
    list.dataset.filters = JSON.stringify(filters);
  }

  // Opening, closing, keys.

  var returnFocus = null;

  function open(query) {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    if (typeof query === "string") input.value = query;
    input.focus();
    input.select();
    run();
  }

  function editable(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  opener.hidden = false;
  opener.addEventListener("click", function () {
    open();
  });
  opener.addEventListener("pointerenter", load, { once: true });
  dialog.querySelector("[data-tb-search-close]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    // Back where the reader was; opened by a key from nowhere in particular, to the search button.
    var back = returnFocus && returnFocus !== document.body && document.contains(returnFocus);
    (back ? returnFocus : opener).focus();
  });
  // A click on the backdrop (outside the panel) closes, as Esc does.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  input.addEventListener("input", function () {
    run();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a[href]");
    if (first) first.focus();
  });
  more.textContent = words.wordsMore;
  more.addEventListener("click", function () {
    var before = shown;
    showMore().then(function () {
      var next = list.children[before];
      if (next) next.querySelector("a").focus();
    });
  });
  // Arrow keys move between the results' links (Tab works too).
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.target !== input && !list.contains(event.target)) return;
    var links = Array.from(list.querySelectorAll("a[href]"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || editable(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      open();
    }
  });
  // A link to any page with ?q=... opens the search with that query.
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) open(asked);
})();
