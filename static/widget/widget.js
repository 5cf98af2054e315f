/*! Pulse widget: changelog, feedback, announcements, roadmap and notifications for any site.
 * <script src="https://PULSE/api/widget/widget.js" data-pulse-project="slug" defer></script>
 * Renders in one Shadow DOM; the only global is window.Pulse. Plain JS, served as written. */
(() => {
  "use strict";
  const W = window, D = document;
  // One live instance per page, found by a key of its own: not by the name `Pulse`, which
  // the page may hold (an element with id="Pulse" is window.Pulse).
  const KEY = Symbol.for("pulse.widget");

  let warned = false;
  const warn = (msg) => {
    if (!warned) console.warn("Pulse widget: " + msg);
    warned = true;
  };
  const script = D.currentScript || D.querySelector("script[data-pulse-project]");
  const ds = (script && script.dataset) || {};
  if (W[KEY]) return W[KEY](ds); // the snippet again: the live widget stays, a new data-pulse-user logs in
  const project = (ds.pulseProject || "").trim();
  if (!project) return warn("data-pulse-project is missing, so the widget does nothing.");

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const pick = (value, allowed, fallback) => (allowed.includes(value) ? value : fallback);
  const STR = {
    en: {
      open: "Updates and feedback", close: "Close", changelog: "What's new", feedback: "Feedback",
      roadmap: "Roadmap", notifications: "Notifications", loading: "Loading…", empty: "Nothing here yet.",
      offline: "Can't reach the server right now. Please try again later.",
      busy: "Too many requests. Please try again in a minute.", highlight: "Highlight", new: "New",
      unread: "{n} new", title: "Title", details: "Details", category: "Category", email: "Email (optional)",
      c_general: "General", c_bug: "Bug report", c_feature: "Feature idea", send: "Send feedback",
      sending: "Sending…", thanks: "Thank you! Your feedback was sent.", up: "Upvote", down: "Downvote",
      needId: "Voting is available to signed-in users.", markRead: "Mark as read", markAll: "Mark all as read",
      dismiss: "Dismiss", announcement: "Announcement", t_feature: "Feature", t_improvement: "Improvement",
      t_fix: "Fix", s_planned: "Planned", s_in_progress: "In progress", s_completed: "Completed",
      s_cancelled: "Cancelled", s_new: "New", s_under_review: "Under review", s_done: "Done", s_closed: "Closed",
      mine: "Your feedback", t_security: "Security", t_deprecation: "Deprecation", t_announcement: "Announcement",
      back: "Back", reply: "Your reply", sendReply: "Send reply", team: "Team", you: "You", newReply: "New reply",
      more: "{n} more", ideas: "Ideas", top: "Top", post: "Post an idea", name: "Your name (optional)",
      posted: "Thank you! Your idea was sent.", held: "Thank you! Your idea will appear once the team approves it.", s_open: "Open", s_declined: "Declined", newTab: "Open in a new tab",
      ship: "Email me when this ships", notify: "Notify me", yourEmail: "Your email",
      checkInbox: "Almost done: check your inbox for the confirmation link.",
    },
    fr: {
      open: "Nouveautés et avis", close: "Fermer", changelog: "Nouveautés", feedback: "Avis",
      roadmap: "Feuille de route", notifications: "Alertes", loading: "Chargement…",
      empty: "Rien pour le moment.", offline: "Serveur injoignable pour le moment. Réessayez plus tard.",
      busy: "Trop de requêtes. Réessayez dans une minute.", highlight: "À la une", new: "Nouveau",
      unread: "{n} non lu(s)", title: "Titre", details: "Détails", category: "Catégorie",
      email: "E-mail (facultatif)", c_general: "Général", c_bug: "Bogue", c_feature: "Idée de fonctionnalité",
      send: "Envoyer", sending: "Envoi…", thanks: "Merci ! Votre avis a été envoyé.", up: "Voter pour",
      down: "Voter contre", needId: "Le vote est réservé aux utilisateurs connectés.",
      markRead: "Marquer comme lu", markAll: "Tout marquer comme lu", dismiss: "Masquer",
      announcement: "Annonce", t_feature: "Nouveauté", t_improvement: "Amélioration", t_fix: "Correctif",
      s_planned: "Prévu", s_in_progress: "En cours", s_completed: "Terminé", s_cancelled: "Annulé",
      s_new: "Nouveau", s_under_review: "À l'étude", s_done: "Fait", s_closed: "Clos", mine: "Vos avis",
      t_security: "Sécurité", t_deprecation: "Obsolescence", t_announcement: "Annonce", back: "Retour",
      reply: "Votre réponse", sendReply: "Répondre", team: "Équipe", you: "Vous", newReply: "Nouvelle réponse",
      more: "{n} de plus", ideas: "Idées", top: "Populaires", post: "Proposer une idée",
      name: "Votre nom (facultatif)", posted: "Merci ! Votre idée a été envoyée.", held: "Merci ! Votre idée apparaîtra dès que l’équipe l’aura approuvée.", s_open: "Ouverte",
      s_declined: "Refusée", newTab: "Ouvrir dans un nouvel onglet",
      ship: "Prévenez-moi quand ce sera livré", notify: "Me prévenir", yourEmail: "Votre e-mail",
      checkInbox: "Presque fini : le lien de confirmation est dans votre boîte de réception.",
    },
    de: {
      open: "Neuigkeiten und Feedback", close: "Schließen", changelog: "Neuigkeiten", feedback: "Feedback",
      roadmap: "Roadmap", notifications: "Mitteilungen", loading: "Wird geladen…",
      empty: "Noch nichts hier.", offline: "Der Server ist gerade nicht erreichbar. Bitte später erneut versuchen.",
      busy: "Zu viele Anfragen. Bitte in einer Minute erneut versuchen.", highlight: "Highlight", new: "Neu",
      unread: "{n} neu", title: "Titel", details: "Details", category: "Kategorie", email: "E-Mail (optional)",
      c_general: "Allgemein", c_bug: "Fehler", c_feature: "Funktionswunsch", send: "Senden",
      sending: "Wird gesendet…", thanks: "Danke! Ihr Feedback wurde gesendet.", up: "Dafür stimmen",
      down: "Dagegen stimmen", needId: "Abstimmen ist nur für angemeldete Nutzer möglich.",
      markRead: "Als gelesen markieren", markAll: "Alle als gelesen markieren", dismiss: "Ausblenden",
      announcement: "Ankündigung", t_feature: "Funktion", t_improvement: "Verbesserung", t_fix: "Korrektur",
      s_planned: "Geplant", s_in_progress: "In Arbeit", s_completed: "Erledigt", s_cancelled: "Abgebrochen",
      s_new: "Neu", s_under_review: "In Prüfung", s_done: "Erledigt", s_closed: "Geschlossen", mine: "Ihr Feedback",
      t_security: "Sicherheit", t_deprecation: "Abkündigung", t_announcement: "Ankündigung", back: "Zurück",
      reply: "Ihre Antwort", sendReply: "Antworten", team: "Team", you: "Sie", newReply: "Neue Antwort",
      more: "{n} weitere", ideas: "Ideen", top: "Beliebt", post: "Idee vorschlagen", name: "Ihr Name (optional)",
      posted: "Danke! Ihre Idee wurde gesendet.", held: "Danke! Ihre Idee erscheint, sobald das Team sie freigegeben hat.", s_open: "Offen", s_declined: "Abgelehnt", newTab: "In neuem Tab öffnen",
      ship: "Benachrichtigen, wenn es fertig ist", notify: "Benachrichtigen",
      yourEmail: "Ihre E-Mail", checkInbox: "Fast geschafft: Der Bestätigungslink ist in Ihrem Posteingang.",
    },
    es: {
      open: "Novedades y comentarios", close: "Cerrar", changelog: "Novedades", feedback: "Opiniones",
      roadmap: "Hoja de ruta", notifications: "Avisos", loading: "Cargando…", empty: "Aún no hay nada.",
      offline: "No se puede conectar con el servidor. Inténtalo más tarde.",
      busy: "Demasiadas solicitudes. Inténtalo de nuevo en un minuto.", highlight: "Destacado", new: "Nuevo",
      unread: "{n} sin leer", title: "Título", details: "Detalles", category: "Categoría",
      email: "Correo electrónico (opcional)", c_general: "General", c_bug: "Error", c_feature: "Idea de función",
      send: "Enviar", sending: "Enviando…", thanks: "¡Gracias! Tus comentarios se han enviado.",
      up: "Votar a favor", down: "Votar en contra", needId: "Solo los usuarios identificados pueden votar.",
      markRead: "Marcar como leída", markAll: "Marcar todas como leídas", dismiss: "Descartar",
      announcement: "Anuncio", t_feature: "Función", t_improvement: "Mejora", t_fix: "Corrección",
      s_planned: "Planificado", s_in_progress: "En curso", s_completed: "Completado", s_cancelled: "Cancelado",
      s_new: "Nuevo", s_under_review: "En revisión", s_done: "Hecho", s_closed: "Cerrado", mine: "Tus comentarios",
      t_security: "Seguridad", t_deprecation: "Obsolescencia", t_announcement: "Anuncio", back: "Volver",
      reply: "Tu respuesta", sendReply: "Responder", team: "Equipo", you: "Tú", newReply: "Nueva respuesta",
      more: "{n} más", ideas: "Ideas", top: "Populares", post: "Proponer una idea", name: "Tu nombre (opcional)",
      posted: "¡Gracias! Tu idea se ha enviado.", held: "¡Gracias! Tu idea aparecerá cuando el equipo la apruebe.", s_open: "Abierta", s_declined: "Rechazada", newTab: "Abrir en una pestaña nueva",
      ship: "Avísame cuando esté listo", notify: "Avisarme", yourEmail: "Tu correo",
      checkInbox: "Casi listo: revisa tu bandeja de entrada para confirmar.",
    },
  };
  let lang = (ds.pulseLocale || D.documentElement.lang || navigator.language || "en").slice(0, 2).toLowerCase();
  if (!STR[lang]) lang = "en";
  const T = { ...STR.en, ...STR[lang] };

  const theme = pick(ds.pulseTheme, ["light", "dark", "auto"], "light");
  const position = pick(ds.pulsePosition, ["bottom-right", "bottom-left", "top-right", "top-left"], "bottom-right");
  const features = (ds.pulseFeatures || "feedback,changelog,announcements").toLowerCase().split(",").map((f) => f.trim());
  const on = (feature) => features.includes(feature);
  const panels = ["changelog", "feedback", "ideas", "roadmap", "notifications"].filter(on);
  const checkId = (id) => {
    if (id == null || id === "") return null;
    if (UUID.test(String(id))) return String(id).toLowerCase();
    warn("the visitor id must be a UUID; ignoring it.");
    return null;
  };
  // A signed visitor (data-pulse-user-token, Pulse.identify({token})): a JWT from the page's server.
  const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
  const checkToken = (token) => {
    if (JWT.test(String(token || "").trim())) return String(token).trim();
    warn("the user token must be a JWT signed by your server; ignoring it.");
    return null;
  };
  const signed = (v) => !!v && !UUID.test(v);
  let visitor = ds.pulseUserToken ? checkToken(ds.pulseUserToken) : checkId(ds.pulseUser);

  // API base: data-pulse-api, else the origin (and any sub-path) this script was served from.
  const apiRoot = (() => {
    if (ds.pulseApi) return new URL(ds.pulseApi, location.href).href.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
    const url = new URL(script.src, location.href);
    return url.origin + url.pathname.replace(/\/api\/widget\/[^/]*$/, "");
  })();
  const base = apiRoot + "/api/v1/projects/" + encodeURIComponent(project);
  // The project's public portal (data-pulse-portal, filled in by the Install page while it is
  // public): entries and items link their portal page, opened in a new tab.
  const portalRoot = /^https?:\/\/[^\s"'<>]+$/i.test(ds.pulsePortal || "") ? ds.pulsePortal.replace(/\/+$/, "") : "";
  const newTab = (href, title) => portalRoot && h("a", { class: "nt", href: portalRoot + href, target: "_blank", rel: "noopener", "aria-label": T.newTab + ": " + title }, "↗");

  const fail = (message) => Object.assign(new Error(message), { quiet: true });
  const call = (method, path, body, keepalive) => {
    const headers = {};
    if (visitor) headers[signed(visitor) ? "x-pulse-user-token" : "x-pulse-user-id"] = visitor;
    if (body) headers["Content-Type"] = "application/json";
    const init = { method, headers, mode: "cors", credentials: "omit", keepalive: !!keepalive };
    if (visitor && method === "GET") init.cache = "no-cache"; // per-visitor data: revalidate, never stale
    if (body) init.body = JSON.stringify(body);
    return fetch(base + path, init).then(
      async (res) => {
        const json = await res.json().catch(() => null);
        if (res.ok) return json && json.data;
        if (res.status === 429) throw fail(T.busy);
        const error = json && json.error;
        const text = typeof error === "string" ? error : error && error.message;
        if (res.status === 404 && text === "Project not found") warn(`project "${project}" not found at ${apiRoot}.`);
        if (res.status >= 500 || !text) throw fail(T.offline);
        throw Object.assign(new Error(text), { status: res.status });
      },
      () => {
        warn("cannot reach " + apiRoot + ".");
        throw fail(T.offline);
      },
    );
  };
  const store = (key, value) => {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(key)) || {};
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      return {};
    }
  };
  const uuid = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
        );
  let sid;
  const session = () => {
    try {
      sid = sessionStorage.getItem("pulse-session") || sid || uuid();
      sessionStorage.setItem("pulse-session", sid);
    } catch (e) {
      sid = sid || uuid();
    }
    return sid;
  };

  // DOM helpers: API text only ever goes in as text nodes or attribute values.
  const h = (tag, attrs, ...kids) => {
    const el = D.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    el.append(...kids.filter((kid) => kid != null && kid !== false && kid !== ""));
    return el;
  };
  const SVG = "http://www.w3.org/2000/svg";
  const icon = (d) => {
    const svg = D.createElementNS(SVG, "svg"), path = D.createElementNS(SVG, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  };
  const I_CHAT = "M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z";
  const I_X = "M18 6 6 18M6 6l12 12", I_UP = "m18 15-6-6-6 6", I_DOWN = "m6 9 6 6 6-6";
  const quiet = (text) => h("p", { class: "q" }, text);
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  const date = (value) => {
    const d = new Date(value);
    return value && !isNaN(d) ? h("time", { datetime: value }, dateFmt.format(d)) : null;
  };
  const safeUrl = (value, image) => {
    if (!value) return null; // a URL the sanitiser removed: no "<page>/null"
    try {
      const url = new URL(value, location.href);
      return /^https?:$/.test(url.protocol) || (!image && url.protocol === "mailto:") ? url.href : null;
    } catch (e) {
      return null;
    }
  };

  // Changelog content is sanitised by the server; it is still rebuilt here from an inert parse,
  // keeping only formatting tags and safe links, so a row that skipped the sanitiser runs nothing.
  const TAGS = /^(p|br|b|strong|i|em|u|s|del|ins|mark|small|sub|sup|code|pre|kbd|blockquote|ul|ol|li|h[1-6]|hr|a|img|span|div|table|thead|tbody|tr|th|td|figure|figcaption|dl|dt|dd)$/;
  const DROP = /^(script|style|template|iframe|frame|object|embed|noscript|svg|math|form|input|button|textarea|select|link|meta)$/;
  const rebuild = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === 3) to.append(node.data);
      if (node.nodeType !== 1) continue;
      const tag = node.localName;
      if (!TAGS.test(tag)) {
        if (!DROP.test(tag)) rebuild(node, to);
        continue;
      }
      const el = D.createElement(tag);
      const url = safeUrl(node.getAttribute(tag === "img" ? "src" : "href"), tag === "img");
      if (url && tag === "a") el.setAttribute("href", url), (el.target = "_blank"), (el.rel = "noopener noreferrer nofollow");
      if (url && tag === "img") el.setAttribute("src", url);
      for (const name of ["alt", "title"]) if (node.hasAttribute(name)) el.setAttribute(name, node.getAttribute(name));
      rebuild(node, el);
      to.append(el);
    }
  };
  const richText = (html) => {
    const box = h("div", { class: "c" });
    try {
      rebuild(new DOMParser().parseFromString(html, "text/html").body, box);
    } catch (e) {
      box.replaceChildren();
    }
    return box;
  };

  /* @include banner-colors.js */

  const CSS = `:host{all:initial}
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;letter-spacing:normal}
[hidden]{display:none!important}
.r{--bg:#fff;--fg:#1f2328;--mu:#59636e;--bd:#d1d9e0;--ac:#4f46e5;--on:#fff;--sf:#f6f8fa;--er:#c0262d;--ok:#1a7f37;--bh:0px;color-scheme:light;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);text-align:start}
.r.dk{--bg:#161b22;--fg:#e6edf3;--mu:#9ea7b3;--bd:#3d444d;--ac:#a5a1ff;--on:#0d1117;--sf:#232a33;--er:#ff8182;--ok:#56d364;color-scheme:dark}
button{background:none;border:0;cursor:pointer;color:inherit}
:focus-visible{outline:2px solid var(--ac);outline-offset:2px}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.l{position:fixed;width:52px;height:52px;border-radius:50%;background:var(--ac);color:var(--on);display:grid;place-items:center;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.l svg{width:24px;height:24px}
.l:focus-visible{outline-offset:3px}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d1242f;color:#fff;font-size:12px;font-weight:700;line-height:20px;text-align:center}
[data-pos$=right] .l,[data-pos$=right] .p{right:20px}
[data-pos$=left] .l,[data-pos$=left] .p{left:20px}
[data-pos^=bottom] .l{bottom:20px}[data-pos^=bottom] .p{bottom:84px}
[data-pos^=top] .l{top:calc(20px + var(--bh))}[data-pos^=top] .p{top:calc(84px + var(--bh))}
.p{position:fixed;width:min(400px,calc(100vw - 24px));height:min(600px,calc(100vh - 104px - var(--bh)));display:flex;flex-direction:column;background:var(--bg);border:1px solid var(--bd);border-radius:12px;box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden;animation:in .16s ease-out}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
.hd{display:flex;align-items:center;padding:8px 8px 2px 16px}
h2{flex:1;font-size:16px;font-weight:650}
.x{width:32px;height:32px;border-radius:8px;display:grid;place-items:center}
.x:hover{background:var(--sf)}
.tl{display:flex;overflow-x:auto;scrollbar-width:none;padding:0 6px;border-bottom:1px solid var(--bd)}
.t{padding:8px 5px;color:var(--mu);font-size:13px;font-weight:600;border-bottom:2px solid transparent;white-space:nowrap}
.t[aria-selected=true]{color:var(--fg);border-color:var(--ac)}
.n{margin-left:3px;padding:0 6px;border-radius:9px;background:#d1242f;color:#fff;font-size:11px}
.bd{overflow:auto;padding:4px 16px 14px;flex:1}
.q{color:var(--mu);padding:14px 0}
article{padding:12px 0;border-bottom:1px solid var(--bd)}
article:last-child{border:0}
article.hl{border-left:3px solid var(--ac);padding-left:10px;margin-left:-13px}
article.fo{background:var(--sf);box-shadow:0 0 0 6px var(--sf);border-radius:2px}
.m{display:flex;flex-wrap:wrap;gap:6px;align-items:center;font-size:12px;color:var(--mu)}
.tg{padding:1px 8px;border-radius:999px;border:1px solid var(--bd);background:var(--sf);font-size:11px;font-weight:700;text-transform:uppercase;color:var(--fg)}
.tg.hi,.tg.nw{background:var(--ac);border-color:var(--ac);color:var(--on)}
h3{font-size:15px;font-weight:650;margin:4px 0 2px}
.c p,.c ul,.c ol,.c pre,.c blockquote,.c figure{margin:6px 0}
.c ul,.c ol{padding-left:20px}
.c a,.ni a,.lk{color:var(--ac);text-decoration:underline}
.c img{max-width:100%;height:auto}
.c strong,.c b,.c h1,.c h2,.c h3,.c h4,.c th{font-weight:700}
.c em,.c i{font-style:italic}
.c code,.c pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--sf);border-radius:4px;padding:1px 4px}
.c pre{padding:8px;overflow:auto}
.c blockquote{border-left:3px solid var(--bd);padding-left:10px;color:var(--mu)}
label{display:block;font-size:13px;font-weight:600;margin:12px 0 4px}
input,textarea,select{display:block;width:100%;padding:8px 10px;border:1px solid var(--bd);border-radius:8px;background:var(--bg);font-size:16px}
textarea{min-height:96px;resize:vertical}
.btn{margin-top:14px;padding:9px 16px;border-radius:8px;background:var(--ac);color:var(--on);font-weight:650}
.btn:disabled{opacity:.6;cursor:progress}
.msg{margin-top:10px;font-size:13px}.msg:empty{display:none}.er{color:var(--er)}.ok{color:var(--ok)}
.ms{font-size:12px;text-transform:uppercase;color:var(--mu);margin:14px 0 0}
.ri{display:flex;gap:12px}.sd summary{cursor:pointer;font-size:13px}
.v{display:flex;flex-direction:column;align-items:center;min-width:34px;font-weight:700}
.v button{width:30px;height:24px;border-radius:6px;display:grid;place-items:center;color:var(--mu)}
.v button[aria-pressed=true]{background:var(--ac);color:var(--on)}
.v button:disabled{cursor:default;opacity:.5}
.lk{font-size:13px;font-weight:600;margin-top:6px}
.nt{margin-inline-start:6px;text-decoration:none}
h3 .lk{font:inherit;text-align:start}
.lk[aria-pressed=true]{color:var(--fg);text-decoration:none}
.ni.un h3::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;background:var(--ac);margin-right:6px;vertical-align:middle}
.mg{margin:10px 0 0 0;padding:8px 12px;border-radius:10px;background:var(--sf);max-width:88%}
.mg.me{margin-left:auto;background:var(--ac);color:var(--on)}.mg.me .m{color:inherit}
.bn{position:fixed;top:12px;left:50%;transform:translateX(-50%);width:min(640px,calc(100vw - 24px));display:grid;gap:8px}
.bar .bn{top:0;left:0;transform:none;width:100vw;gap:0}
.a{display:flex;align-items:center;gap:10px;padding:8px 8px 8px 16px;border-radius:10px;box-shadow:0 6px 20px rgba(0,0,0,.2)}
.bar .a{border-radius:0;box-shadow:none}
.a strong{font-weight:700}
.a .x{margin-left:auto;flex:none}
.a .x:hover{background:rgba(127,127,127,.25)}
.a :focus-visible{outline-color:currentColor}
.mo{justify-self:center;padding:2px 12px;border-radius:999px;background:var(--bg);color:var(--fg);border:1px solid var(--bd);font-size:12px;font-weight:600}
@media (min-width:601px){.mo{display:none}}
@media (max-width:600px){.bn:not(.ex) .a~.a{display:none}.ex .mo{display:none}
[data-pos] .p{left:0;right:0;bottom:0;top:auto;width:100%;height:calc(100vh - var(--bh) - 8px);border-radius:12px 12px 0 0}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}`;

  // One host element; its inline !important styles win over any host-page rule.
  const host = D.createElement("div");
  host.setAttribute("data-pulse-widget", "");
  host.style.setProperty("all", "initial", "important");
  for (const [key, value] of Object.entries({ display: "block", position: "fixed", "z-index": "2147483000", top: "0", left: "0", width: "0", height: "0" }))
    host.style.setProperty(key, value, "important");
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.append(h("style", null, CSS)); // old browsers without constructable stylesheets
  }
  const layout = pick(ds.pulseBannerLayout, ["card", "bar"], "card");
  const r = h("div", { class: "r " + layout, "data-pos": position, lang });
  root.append(r);
  const darkQuery = W.matchMedia && W.matchMedia("(prefers-color-scheme: dark)");
  const paintTheme = () => r.classList.toggle("dk", theme === "dark" || (theme === "auto" && !!darkQuery && darkQuery.matches));
  paintTheme();
  if (theme === "auto" && darkQuery) darkQuery.addEventListener("change", paintTheme);
  const emit = (name, detail) => W.dispatchEvent(new CustomEvent("pulse:" + name, { detail }));

  // State.
  let current = panels[0], unseen = new Set(), unseenCount = 0, unread = 0, loaded = {}, notes = [], told = 0;
  const gone = new Set(), sent = new Set(), pending = {};
  let viewing = Promise.resolve();

  // Announcements: layout "card" floats, "bar" is a full-width top bar that pushes the page
  // down; on a phone several stack as one with "n more". The panel never covers them (--bh).
  const banners = h("div", { class: "bn" });
  const more = h("button", { class: "mo", type: "button", hidden: true, onclick: () => banners.classList.add("ex") });
  r.append(banners);
  const html = D.documentElement, pad = html.style.paddingTop;
  const fit = () => {
    const height = banners.childElementCount > 1 ? banners.getBoundingClientRect().bottom : 0;
    r.style.setProperty("--bh", Math.ceil(height) + "px");
    if (layout === "bar") html.style.paddingTop = height ? Math.ceil(height) + "px" : pad;
  };
  const sized = W.ResizeObserver && new ResizeObserver(fit);
  if (sized) sized.observe(banners);
  const anonKey = "pulse-dismissed:" + project;
  const dismiss = (a, el) => {
    el.remove();
    gone.add(a.id);
    more.textContent = T.more.replace("{n}", banners.querySelectorAll(".a").length - 1);
    more.hidden = banners.querySelectorAll(".a").length < 2;
    fit();
    if (visitor) call("POST", `/announcements/${encodeURIComponent(a.id)}/dismiss`).catch(() => {});
    else store(anonKey, { ...store(anonKey), [a.id]: 1 }); // kept in this browser
  };
  const banner = (a) => {
    const [background, color] = pulseBannerColors(a.banner_color, a.type);
    const el = h("section", { class: "a", "aria-label": T.announcement + ": " + (a.title || ""), "data-id": a.id },
      h("div", null, a.title && h("strong", null, a.title), a.title && a.message ? " " : "", a.message),
      a.is_dismissible && h("button", { class: "x", type: "button", "aria-label": T.dismiss + ": " + (a.title || ""), onclick: () => dismiss(a, el) }, icon(I_X)));
    el.style.background = background;
    el.style.color = color;
    return el;
  };
  const loadAnnouncements = () =>
    on("announcements") &&
    call("GET", "/announcements").then((list) => {
      const local = visitor ? {} : store(anonKey);
      const active = (list || []).filter((a) => !gone.has(a.id) && !local[a.id]).sort((a, b) => (b.priority || 0) - (a.priority || 0));
      more.textContent = T.more.replace("{n}", active.length - 1);
      more.hidden = active.length < 2;
      banners.replaceChildren(...active.map(banner), more);
      fit();
    }, () => {});

  if (panels.length) {
    var badge = h("span", { class: "b", hidden: true, "aria-hidden": "true" });
    var launcher = h("button", { class: "l", type: "button", title: T.open, "aria-label": T.open, "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "pulse-panel", onclick: () => (dialog.hidden ? open() : close()) }, icon(I_CHAT), badge);
    var heading = h("h2", { id: "pulse-h" });
    var tablist = h("div", { class: "tl", role: "tablist", hidden: panels.length < 2 });
    var dialog = h("div", { class: "p", id: "pulse-panel", role: "dialog", "aria-labelledby": "pulse-h", hidden: true },
      h("div", { class: "hd" }, heading, h("button", { class: "x", type: "button", "aria-label": T.close, title: T.close, onclick: () => close() }, icon(I_X))),
      tablist);
    var tabs = {}, bodies = {}, noteCount = h("span", { class: "n", hidden: true });
    for (const name of panels) {
      tabs[name] = h("button", { class: "t", type: "button", role: "tab", id: "pulse-t-" + name, "aria-controls": "pulse-b-" + name, tabindex: "-1", onclick: () => show(name) }, T[name], name === "notifications" ? noteCount : null);
      bodies[name] = h("div", { class: "bd", id: "pulse-b-" + name, role: panels.length > 1 ? "tabpanel" : null, "aria-labelledby": "pulse-t-" + name, tabindex: "0", hidden: true });
      tablist.append(tabs[name]);
      dialog.append(bodies[name]);
    }
    tablist.addEventListener("keydown", (e) => {
      const i = panels.indexOf(current);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: panels.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      show(panels[(next + panels.length) % panels.length]);
      tabs[current].focus();
    });
    r.append(launcher, dialog);
    r.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !dialog.hidden) {
        e.stopPropagation();
        close();
      }
    });
  }
  const outside = (e) => launcher && !dialog.hidden && !e.composedPath().includes(host) && close(false);
  D.addEventListener("pointerdown", outside, true);

  const paintBadge = () => {
    const n = Math.max(0, unseenCount) + unread;
    if (n !== told) emit("unseen", { count: (told = n) }); // for apps that draw their own badge
    if (!launcher) return;
    badge.textContent = n > 99 ? "99+" : String(n);
    badge.hidden = !n;
    launcher.setAttribute("aria-label", T.open + (n ? " (" + T.unread.replace("{n}", n) + ")" : ""));
    noteCount.textContent = unread;
    noteCount.hidden = !unread;
  };
  const failed = (box, name) => (err) => {
    loaded[name] = false; // retried on the next open
    box.replaceChildren(quiet(err.message));
  };
  const enc = encodeURIComponent;

  // Changelog.
  const markViewed = () => {
    if (!visitor || !bodies || dialog.hidden || current !== "changelog") return;
    for (const article of bodies.changelog.querySelectorAll("article[data-id]")) {
      const id = article.getAttribute("data-id");
      if (!unseen.has(id) || sent.has(id)) continue;
      sent.add(id);
      // One at a time: a burst of parallel writes gains nothing and strains small servers.
      viewing = viewing.then(() => call("POST", `/changelog/${enc(id)}/viewed`)).then(
        () => {
          unseen.delete(id);
          unseenCount--;
          paintBadge();
        },
        () => sent.delete(id),
      );
    }
  };
  const entry = (e) =>
    h("article", { class: e.is_highlight ? "hl" : null, "data-id": e.id },
      h("div", { class: "m" },
        e.type && h("span", { class: "tg" }, T["t_" + e.type] || e.type),
        e.is_highlight && h("span", { class: "tg hi" }, "★ " + T.highlight),
        unseen.has(e.id) && h("span", { class: "tg nw" }, T.new),
        e.version, date(e.published_at)),
      h("h3", null, e.title || "", newTab("/changelog/" + encodeURIComponent(e.id) + "/", e.title || "")),
      e.content ? richText(e.content) : e.summary && h("p", null, e.summary));
  const loadChangelog = (box) =>
    call("GET", "/changelog?limit=10").then((list) => {
      box.replaceChildren(...(list && list.length ? list.map(entry) : [quiet(T.empty)]));
      markViewed();
    }, failed(box, "changelog"));
  const loadUnseen = () =>
    visitor &&
    on("changelog") &&
    call("GET", "/changelog/unseen").then((d) => {
      unseen = new Set(d.unseen_ids || []);
      unseenCount = d.unseen_count || 0;
      for (const id of sent) if (unseen.delete(id)) unseenCount--; // already marked during this load
      paintBadge();
      markViewed();
    }, () => {});

  // Notifications: the list, the unread count, and which threads have a new team reply.
  const fetchNotes = () =>
    visitor
      ? call("GET", "/notifications").then((d) => {
          notes = d.notifications || [];
          unread = d.unreadCount || 0;
          paintBadge();
          return notes;
        })
      : Promise.resolve((notes = []));
  const replies = (id) => notes.filter((n) => !n.read_at && n.metadata && n.metadata.feedback_id === id);

  // Feedback: the form, and with a visitor id what they sent before, each opening its thread.
  const mine = h("div");
  const loadMine = () =>
    visitor &&
    Promise.all([call("GET", "/feedback"), fetchNotes().catch(() => [])]).then(([list]) => {
      const rows = (list || []).slice(0, 10).map((f) =>
        h("article", { "data-id": f.id },
          h("div", { class: "m" }, h("span", { class: "tg" }, T["s_" + f.status] || f.status),
            replies(f.id).length > 0 && h("span", { class: "tg nw" }, T.newReply), date(f.created_at)),
          h("h3", null, h("button", { class: "lk", type: "button", onclick: () => thread(f.id) }, f.title || ""))));
      mine.replaceChildren(...(rows.length ? [h("h3", { class: "ms" }, T.mine), ...rows] : []));
    }, () => {});
  const field = (id, text, control) => [h("label", { for: id }, text), control];
  const sending = (form, button, msg, request, done) => (e) => {
    e.preventDefault();
    button.disabled = true;
    msg.className = "msg";
    msg.textContent = T.sending;
    request()
      .then((d) => {
        form.reset();
        msg.textContent = "";
        done(d);
      }, (err) => {
        msg.className = "msg " + (err.quiet ? "q" : "er");
        msg.textContent = err.message;
      })
      .finally(() => (button.disabled = false));
  };
  const loadFeedback = (box) => {
    const title = h("input", { id: "pulse-f-title", name: "title", required: true, maxlength: "200", autocomplete: "off" });
    const details = h("textarea", { id: "pulse-f-details", name: "description", maxlength: "10000" });
    const category = h("select", { id: "pulse-f-category", name: "category" }, ...["general", "bug", "feature"].map((c) => h("option", { value: c }, T["c_" + c])));
    const email = h("input", { id: "pulse-f-email", name: "email", type: "email", maxlength: "254", autocomplete: "email" });
    const button = h("button", { class: "btn", type: "submit" }, T.send);
    const msg = h("p", { class: "msg", role: "status" });
    const body = () => {
      const b = { title: title.value.trim(), category: category.value, browser_info: { userAgent: navigator.userAgent, language: navigator.language, viewport: { width: W.innerWidth, height: W.innerHeight } } };
      if (details.value.trim()) b.description = details.value.trim();
      if (email.value.trim()) b.email = email.value.trim();
      if (/^https?:$/.test(location.protocol)) b.page_url = location.href.split("#")[0].slice(0, 2000);
      return b;
    };
    const form = h("form", null,
      ...field(title.id, T.title, title), ...field(details.id, T.details, details),
      ...field(category.id, T.category, category), ...field(email.id, T.email, email), button, msg);
    form.addEventListener("submit", sending(form, button, msg, () => call("POST", "/feedback", body()), () => {
      msg.className = "msg ok";
      msg.textContent = T.thanks;
      loadMine();
    }));
    box.replaceChildren(form, mine);
    return Promise.resolve(loadMine());
  };
  const message = (m) =>
    h("div", { class: m.sender_role === "user" ? "mg me" : "mg" },
      h("div", { class: "m" }, m.sender_role === "user" ? T.you : T.team, date(m.created_at)), h("p", null, m.message));
  const thread = (id) => {
    const box = bodies.feedback;
    box.replaceChildren(quiet(T.loading));
    return call("GET", `/feedback/${enc(id)}`).then((f) => {
      const list = h("div", null, ...(f.messages || []).map(message));
      const text = h("textarea", { id: "pulse-r", name: "message", required: true, maxlength: "10000" });
      const button = h("button", { class: "btn", type: "submit" }, T.sendReply);
      const msg = h("p", { class: "msg", role: "status" });
      const form = h("form", null, ...field(text.id, T.reply, text), button, msg);
      form.addEventListener("submit", sending(form, button, msg, () => call("POST", `/feedback/${enc(id)}/messages`, { message: text.value.trim() }), (m) => list.append(message(m))));
      const back = h("button", { class: "lk", type: "button", onclick: () => loadFeedback(box).then(() => box.focus()) }, "← " + T.back);
      box.replaceChildren(back,
        h("article", { class: "fo", "data-id": f.id },
          h("div", { class: "m" }, h("span", { class: "tg" }, T["s_" + f.status] || f.status), date(f.created_at)),
          h("h3", null, f.title || ""), f.description && h("p", null, f.description)),
        list, form);
      back.focus();
      const read = replies(f.id);
      if (read.length) Promise.all(read.map((n) => call("POST", "/notifications/read", { notification_id: n.id }))).then(fetchNotes, () => {});
    }, (err) => box.replaceChildren(quiet(err.message)));
  };

  // Roadmap: each entry's user_vote comes from the server (GET with the visitor header).
  const vote = (id, type, up, down, count, note) => {
    up.disabled = down.disabled = true;
    call("POST", `/roadmap/${enc(id)}/vote`, { vote_type: type })
      .then((d) => {
        count.textContent = d.vote_count;
        up.setAttribute("aria-pressed", String(d.user_vote === "up"));
        down.setAttribute("aria-pressed", String(d.user_vote === "down"));
        note.textContent = "";
      }, (err) => (note.textContent = err.message))
      .finally(() => (up.disabled = down.disabled = false));
  };
  // Completed and cancelled entries take no votes (roadmap/services.py): no live buttons.
  const roadmapItem = (e) => {
    const count = h("span", null, String(e.vote_count || 0)), note = h("p", { class: "msg q", role: "status" });
    const open = e.feature_status !== "completed" && e.feature_status !== "cancelled";
    const button = (type, d) => h("button", { type: "button", "aria-label": T[type] + ": " + e.feature_name, "aria-pressed": String(e.user_vote === type), disabled: !visitor || !open, onclick: () => vote(e.id, type, up, down, count, note) }, icon(d));
    const up = button("up", I_UP), down = button("down", I_DOWN);
    return h("article", { class: "ri", "data-id": e.id },
      h("div", { class: "v" }, up, count, down),
      h("div", null,
        h("div", { class: "m" }, e.feature_status && h("span", { class: "tg" }, T["s_" + e.feature_status] || e.feature_status), date(e.target_date)),
        h("h3", null, e.feature_name || "", newTab("/roadmap/#entry-" + encodeURIComponent(e.id), e.feature_name || "")),
        e.user_friendly_description && h("p", null, e.user_friendly_description), note,
        open && shipForm(e)));
  };
  // "Email me when this ships": the public subscribe endpoint (double opt-in), following this entry.
  const shipForm = (e) => {
    const id = "pulse-s-" + e.id;
    const email = h("input", { id, name: "email", type: "email", required: true, maxlength: "254", autocomplete: "email" });
    const button = h("button", { class: "btn", type: "submit" }, T.notify);
    const msg = h("p", { class: "msg", role: "status" });
    const form = h("form", { class: "sh" }, ...field(id, T.yourEmail, email), button, msg);
    form.addEventListener("submit", sending(form, button, msg, () => call("POST", "/subscribe", { email: email.value.trim(), changelog: false, entry_id: e.id, locale: lang }), () => {
      msg.className = "msg ok";
      msg.textContent = T.checkInbox;
    }));
    return h("details", { class: "sd" }, h("summary", null, T.ship), form);
  };
  const loadRoadmap = (box) =>
    call("GET", "/roadmap").then((list) => {
      const out = [];
      let milestone;
      for (const e of list || []) {
        if (e.milestone_name && e.milestone_name !== milestone) out.push(h("h3", { class: "ms" }, (milestone = e.milestone_name)));
        out.push(roadmapItem(e));
      }
      if (out.length && !visitor) out.unshift(quiet(T.needId));
      box.replaceChildren(...(out.length ? out : [quiet(T.empty)]));
    }, failed(box, "roadmap"));

  // Ideas: the public board, top or new; an upvote toggles (with a visitor id); anyone may post.
  let sort = "top";
  const ideaItem = (e) => {
    const count = h("span", null, String(e.vote_count || 0)), note = h("p", { class: "msg q", role: "status" });
    const open = e.status !== "completed" && e.status !== "declined"; // settled: no votes (feedback/services.py)
    const up = h("button", { type: "button", "aria-label": T.up + ": " + e.title, "aria-pressed": String(!!e.voted), disabled: !visitor || !open, onclick: () => {
      up.disabled = true;
      call("POST", `/ideas/${enc(e.id)}/vote`)
        .then((d) => {
          count.textContent = d.vote_count;
          up.setAttribute("aria-pressed", String(d.voted));
          note.textContent = "";
        }, (err) => (note.textContent = err.message))
        .finally(() => (up.disabled = false));
    } }, icon(I_UP));
    return h("article", { class: "ri", "data-id": e.id },
      h("div", { class: "v" }, up, count),
      h("div", null,
        h("div", { class: "m" }, h("span", { class: "tg" }, T["s_" + e.status] || e.status), e.author_name, date(e.published_at)),
        h("h3", null, e.title || "", newTab("/ideas/" + enc(e.id) + "/", e.title || "")), e.description && h("p", null, e.description.slice(0, 240)), note));
  };
  const loadIdeas = (box) => {
    const list = h("div", null, quiet(T.loading));
    const title = h("input", { id: "pulse-i-title", name: "title", required: true, maxlength: "200", autocomplete: "off" });
    const details = h("textarea", { id: "pulse-i-details", name: "description", maxlength: "10000" });
    const name = h("input", { id: "pulse-i-name", name: "display_name", maxlength: "60", autocomplete: "nickname" });
    const button = h("button", { class: "btn", type: "submit" }, T.post);
    const msg = h("p", { class: "msg", role: "status" });
    const form = h("form", { id: "pulse-i-form", hidden: true },
      ...field(title.id, T.title, title), ...field(details.id, T.details, details), ...field(name.id, T.name, name), button, msg);
    const toggle = h("button", { class: "btn", type: "button", "aria-expanded": "false", "aria-controls": form.id, onclick: () => {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) title.focus();
    } }, T.post);
    const fill = () =>
      call("GET", "/ideas?limit=20&sort=" + sort).then((d) => {
        const rows = ((d && d.results) || []).map(ideaItem);
        list.replaceChildren(...(rows.length ? (visitor ? rows : [quiet(T.needId), ...rows]) : [quiet(T.empty)]));
      }, failed(list, "ideas"));
    const sorts = {};
    for (const s of ["top", "new"])
      sorts[s] = h("button", { class: "lk", type: "button", "aria-pressed": String(s === sort), onclick: () => {
        sort = s;
        for (const k in sorts) sorts[k].setAttribute("aria-pressed", String(k === s));
        fill();
      } }, T[s]);
    const sorters = h("div", { class: "m", role: "group", "aria-label": T.ideas }, sorts.top, " · ", sorts.new);
    form.addEventListener("submit", sending(form, button, msg, () => call("POST", "/ideas", { title: title.value.trim(), description: details.value.trim(), display_name: name.value.trim() }), (d) => {
      msg.className = "msg ok";
      msg.textContent = d && d.awaiting_approval ? T.held : T.posted;
      fill();
    }));
    box.replaceChildren(toggle, form, sorters, list);
    return fill();
  };

  // Notifications. A link to the project's own content (a path: /roadmap#id, /changelog#id,
  // /feedback/id), a page of the project's public portal on this Pulse host
  // (<api root>/portal/<slug>/roadmap/#entry-id, .../changelog/<id>/<title>/) or a feedback
  // notice opens in the widget at that item, a portal page with an "open in a new tab" link
  // beside it; another absolute http(s) link (a portal on a custom domain too) opens in a
  // new tab; any other link is shown as plain text.
  const markRead = (id) =>
    call("POST", "/notifications/read", id ? { notification_id: id } : {}).then(() => {
      const box = bodies.notifications;
      return loadNotifications(box).then(() => box.focus());
    }, (err) => bodies.notifications.prepend(quiet(err.message)));
  const portalPage = (link) => {
    const root = [portalRoot + "/", apiRoot + "/portal/" + encodeURIComponent(project) + "/"].find((r) => r !== "/" && link.startsWith(r));
    if (!root) return null;
    const url = new URL(link), path = url.pathname.slice(new URL(root).pathname.length).split("/");
    if (path[0] === "roadmap" && !path[1] && url.hash.startsWith("#entry-")) return ["roadmap", decodeURIComponent(url.hash.slice(7))];
    if (path[0] === "changelog" && path[1]) return ["changelog", decodeURIComponent(path[1])];
    return null;
  };
  const inside = (n) => {
    const link = n.link || "", fid = n.metadata && n.metadata.feedback_id;
    if (!link) return fid && panels.includes("feedback") ? ["feedback", fid] : null;
    const page = portalPage(link);
    if (page) return panels.includes(page[0]) ? page : null;
    if (!/^\/(?!\/)/.test(link)) return null;
    const url = new URL(link, "http://x"), path = url.pathname.replace(/\/+$/, "").split("/");
    const name = path[1], id = decodeURIComponent(path[2] || url.hash.slice(1));
    return panels.includes(name) && path.length <= 3 ? [name, id] : null;
  };
  const note = (n) => {
    const to = inside(n), web = /^https?:\/\//i.test(n.link || "") && safeUrl(n.link), link = !to && web, title = n.title || n.link || "";
    const tab = (label) => h("a", { href: web, target: "_blank", rel: "noopener noreferrer", ...(label && { class: "nt", "aria-label": label + ": " + title }) }, label ? "↗" : title);
    return h("article", { class: n.read_at ? "ni" : "ni un", "data-id": n.id },
      h("div", { class: "m" }, date(n.created_at)),
      h("h3", null,
        link ? tab()
        : to ? h("button", { class: "lk", type: "button", onclick: () => goTo(...to) }, title)
        : title,
        to && web && " ", to && web && tab(T.newTab)),
      n.message && h("p", null, n.message),
      !n.read_at && h("button", { class: "lk", type: "button", onclick: () => markRead(n.id) }, T.markRead));
  };
  const loadNotifications = (box) => {
    if (!visitor) return Promise.resolve(box && box.replaceChildren(quiet(T.empty)));
    return fetchNotes().then((list) => {
      if (!box) return;
      box.replaceChildren(...(list.length ? [unread && h("button", { class: "lk", type: "button", onclick: () => markRead() }, T.markAll), ...list.map(note)].filter(Boolean) : [quiet(T.empty)]));
    }, box ? failed(box, "notifications") : () => {});
  };

  const loaders = { changelog: loadChangelog, feedback: loadFeedback, ideas: loadIdeas, roadmap: loadRoadmap, notifications: loadNotifications };
  const show = (name) => {
    current = name;
    for (const n of panels) {
      tabs[n].setAttribute("aria-selected", String(n === name));
      tabs[n].tabIndex = n === name ? 0 : -1;
      bodies[n].hidden = n !== name;
    }
    heading.textContent = T[name];
    if (!loaded[name]) {
      loaded[name] = true;
      if (name !== "feedback") bodies[name].replaceChildren(quiet(T.loading));
      pending[name] = loaders[name](bodies[name]);
    }
    markViewed();
    return Promise.resolve(pending[name]);
  };
  const open = (name) => {
    if (!launcher) return Promise.resolve();
    const shown = show(panels.includes(name) ? name : current);
    if (dialog.hidden) emit("open", { tab: current });
    dialog.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    (panels.length > 1 ? tabs[current] : bodies[current].querySelector("input") || bodies[current]).focus();
    markViewed();
    return shown;
  };
  // Open a tab at one of its items (by id): scrolled into view, marked and focused.
  const goTo = (name, id) => {
    if (!panels.includes(name)) return open();
    if (name === "feedback" && id) return open(name).then(() => thread(id));
    return open(name).then(() => {
      const item = id && [...bodies[name].querySelectorAll("article[data-id]")].find((a) => a.getAttribute("data-id") === id);
      if (!item) return;
      item.classList.add("fo");
      item.tabIndex = -1;
      item.scrollIntoView({ block: "nearest" });
      item.focus();
    });
  };
  const close = (refocus = true) => {
    if (!launcher || dialog.hidden) return;
    dialog.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    emit("close", {});
    if (refocus) launcher.focus();
  };
  const refresh = () => {
    loadAnnouncements();
    loadUnseen();
    if (on("notifications")) loadNotifications(null);
  };

  const guard = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      warn(e.message);
    }
  };
  const identify = (who) => {
    const id = who && who.token ? checkToken(who.token) : checkId(who && typeof who === "object" ? who.id : who);
    if (id === visitor) return;
    visitor = id;
    unseen = new Set();
    unseenCount = unread = 0;
    notes = [];
    sent.clear();
    gone.clear();
    loaded = {};
    paintBadge();
    refresh();
    if (launcher && !dialog.hidden) show(current);
  };

  // The page may remove the host (a single-page app re-rendering <body>): put it back.
  let destroyed = false;
  const mount = () => !destroyed && !host.isConnected && (D.body || html).append(host);
  const watcher = W.MutationObserver && new MutationObserver(mount);
  const destroy = () => {
    destroyed = true;
    if (watcher) watcher.disconnect();
    if (sized) sized.disconnect();
    D.removeEventListener("pointerdown", outside, true);
    if (theme === "auto" && darkQuery) darkQuery.removeEventListener("change", paintTheme);
    html.style.paddingTop = pad;
    host.remove();
    delete W[KEY];
    if (W.Pulse === api) delete W.Pulse;
  };
  const api = Object.freeze({
    version: "2",
    open: guard((panel, id) => (id ? goTo(panel, String(id)) : open(panel))),
    close: guard(() => close()),
    identify: guard(identify),
    reset: guard(() => identify(null)),
    destroy: guard(destroy),
    track: (name, properties) => {
      if (typeof name !== "string" || !name) {
        warn("Pulse.track(name, properties) needs an event name.");
        return Promise.resolve(false);
      }
      const body = { name, properties: properties && typeof properties === "object" ? properties : {}, sessionId: session() };
      if (visitor && !signed(visitor)) body.userId = visitor; // a signed visitor's is the server's
      return call("POST", "/events", body, true).then(() => true, () => false);
    },
  });
  Object.defineProperty(W, KEY, {
    configurable: true,
    value: guard((again) => {
      mount();
      if (again.pulseUserToken || again.pulseUser) identify(again.pulseUserToken ? { token: again.pulseUserToken } : again.pulseUser);
    }),
  });
  try {
    W.Pulse = api;
  } catch (e) {
    warn("window.Pulse is read-only on this page, so the JavaScript API is unavailable.");
  }

  const start = () => {
    try {
      mount();
      if (watcher) watcher.observe(html, { childList: true, subtree: true });
      paintBadge();
      refresh();
    } catch (e) {
      warn("cannot mount: " + e.message);
    }
  };
  if (D.readyState === "loading") D.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
