// Plain Dutch words for the code names the API returns, from the point of view of the person reading.
// A code without a word is never shown as it is: `word` answers a neutral Dutch phrase instead.
export const WORDS = {
  section: {
    overview: "Overzicht", members: "Uw huishouden", signals: "Aanmelding", contacts: "Gesprekken en contacten",
    zrm: "Hoe gaat het op elk gebied (zelfredzaamheid)", participation: "Meedoen (participatieladder)",
    child_safety: "Veiligheid van kinderen", plan: "Plan van aanpak", referrals: "Hulp en voorzieningen",
    evaluation: "Evaluatie", consents: "Toestemmingen", statements: "Uw reacties", history: "Het hele dossier",
    complaints: "Klachten", access_log: "Wie uw dossier bekeek", decision_data: "Gegevens voor een besluit",
    actions: "Acties", worker_change: "Andere medewerker gevraagd",
  },
  phase: {
    signal: "aanmelding", intake: "aanmelding, wacht op een casusregisseur", assessment: "kennismaken en uitzoeken",
    support: "ondersteuning volgens plan", evaluation: "evaluatie", monitoring: "waakvlam (af en toe contact)",
    closed: "afgesloten", answered: "vraag beantwoord", erased: "gewist",
  },
  role: {
    client: "uzelf", legal_representative: "uw wettelijk vertegenwoordiger", front_desk_volunteer: "gastvrouw of gastheer",
    social_worker: "sociaal werker", case_director: "casusregisseur", process_director: "procesregisseur",
    municipal_consultant: "consulent van de gemeente", administrative_officer: "administratief medewerker",
    team_lead: "teamleider", complaint_officer: "klachtenfunctionaris", complaint_commission: "klachtencommissie",
    ombudsman: "sociale ombudsman", privacy_officer: "privacyfunctionaris", partner: "partnerorganisatie",
    system: "het systeem",
  },
  purpose: {
    client_rights: "inzage in uw eigen dossier", support: "ondersteuning van uw huishouden",
    signal_intake: "aanmelding van een vraag of signaal", decision_processing: "verwerking van een besluit",
    team_steering: "overzicht voor het team", complaint_handling: "behandeling van een klacht",
    privacy_supervision: "toezicht op privacy", partner_sharing: "delen met een partner",
    emergency: "noodgeval", emergency_access: "noodtoegang: iemand van het wijkteam moest snel bij uw gegevens",
    care_coordination: "afstemming van zorg met een partner, met uw toestemming",
    eviction_prevention: "voorkomen van huisuitzetting, met uw toestemming", legal_duty_sharing: "een wettelijke plicht",
    access_log_audit: "toezicht op wie uw gegevens bekijkt", operations: "beheer van het systeem",
  },
  action: {read: "bekeken", create: "toegevoegd", update: "gewijzigd", export: "gedownload", search: "gezocht",
    delete: "gewist", list: "in een lijst bekeken"},
  relation: {applicant: "aanvrager", partner: "partner", child: "kind", parent: "ouder",
    other_adult: "andere volwassene", foster_child: "pleegkind"},
  owner: {client: "uit uw huishouden", network_member: "iemand uit uw omgeving", volunteer: "een vrijwilliger",
    professional: "een medewerker"},
  contact: {phone: "telefoongesprek", home_visit: "huisbezoek", office: "gesprek op kantoor",
    outreach: "bezoek aan huis zonder afspraak", video: "videogesprek", letter: "brief"},
  contactOutcome: {reached: "gesproken", not_reached: "niet bereikt", refused: "wilde geen contact"},
  referral: {general_provision: "algemene voorziening", wmo_provision: "Wmo-voorziening",
    specialist_youth_care: "specialistische jeugdhulp"},
  status: {requested: "aangevraagd", granted: "toegekend", refused: "afgewezen", started: "gestart",
    ended: "beëindigd", motivated: "gemotiveerd"},
  goal: {met: "gehaald", partly_met: "deels gehaald", not_met: "niet gehaald"},
  source: {self: "uzelf", gp: "huisarts", police: "politie", housing_corporation: "woningcorporatie",
    school: "school", neighbour: "buren", front_desk: "inloop"},
  zrm: {
    finances: "Financiën", daytime_activities: "Dagbesteding", housing: "Huisvesting",
    domestic_relations: "Huiselijke relaties", mental_health: "Geestelijke gezondheid",
    physical_health: "Lichamelijke gezondheid", addiction: "Verslaving", adl: "Dagelijkse dingen (ADL)",
    social_network: "Sociaal netwerk", community_participation: "Meedoen in de samenleving", justice: "Justitie",
    work_and_education: "Werk en opleiding", time_use: "Tijdsbesteding", substance_use: "Middelengebruik",
    basic_adl: "Basis-ADL", instrumental_adl: "Instrumentele ADL", income: "Inkomen",
    family_relations: "Gezinsrelaties",
  },
  // What someone's work is, said of a named person ("Kim de Smit, casusregisseur bij wijkteam Noord").
  roleTitle: {social_worker: "sociaal werker", case_director: "casusregisseur", process_director: "procesregisseur",
    municipal_consultant: "consulent van de gemeente", administrative_officer: "administratief medewerker",
    team_lead: "teamleider", front_desk_volunteer: "gastvrouw of gastheer", complaint_officer: "klachtenfunctionaris",
    partner: "medewerker"},
  // How one item is called when a reaction or request is about it.
  item: {evaluation: "Evaluatie", plan: "Plan van aanpak", referrals: "Aanvraag voor hulp of een voorziening",
    child_safety: "Stap in de meldcode", contacts: "Contact", signals: "Aanmelding", zrm: "Zelfredzaamheid (ZRM)",
    participation: "Participatieladder"},
  route: {intake: "een gesprek (klachtopvang)", mediation: "bemiddeling", commission: "de klachtencommissie"},
  requestKind: {complaint: "Klacht", correction: "Verzoek om correctie", worker_change: "Verzoek om een andere medewerker"},
  requestStatus: {requested: "ontvangen, er is nog geen besluit", granted: "toegekend", refused: "afgewezen",
    accepted: "toegekend: het stuk is gecorrigeerd"},
  zrmLevel: {1: "acute problemen", 2: "niet zelfredzaam", 3: "beperkt zelfredzaam", 4: "voldoende zelfredzaam",
    5: "volledig zelfredzaam"},
  ladder: {1: "geïsoleerd", 2: "sociale contacten buiten de deur", 3: "doet mee aan georganiseerde activiteiten",
    4: "onbetaald werk", 5: "betaald werk met ondersteuning", 6: "betaald werk"},
  stage: {filed: "ingediend", intake: "klachtopvang", intake_resolved: "opgelost bij de klachtopvang",
    mediation: "bemiddeling", commission: "bij de klachtencommissie", advised: "advies gegeven", decided: "besloten",
    ombudsman: "bij de sociale ombudsman", closed: "afgesloten"},
  outcome: {permit: "ja", deny: "nee, geweigerd", denied: "nee, geweigerd", error: "nee, fout"},
  childSafety: {in_progress: "wordt bekeken", no_concerns: "geen zorgen", support_organised: "hulp geregeld",
    reported_to_veilig_thuis: "gemeld bij Veilig Thuis"},
};


// The sections a client may choose to share with a partner (consent form).
export const SHAREABLE_SECTIONS = ["zrm", "participation", "plan", "referrals", "evaluation", "contacts"];

const FALLBACK = {role: "een medewerker", section: "een deel van uw dossier", purpose: "een ander doel"};

export function word(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  const words = WORDS[kind] || {};
  if (Object.prototype.hasOwnProperty.call(words, code)) return words[code];
  return FALLBACK[kind] || "onbekend";
}

// Dates as people write them here: dd-mm-jjjj, in Dutch time.
const DAY = new Intl.DateTimeFormat("nl-NL", {day: "2-digit", month: "2-digit", year: "numeric",
  timeZone: "Europe/Amsterdam"});
const TIME = new Intl.DateTimeFormat("nl-NL", {hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam"});

export function formatDate(text, withTime = false) {
  if (!text) return "";
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) return "";
  const day = DAY.format(value);
  return withTime ? day + " om " + TIME.format(value) : day;
}

// The calendar day (dd-mm-jjjj) a moment falls on in Dutch time, to group by.
export function dayOf(text) { return formatDate(text); }
