// Plain Dutch words for the code names the API returns. Unknown codes are shown as they are.
const WORDS = {
  section: {
    overview: "Overzicht", members: "Uw huishouden", signals: "Aanmelding", contacts: "Gesprekken en contacten",
    zrm: "Hoe gaat het op elk gebied (zelfredzaamheid)", participation: "Meedoen (participatieladder)",
    child_safety: "Veiligheid van kinderen", plan: "Plan van aanpak", referrals: "Hulp en voorzieningen",
    evaluation: "Evaluatie", consents: "Toestemmingen", statements: "Uw reacties", history: "Het hele dossier",
    complaints: "Klachten", access_log: "Wie uw dossier bekeek", decision_data: "Gegevens voor een besluit",
    actions: "Acties", worker_change: "Andere medewerker gevraagd",
  },
  // Generated from the event classes (event-labels.js, loaded before this file).
  event: typeof EVENT_LABELS === "object" ? EVENT_LABELS : {},
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
    emergency: "noodgeval",
  },
  action: {read: "bekeken", create: "toegevoegd", update: "gewijzigd", export: "gedownload", search: "gezocht",
    delete: "gewist", list: "in een lijst bekeken"},
  relation: {applicant: "aanvrager", partner: "partner", child: "kind", parent: "ouder",
    other_adult: "andere volwassene", foster_child: "pleegkind"},
  owner: {client: "u zelf", network_member: "iemand uit uw omgeving", volunteer: "een vrijwilliger",
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
const SHAREABLE_SECTIONS = ["zrm", "participation", "plan", "referrals", "evaluation", "contacts"];

function word(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  const words = WORDS[kind] || {};
  return Object.prototype.hasOwnProperty.call(words, code) ? words[code] : String(code);
}

const DAY = new Intl.DateTimeFormat("nl-NL", {day: "numeric", month: "long", year: "numeric"});
const MOMENT = new Intl.DateTimeFormat("nl-NL", {day: "numeric", month: "long", year: "numeric",
  hour: "2-digit", minute: "2-digit"});

function formatDate(text, withTime = false) {
  if (!text) return "";
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) return String(text);
  return (withTime ? MOMENT : DAY).format(value);
}
