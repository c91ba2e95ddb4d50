// The service's page: search a user or an artist, show a user's recommendations with why, or an artist's neighbours.
// Plain script, no library; every text goes in through textContent.
"use strict";

const query = document.getElementById("query");
const suggestions = document.getElementById("suggestions");
const status = document.getElementById("status");
const count = 10;          // recommendations and similar artists shown
const reasons = 3;         // contributing artists named per recommendation
let searchSerial = 0;      // answers to older keystrokes are dropped

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function say(text, isError) {
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function artistButton(entry) {
  const button = element("button", "artist", entry.artist_name);
  button.type = "button";
  button.title = entry.artist_mbid ? `MBID ${entry.artist_mbid}` : "no MBID";
  button.addEventListener("click", () => showArtist(entry.item_index));
  return button;
}

async function suggest() {
  const text = query.value.trim();
  const serial = ++searchSerial;
  if (text.length === 0) { suggestions.hidden = true; return; }
  try {
    const found = await getJson(`search?q=${encodeURIComponent(text)}&n=8`);
    if (serial !== searchSerial) return;
    suggestions.replaceChildren();
    for (const user of found.users) addSuggestion("user", user.user_sha1, () => showUser(user.user_sha1));
    for (const artist of found.artists)
      addSuggestion("artist", artist.artist_name + (artist.artist_mbid ? "" : " (no MBID)"), () => showArtist(artist.item_index));
    if (suggestions.children.length === 0) suggestions.append(element("li", "none", "nothing found"));
    suggestions.hidden = false;
  } catch (error) {
    say(error.message, true);
  }
}

function addSuggestion(kind, label, choose) {
  const item = element("li");
  item.setAttribute("role", "option");
  item.append(element("span", "kind", kind), document.createTextNode(label));
  item.addEventListener("mousedown", event => { event.preventDefault(); pick(choose); });
  item.choose = choose;
  suggestions.append(item);
}

function pick(choose) {
  suggestions.hidden = true;
  choose();
}

async function showUser(id) {
  say("Loading recommendations…");
  try {
    const answer = await getJson(`recommend?user=${encodeURIComponent(id)}&n=${count}`);
    document.getElementById("user-title").textContent =
      `Recommended for user ${answer.user_sha1} (${answer.listened_artists} artists listened)`;
    const list = document.getElementById("recommendations");
    list.replaceChildren();
    for (const entry of answer.recommendations) {
      const item = element("li", "result");
      item.append(artistButton(entry), element("span", "score", entry.score.toFixed(3)));
      const why = element("span", "why", "…");
      item.append(why);
      list.append(item);
      explain(answer.user_sha1, entry.item_index, why);
    }
    document.getElementById("user-panel").hidden = false;
    say(`${answer.recommendations.length} recommendations; click an artist for similar ones.`);
  } catch (error) {
    say(error.message, true);
  }
}

async function explain(user, item, target) {
  try {
    const e = await getJson(`explain?user=${encodeURIComponent(user)}&item=${item}&n=${reasons}`);
    const total = e.sum_of_contributions;
    const parts = e.contributors.map(c => total > 0 ? `${c.artist_name} (${(100 * c.value / total).toFixed(0)}%)` : c.artist_name);
    target.textContent = parts.length > 0 ? `because you listened to ${parts.join(", ")}` : "no listened artist contributes";
  } catch (error) {
    target.textContent = `no explanation: ${error.message}`;
  }
}

async function showArtist(item) {
  say("Loading similar artists…");
  try {
    const answer = await getJson(`similar?item=${item}&n=${count}`);
    document.getElementById("artist-title").textContent = `Similar to ${answer.artist_name}`;
    const list = document.getElementById("similar");
    list.replaceChildren();
    for (const entry of answer.similar) {
      const row = element("li", "result");
      row.append(artistButton(entry), element("span", "score", `cosine ${entry.score.toFixed(3)}`));
      list.append(row);
    }
    document.getElementById("artist-panel").hidden = false;
    say(`${answer.similar.length} similar artists.`);
  } catch (error) {
    say(error.message, true);
  }
}

let timer = 0;
query.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
query.addEventListener("keydown", event => {
  const options = [...suggestions.querySelectorAll("li[role=option]")];
  if (options.length === 0 || suggestions.hidden) return;
  let current = options.findIndex(option => option.getAttribute("aria-selected") === "true");
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (current >= 0) options[current].removeAttribute("aria-selected");
    current = (current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
    options[current].setAttribute("aria-selected", "true");
  } else if (event.key === "Enter") {
    pick(options[Math.max(current, 0)].choose);
  } else if (event.key === "Escape") {
    suggestions.hidden = true;
  }
});
query.addEventListener("blur", () => { suggestions.hidden = true; });

getJson("healthz").then(h => {
  document.getElementById("model").textContent = `${h.users.toLocaleString()} users · ${h.artists.toLocaleString()} artists · k = ${h.factors}`;
}).catch(error => say(error.message, true));
