// Checks a verification bundle in the browser, from docs/verification-bundle.md alone: SHA-256 stream
// chains, the household's leaf and its RFC 9162 inclusion in the signed households root, and the
// checkpoint's Ed25519 signature (Web Crypto), against the municipality's PUBLISHED key document —
// never the keys the bundle carries, which would only show that the bundle agrees with itself.
// `verifyBundle(bundle, publishedKeys)` answers {ok, check, title, lines}; `check` names the failed step.
"use strict";

const ENCODER = new TextEncoder();

function concatBytes(...parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function u32(n) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return b; }
function i64(n) { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(n)); return b; }
function field(bytes) { return concatBytes(u32(bytes.length), bytes); }
function text(s) { return ENCODER.encode(s); }
function hex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""); }
function fromHex(s) {
  if (typeof s !== "string" || s.length % 2 || /[^0-9a-f]/i.test(s)) throw new Error("geen hexadecimale tekst");
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}
function fromBase64(s) {
  const binary = atob(s);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
function fromBase64Url(s) {
  const padded = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return fromBase64(padded);
}
function sameBytes(a, b) { return a.length === b.length && a.every((v, i) => v === b[i]); }
async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); }

const STREAM_LINK = text("wijkdossier/stream-link/v1\u0000");

function eventBytes(streamId, version, topic, state) {
  return concatBytes(field(text(streamId)), i64(version), field(text(topic)), field(state));
}

function householdInHeader(state) {
  const tag = String.fromCharCode(...state.slice(0, 4));
  if (state.length >= 6 && (tag === "WDE1" || tag === "WDC1")) {
    const length = (state[4] << 8) | state[5];
    return new TextDecoder().decode(state.slice(6, 6 + length));
  }
  return null;
}

// RFC 9162 section 2.1.3.2: the root from a leaf hash, its index, the tree size and the audit path.
async function rootFromPath(index, size, leafHash, path) {
  if (!(index < size)) throw new Error("het blad ligt buiten de boom");
  let fn = index, sn = size - 1, r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new Error("het bewijspad is te lang");
    if ((fn & 1) || fn === sn) {
      r = await sha256(concatBytes(Uint8Array.of(1), p, r));
      while (fn && !(fn & 1)) { fn >>= 1; sn >>= 1; }
    } else {
      r = await sha256(concatBytes(Uint8Array.of(1), r, p));
    }
    fn >>= 1; sn >>= 1;
  }
  if (sn !== 0) throw new Error("het bewijspad is te kort");
  return r;
}

function eventName(topic) {
  // "domain.dossier.assessment:ContactRecorded" and "domain.complaint:Complaint.ComplaintFiled"
  const kind = String(topic || "").split(/[.:]/).pop();
  return typeof word === "function" ? word("event", kind) : kind;
}

function fail(check, title, ...lines) { return {ok: false, check, title, lines}; }

function dutchMoment(iso) {
  return typeof formatDate === "function" ? formatDate(iso, true) : String(iso);
}

async function verifyBundle(bundle, publishedKeys) {
  try {
    return await verifyBundleSteps(bundle, publishedKeys);
  } catch (error) {
    return fail("format", "Niet in orde: het bewijspakket is onleesbaar",
      "Het pakket heeft niet de vorm die de gemeente beschrijft (" + error.message + ").");
  }
}

async function verifyBundleSteps(bundle, publishedKeys) {
  if (!bundle || bundle.format !== "wijkdossier-bundle/1") {
    return fail("format", "Niet in orde: onbekend soort bewijspakket", "Het pakket is geen wijkdossier-bundle/1.");
  }
  if (!publishedKeys || !Array.isArray(publishedKeys.keys) || !publishedKeys.keys.length) {
    return fail("keys", "Niet gecontroleerd: geen gepubliceerde sleutels",
      "De sleutels van de gemeente (/.well-known/wijkdossier-keys) zijn niet opgehaald; zonder die sleutels " +
      "zegt een controle niets.");
  }
  // 1-3. The checkpoint: its payload, the published key it names, the Ed25519 signature.
  const payload = fromBase64(bundle.checkpoint.payload);
  const signature = fromBase64(bundle.checkpoint.signature);
  const checkpoint = JSON.parse(new TextDecoder().decode(payload));
  // Formats 1 and 2 differ only in the order of the households' leaves, which the proof carries.
  if (checkpoint.format !== "wijkdossier-checkpoint/1" && checkpoint.format !== "wijkdossier-checkpoint/2") {
    return fail("format", "Niet in orde: onbekend soort controlepunt",
      "Het controlepunt is geen wijkdossier-checkpoint/1 of /2.");
  }
  const where = "controlepunt " + checkpoint.sequence + " (ondertekend op " + dutchMoment(checkpoint.created_at) + ")";
  const kid = checkpoint.key_id;
  const key = publishedKeys.keys.find((k) => k.kid === kid && k.kty === "OKP" && k.crv === "Ed25519");
  if (!key) {
    return fail("signature", "Niet in orde: de handtekening is niet van de gemeente",
      "Het " + where + " is ondertekend met sleutel " + kid + ". Die sleutel staat niet bij de sleutels die de " +
      "gemeente publiceert.");
  }
  const raw = fromBase64Url(key.x);
  if ("wd-" + hex(await sha256(raw)).slice(0, 16) !== kid) {
    return fail("signature", "Niet in orde: de gepubliceerde sleutel klopt niet",
      "Sleutel " + kid + " hoort niet bij de publieke sleutel die onder die naam staat.");
  }
  const publicKey = await crypto.subtle.importKey("raw", raw, {name: "Ed25519"}, false, ["verify"]);
  if (!(await crypto.subtle.verify({name: "Ed25519"}, publicKey, signature, payload))) {
    return fail("signature", "Niet in orde: de handtekening klopt niet",
      "De handtekening van het " + where + " is niet gezet met sleutel " + kid + " van de gemeente, of het " +
      "controlepunt is na het ondertekenen veranderd.");
  }
  // 4. Every stream's chain, from version 1 to its head.
  const household = bundle.household_id;
  const heads = [];
  let events = 0;
  for (const stream of bundle.streams) {
    const sid = stream.stream_id;
    const what = sid === household ? "het dossier" : "de klacht " + sid.slice(0, 8);
    const versions = stream.events.map((e) => e.version);
    for (let v = 1; v <= Math.max(stream.head_version, versions.length); v++) {
      if (versions[v - 1] !== v) {
        const missing = !versions.includes(v) && v <= stream.head_version;
        return fail("chain", missing ? "Niet in orde: er ontbreekt een stuk" : "Niet in orde: de stukken kloppen niet",
          missing ? "In " + what + " ontbreekt stuk " + v + " (van de " + stream.head_version + "). De keten is " +
            "daar gebroken: er is iets weggehaald."
            : "In " + what + " staan de stukken niet als 1 tot en met " + stream.head_version + " op volgorde " +
            "(stuk " + v + "): er is iets toegevoegd of verschoven.");
      }
    }
    let link = new Uint8Array(32);
    for (const e of stream.events) {
      const state = fromBase64(e.state);
      if ((householdInHeader(state) || sid) !== household) {
        return fail("chain", "Niet in orde: een stuk hoort bij een ander huishouden",
          "Stuk " + e.version + " van " + what + " hoort bij een ander huishouden.");
      }
      const previous = hex(link);
      link = await sha256(concatBytes(STREAM_LINK, link, eventBytes(sid, e.version, e.topic, state)));
      if (e.stream_link && e.stream_link !== hex(link)) {
        return fail("chain", "Niet in orde: een stuk is veranderd",
          "Stuk " + e.version + " van " + what + " (" + eventName(e.topic) + ", vastgelegd op " +
          dutchMoment(e.recorded_at) + ") is veranderd: de inhoud past niet meer bij de schakel in de keten " +
          "(vorige schakel " + previous.slice(0, 12) + "…).");
      }
      events += 1;
    }
    heads.push({sid, version: stream.head_version, link});
  }
  // 5-6. The household's leaf and its audit path to the signed households root.
  heads.sort((a, b) => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
  const parts = [field(text(household)), u32(heads.length)];
  for (const h of heads) parts.push(field(text(h.sid)), i64(h.version), h.link);
  const leaf = concatBytes(...parts);
  const proof = bundle.proof;
  if (proof.tree_size !== checkpoint.households) {
    return fail("merkle", "Niet in orde: het bewijs past niet bij het controlepunt",
      "Het bewijs gaat over " + proof.tree_size + " huishoudens; het " + where + " over " + checkpoint.households + ".");
  }
  let root;
  try {
    root = await rootFromPath(proof.leaf_index, proof.tree_size, await sha256(concatBytes(Uint8Array.of(0), leaf)),
      proof.audit_path.map(fromHex));
  } catch (error) {
    return fail("merkle", "Niet in orde: het Merkle-bewijs is ongeldig", "Het bewijs klopt niet: " + error.message + ".");
  }
  if (!sameBytes(root, fromHex(checkpoint.households_root))) {
    return fail("merkle", "Niet in orde: de stukken leiden niet naar het ondertekende controlepunt",
      "De ketens van dit huishouden komen niet uit bij de ondertekende wortel van " + where + ": er is een stuk " +
      "veranderd, weggehaald of toegevoegd, of er ontbreekt een reeks.");
  }
  return {ok: true, check: null, checkpoint, events, streams: heads.length,
    title: "In orde: volledig en onveranderd tot en met " + where,
    lines: ["Alle " + events + " stukken in " + heads.length + (heads.length === 1 ? " reeks" : " reeksen") +
      " (het dossier en de klachten) zijn precies zoals ze zijn vastgelegd, er ontbreekt er geen, en het " +
      "controlepunt is ondertekend met sleutel " + kid + " die de gemeente publiceert."]};
}

// What the page shows after the checkpoint that no signature covers yet (versions above the signed head).
function afterCheckpoint(bundle, items) {
  const dossier = (bundle.streams || []).find((s) => s.stream_id === bundle.household_id);
  const head = dossier ? dossier.head_version : 0;
  return (items || []).filter((i) => i.version > head).length;
}

async function fetchAndVerify(householdId, askGraphql, items) {
  const {verificationBundle: bundle} = await askGraphql(`query($h: String!) { verificationBundle(householdId: $h) }`,
    {h: householdId});
  const response = await fetch("/.well-known/wijkdossier-keys");
  if (!response.ok) throw new Error("De sleutels van de gemeente zijn niet op te halen. Probeer het later opnieuw.");
  const published = await response.json();
  const outcome = await verifyBundle(bundle, {format: published.format, keys: published.keys || []});
  const later = afterCheckpoint(bundle, items);
  outcome.lines = outcome.lines.concat(later
    ? [later + (later === 1 ? " stuk is" : " stukken zijn") + " na dit controlepunt vastgelegd; die zijn nog niet " +
      "door een handtekening gedekt."]
    : ["Na dit controlepunt is in dit dossier niets meer vastgelegd dat niet gedekt is."]);
  outcome.bundle = bundle;
  return outcome;
}
