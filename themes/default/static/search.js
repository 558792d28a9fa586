// The search page (search.html): the form's words and filters run on the Pagefind index that
// `bulletin build` writes into pagefind/, and the results are listed ten at a time. The form
// works as a plain form too: its address (?q=理发&place=振华街道) is what the page searches on
// opening, so a search can be bookmarked or shared.
//
// A word that names a place (幸福里, 振华街道) also lists that place's reports, newest first:
// Pagefind 1.5 splits a query with the browser's word list, which cuts names apart
// (振华 → 振 华) where the index, split at build time, keeps them whole.

const form = document.querySelector("[data-search]");
const input = form.querySelector("input[name=q]");
const sortChoice = form.querySelector("select[name=sort]");
const filterChoices = [...form.querySelectorAll("select[data-filter]")];
const fallback = document.querySelector("[data-search-fallback]");
const statusLine = document.querySelector("[data-search-status]");
const placeLine = document.querySelector("[data-search-places]");
const list = document.querySelector("[data-search-results]");
const more = document.querySelector("[data-search-more]");
const filterBox = form.querySelector("[data-search-filters]");

const PAGE = 10; // results shown at a time
const MOST_PLACES = 3; // a word found in more place names (社区, 街道) is an ordinary word
const places = [...form.querySelectorAll("select[name=place] option[data-url]")].map((o) => ({
  name: o.value,
  url: o.dataset.url,
}));

let pagefind = null;
let results = [];
let shown = 0;
let latest = 0; // the number of the newest search: older ones that finish late are dropped

fallback.hidden = true;

async function start() {
  try {
    pagefind = await import(form.dataset.bundle);
    await pagefind.options({ baseUrl: form.dataset.base });
    await pagefind.init();
  } catch (error) {
    fallback.querySelector("[data-search-message]").textContent =
      "搜索暂时不能使用。您可以按地区、月份或标签查找报道：";
    fallback.hidden = false;
    return;
  }
  readAddress();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => search());
  }
  let typing = 0;
  input.addEventListener("input", (event) => {
    if (event.isComposing) return; // a Chinese input method is still choosing characters
    clearTimeout(typing);
    typing = setTimeout(search, 400);
  });
  input.addEventListener("compositionend", () => {
    clearTimeout(typing);
    typing = setTimeout(search, 400);
  });
  more.addEventListener("click", () => showMore());
  if (input.value.trim() || chosenFilters().length) search();
}

function readAddress() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of form.querySelectorAll("select")) {
    const wanted = params.get(select.name);
    if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  }
  if ([...form.querySelectorAll("select")].some((s) => s.value)) filterBox.open = true;
}

function writeAddress() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const select of form.querySelectorAll("select")) {
    if (select.value) params.set(select.name, select.value);
  }
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// The filters chosen in the form, as Pagefind filter objects ({地区: "振华街道"}).
function chosenFilters() {
  return filterChoices.filter((s) => s.value).map((s) => ({ [s.dataset.filter]: s.value }));
}

// Pagefind's filter matching every one of `filters` (an empty "all" would match nothing).
function allOf(filters) {
  return filters.length ? { all: filters } : {};
}

// The places a word of the query names: those whose name holds it, or that it holds.
function placesNamed(word) {
  if ([...word].length < 2) return [];
  const found = places.filter((p) => p.name.includes(word) || word.includes(p.name));
  return found.length <= MOST_PLACES ? found : [];
}

async function search() {
  writeAddress();
  const number = ++latest;
  const query = input.value.trim();
  const filters = chosenFilters();
  const newest = sortChoice.value === "date";
  if (!query && !filters.length) {
    show(number, [], [], "");
    return;
  }
  statusLine.textContent = "正在搜索……";
  const named = [];
  const words = [];
  for (const word of query.split(/\s+/).filter(Boolean)) {
    const found = placesNamed(word);
    if (found.length) named.push(found);
    else words.push(word);
  }
  const searches = [];
  if (named.length) {
    // The named places' reports (with the other words, if any), newest first.
    const inPlaces = named.map((found) => ({ 地区: { any: found.map((p) => p.name) } }));
    searches.push(
      pagefind.search(words.join(" ") || null, {
        filters: allOf([...filters, ...inPlaces]),
        sort: newest || !words.length ? { date: "desc" } : {},
      }),
    );
  }
  if (query || !named.length) {
    searches.push(
      pagefind.search(query || null, {
        filters: allOf(filters),
        sort: newest || !query ? { date: "desc" } : {},
      }),
    );
  }
  let found;
  try {
    found = await Promise.all(searches);
  } catch (error) {
    if (number === latest) statusLine.textContent = "搜索出错了，请再试一次。";
    return;
  }
  const seen = new Set();
  const merged = [];
  for (const result of found.flatMap((f) => (f ? f.results : []))) {
    if (!seen.has(result.id)) {
      seen.add(result.id);
      merged.push(result);
    }
  }
  show(number, merged, named.flat(), query);
}

async function show(number, found, named, query) {
  if (number !== latest) return;
  results = found;
  shown = 0;
  list.replaceChildren();
  showPlaces(named);
  if (!query && !chosenFilters().length) {
    statusLine.textContent = "";
  } else if (!found.length) {
    statusLine.textContent = query
      ? `没有找到与“${query}”有关的内容。可以换一个词，或者少选几个筛选条件。`
      : "没有符合这些筛选条件的内容。";
  } else {
    statusLine.textContent = `找到${found.length}条结果。`;
  }
  await showMore(number);
}

function showPlaces(named) {
  const unique = [...new Map(named.map((p) => [p.url, p])).values()];
  placeLine.replaceChildren();
  placeLine.hidden = !unique.length;
  if (!unique.length) return;
  const links = document.createElement("ul");
  links.className = "chips";
  for (const place of unique) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = place.url;
    link.textContent = place.name;
    item.append(link);
    links.append(item);
  }
  const label = document.createElement("p");
  label.textContent = "地区：";
  placeLine.append(label, links);
}

async function showMore(number = latest) {
  const slice = results.slice(shown, shown + PAGE);
  shown += slice.length;
  more.hidden = true;
  const data = await Promise.all(slice.map((r) => r.data()));
  if (number !== latest) return;
  for (const page of data) list.append(resultItem(page));
  more.hidden = shown >= results.length;
}

function resultItem(page) {
  const item = document.createElement("li");
  const article = document.createElement("article");
  const heading = document.createElement("h2");
  heading.className = "report-list__title";
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  heading.append(link);
  article.append(heading);
  if (page.meta.date) {
    const meta = document.createElement("p");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = page.meta.date;
    const [year, month, day] = page.meta.date.split("-").map(Number);
    time.textContent = `${year}年${month}月${day}日`;
    meta.append(time);
    article.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search__excerpt";
  excerpt.append(...marked(page.excerpt, page.meta.title));
  article.append(excerpt);
  item.append(article);
  return item;
}

// An excerpt's text with its <mark>s, and nothing else of whatever HTML it holds; without
// the title it may start with (shown above it), and with 。 where Pagefind ended a block
// of Chinese with ". ".
function marked(html, title) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  let cut = title && holder.content.textContent.startsWith(`${title}. `) ? title.length + 2 : 0;
  for (const node of [...holder.content.childNodes]) {
    if (!cut) break;
    const length = node.textContent.length;
    if (length <= cut) node.remove();
    else node.textContent = node.textContent.slice(cut);
    cut = Math.max(0, cut - length);
  }
  return [...holder.content.childNodes].map((node) => {
    const text = node.textContent.replace(/(?<=[\u3000-\u9fff\uff00-\uffef])\. /g, "。");
    if (node.nodeName !== "MARK") return document.createTextNode(text);
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
}

start();
