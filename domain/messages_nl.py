"""The domain's refusals in Dutch, for the people who meet them (portal, API, command line).

The domain raises its errors with an English message, rule or field first, for developers and
logs (`str(error)`). People read `DomainError.message_nl`: which field, what was wrong, what to
do, with allowed choices named in Dutch. A raise may give its own `message_nl`; otherwise the
English message is looked up here. tests/unit/test_dutch_messages.py reads every raise in
domain/ and fails on one whose message this table does not put into Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

ROLES_NL = {
    "client": "inwoner", "legal_representative": "wettelijk vertegenwoordiger",
    "front_desk_volunteer": "gastvrouw of gastheer", "social_worker": "sociaal werker",
    "case_director": "casusregisseur", "process_director": "procesregisseur",
    "municipal_consultant": "consulent sociaal domein", "administrative_officer": "administratief medewerker",
    "team_lead": "teamleider", "complaint_officer": "klachtenfunctionaris", "complaint_commission": "klachtencommissie",
    "ombudsman": "sociale ombudsman", "privacy_officer": "functionaris gegevensbescherming", "partner": "partner",
    "system": "het systeem",
}
PHASES_NL = {
    "signal": "signaal", "intake": "kennismaking", "assessment": "vraagverheldering", "support": "ondersteuning",
    "evaluation": "evaluatie", "monitoring": "nazorg", "closed": "afgesloten", "answered": "beantwoord zonder dossier",
    "erased": "gewist",
}
STAGES_NL = {
    "filed": "ingediend", "intake": "in de klachtopvang", "mediation": "in bemiddeling",
    "commission": "bij de klachtencommissie", "advised": "geadviseerd", "decided": "besloten", "closed": "afgesloten",
    "ombudsman": "bij de ombudsman",
}
# The choices a field allows, each with its Dutch name (the code is what is sent).
CHOICES_NL: dict[str, dict[str, str]] = {
    "source": {"self": "de inwoner zelf", "neighbour": "een buur", "gp": "de huisarts", "school": "school",
               "police_care_form": "zorgformulier van de politie", "housing_corporation": "de woningcorporatie",
               "other": "anders"},
    "relation": {"applicant": "aanvrager", "partner": "partner", "child": "kind", "parent": "ouder",
                 "other_adult": "andere volwassene", "foster_child": "pleegkind"},
    "kind": {"phone": "telefoon", "home_visit": "huisbezoek", "office": "op kantoor", "outreach": "outreachend",
             "video": "beeldbellen", "letter": "brief", "general_provision": "algemene voorziening",
             "wmo_provision": "Wmo-maatwerkvoorziening", "specialist_youth_care": "specialistische jeugdhulp"},
    "outcome": {"reached": "bereikt", "refused": "geweigerd", "not_reached": "niet bereikt",
                "no_concerns": "geen zorgen", "support_organised": "hulp georganiseerd",
                "reported_to_veilig_thuis": "gemeld bij Veilig Thuis", "in_progress": "loopt nog"},
    "decision": {"granted": "toegekend", "refused": "afgewezen"},
    "owner_kind": {"client": "de inwoner", "network_member": "iemand uit het netwerk", "volunteer": "een vrijwilliger",
                   "professional": "een professional"},
    "route": {"intake": "klachtopvang", "mediation": "bemiddeling", "commission": "klachtencommissie"},
    "subject": {"conduct": "bejegening", "decision_outcome": "uitkomst van een besluit"},
}


def choices_nl(field: str, codes: list[str] | None = None) -> str:
    """'huisbezoek (home_visit), telefoon (phone) of ...': the Dutch name first, the code to send after."""
    names = CHOICES_NL.get(field.rsplit(".", 1)[-1], {})
    codes = codes if codes is not None else list(names)
    shown = [f"{names[c]} ({c})" if c in names else c for c in codes]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " of " + shown[-1]


def _roles(text: str) -> str:
    return ", ".join(ROLES_NL.get(r.strip(), r.strip()) for r in text.split(","))


F = r"(?P<f>[\w.\[\]]+)"
V = r"(?P<v>.+?)"
# (English message pattern, Dutch text or a function of the match): the first that matches speaks.
_TABLE: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # ids and items
    (rf"{F}: already used in this dossier", "Veld {f}: dit nummer is in dit dossier al gebruikt. Kies een ander nummer."),
    (rf"{F}: no [\w -]+ with that id( in [\w ]+| for this person)?",
     "Veld {f}: in dit dossier loopt niets met dit nummer. Controleer het nummer of kies uit de lijst."),
    (rf"{F}: (?:.+ is not|not) a valid id \(a UUID\)",
     "Veld {f}: dit is geen geldig nummer (UUID). Plak het hele nummer of kies uit de lijst."),
    (rf"item_version: this dossier has items 1 to (?P<n>\S+)",
     "Veld item_version: dit dossier heeft de onderdelen 1 tot en met {n}. Kies een nummer daartussen."),
    (r"item_version: name the item or the section to withhold",
     "Veld item_version: noem het onderdeel of de sectie die u wilt afschermen."),
    # members
    (rf"{F}: not a member of this household; add the member first",
     "Veld {f}: deze persoon hoort niet bij dit huishouden. Voeg de persoon eerst toe als lid."),
    (r"person_id: this person is already a member of the household",
     "Veld person_id: deze persoon is al lid van dit huishouden."),
    (r"complainant_person_id: the complainant is not a member of this household",
     "Veld complainant_person_id: de indiener hoort niet bij dit huishouden. Kies een lid van het huishouden."),
    # values
    (rf"{F}: give a date as YYYY-MM-DD", "Veld {f}: geef een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."),
    (rf"{F}: give a due date as YYYY-MM-DD", "Veld {f}: geef een einddatum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."),
    (rf"{F}: give a time with a time zone.*",
     "Veld {f}: geef een tijd met tijdzone, bijvoorbeeld 2026-03-01T10:00:00+01:00."),
    (rf"{F}: {V} is not allowed; use one of (?P<options>.+)",
     lambda m: f"Veld {m['f']}: {m['v']} kan hier niet. Kies {choices_nl(m['f'], m['options'].split(', '))}."),
    (r"actor_id: every act needs the id of who acted",
     "Veld actor_id: bij elke handeling hoort wie die deed. Geef het nummer van de medewerker of de inwoner."),
    (rf"actor_role: {V} is not a role; use one of .+",
     lambda m: f"Veld actor_role: {m['v']} is geen rol. Kies een van: {', '.join(ROLES_NL)}."),
    (r"on_behalf_of: a system act must name the person it acts for",
     "Veld on_behalf_of: een handeling van het systeem noemt voor wie ze gebeurt. Vul die persoon in."),
    (r"reason: every act needs a reason or legal basis; say why this is done",
     "Veld reason: elke handeling heeft een reden of wettelijke grondslag nodig. Schrijf op waarom u dit doet."),
    (rf"level: {V} is not a step of the participation ladder; use 1 \(isolated\) to 6 \(paid work\)",
     "Veld level: {v} is geen trede van de participatieladder. Kies 1 (geïsoleerd) tot en met 6 (betaald werk)."),
    (r"meldcode_step: the Meldcode has steps 1 to 5", "Veld meldcode_step: de Meldcode heeft de stappen 1 tot en met 5."),
    (r"next_check_on: the next check lies in the future",
     "Veld next_check_on: de volgende controle moet in de toekomst liggen. Kies een latere datum."),
    (r"valid_until: a consent cannot end in the past",
     "Veld valid_until: een toestemming kan niet in het verleden eindigen. Kies een datum in de toekomst."),
    (r"route: use intake, mediation or commission", lambda m: f"Veld route: kies {choices_nl('route')}."),
    (r"subject: use conduct or decision_outcome", lambda m: f"Veld subject: kies {choices_nl('subject')}."),
    (r"scope_from: the scope starts after it ends",
     "Veld scope_from: de reikwijdte begint na het einde. Kies een begindatum vóór de einddatum."),
    (r"sections: name at least one section or ZRM domain to share",
     "Veld sections: noem minstens één onderdeel of ZRM-domein om te delen."),
    (r"sections: name the sections the duty covers",
     "Veld sections: noem de onderdelen waarvoor de wettelijke plicht geldt."),
    (r"goal_outcomes: names a goal that is not in the current plan",
     "Veld goal_outcomes: hier staat een doel dat niet in het huidige plan staat. Gebruik de doelen van het huidige plan."),
    (rf"{F}: say for every goal of the current plan whether it was met, partly_met or not_met",
     "Veld {f}: zeg voor elk doel van het huidige plan of het gehaald (met), deels gehaald (partly_met) of niet "
     "gehaald (not_met) is."),
    (r"worker_id: this worker already works on this dossier", "Veld worker_id: deze medewerker werkt al aan dit dossier."),
    (r"worker_id: this worker is not a tandem worker here", "Veld worker_id: deze medewerker is hier geen tandemwerker."),
    (r"to_worker_id: this worker is already the case director; choose another",
     "Veld to_worker_id: deze medewerker is al de casusregisseur. Kies een andere medewerker."),
    (r"new_worker_id: choose a worker other than the current case director",
     "Veld new_worker_id: kies een andere medewerker dan de huidige casusregisseur."),
    # ZRM
    (rf"zrm_version: {V} is not a ZRM version; use one of (?P<options>.+)",
     "Veld zrm_version: {v} is geen versie van de zelfredzaamheidsmatrix. Kies {options}."),
    (rf"{F}: level {V} is outside the ZRM scale; use 1 \(acute problems\) to 5 \(fully self-sufficient\)",
     "Veld {f}: niveau {v} valt buiten de schaal van de zelfredzaamheidsmatrix. Kies 1 (acute problematiek) tot "
     "en met 5 (volledig zelfredzaam)."),
    (r"scores: the ZRM (?P<ver>\S+) needs every domain scored; missing: (?P<missing>.+)",
     "Veld scores: de zelfredzaamheidsmatrix {ver} vraagt een score voor elk domein. Nog niet gescoord: {missing}."),
    (r"scores: (?P<unknown>.+) is not a domain of the ZRM (?P<ver>\S+); its domains are (?P<domains>.+)",
     "Veld scores: {unknown} is geen domein van de zelfredzaamheidsmatrix {ver}. De domeinen zijn: {domains}."),
    # the plan
    (rf"{F}: give a list of short texts", "Veld {f}: geef een lijst met korte teksten."),
    (rf"{F}: an entry is empty; remove it or write it out", "Veld {f}: een regel is leeg. Haal die weg of vul hem in."),
    (rf"{F}: a plan needs at least one entry here", "Veld {f}: een plan heeft hier minstens één regel nodig."),
    (rf"{F}: write the goal out", "Veld {f}: schrijf het doel uit, in de woorden van de inwoner."),
    (rf"{F}: say what will be done", "Veld {f}: schrijf op wat er gaat gebeuren."),
    (rf"{F}: every action needs an owner .*",
     lambda m: f"Veld {m['f']}: elke actie heeft iemand nodig die haar uitvoert (owner_kind en owner_name): "
               f"{choices_nl('owner_kind')}."),
    (rf"{F}: {V} is not an owner kind; use one of .+",
     lambda m: f"Veld {m['f']}: {m['v']} kan hier niet. Kies {choices_nl('owner_kind')}."),
    (r"action_id: this action is already (?P<status>\w+)",
     lambda m: "Veld action_id: deze actie is al " + {"completed": "afgerond", "cancelled": "geannuleerd"}.get(
         m["status"], m["status"]) + "."),
    (r"actions: a plan needs at least one action \(who does what, by when\)",
     "Veld actions: een plan heeft minstens één actie nodig (wie doet wat, wanneer)."),
    (r"goals: a plan needs at least one goal, in the client's own words",
     "Veld goals: een plan heeft minstens één doel nodig, in de woorden van de inwoner."),
    (rf"{F}: two (?P<what>goals|actions) share one (?P<key>\w+); give each its own",
     "Veld {f}: twee regels hebben hetzelfde {key}. Geef elke regel een eigen nummer."),
    (r"person_id: this member already agreed to this plan version",
     "Veld person_id: dit lid heeft al ingestemd met deze versie van het plan."),
    (r"plan_version: only the current plan version can be agreed to",
     "Veld plan_version: instemmen kan alleen met de huidige versie van het plan. Kies de nieuwste versie."),
    # phases of a dossier
    (r"phase_allows_command: .+; the dossier is now in phase '(?P<phase>\w+)'",
     lambda m: f"Dit kan niet in de fase waarin het dossier nu is ({PHASES_NL.get(m['phase'], m['phase'])}). "
               "Kijk in het dossier welke stap nu aan de beurt is."),
    (r"phase_allows_command: cannot .+ before the dossier is opened; open it first",
     "Dit kan pas als het dossier is geopend. Open het dossier eerst."),
    (r"phase_allows_command: the plan still has open actions; complete or cancel them before (?P<when>\w+)",
     lambda m: "Het plan heeft nog open acties. Rond ze af of annuleer ze voordat "
               + ("de nazorg begint." if m["when"] == "monitoring" else "u het dossier afsluit.")),
    (r"phase_allows_command: a referral still waits for a decision; have it decided before closing",
     "Er wacht nog een verwijzing op een besluit. Laat daarover eerst besluiten en sluit het dossier daarna af."),
    (r"phase_allows_command: close the dossier before it can be erased",
     "Een dossier kan pas worden gewist als het is afgesloten. Sluit het dossier eerst af."),
    (r"dossier_not_closed: cannot .+ on a closed dossier; reopen it after a relapse first",
     "Dit dossier is afgesloten; dit kan nu niet. Heropen het dossier eerst als het weer nodig is."),
    (r"dossier_not_erased: this dossier was erased; nothing can be added",
     "Dit dossier is gewist; er kan niets meer aan worden toegevoegd."),
    (r"dossier_erased: .+", "De gegevens van dit huishouden zijn voorgoed gewist; alleen het feit dat ze zijn gewist "
     "is bewaard. Er is niets meer te lezen of te wissen."),
    (r"household_id: no stored events for that household",
     "Veld household_id: van dit huishouden is niets vastgelegd. Controleer het nummer."),
    (r"as_of: give either a moment or a version, not both and not neither",
     "Veld as_of: geef óf een moment óf een versie, niet allebei en niet geen van beide."),
    (r"(?P<f>\S+): give (?:the id|ids) as (?:a )?UUIDs?",
     "Veld {f}: geef het nummer als UUID (het hele nummer, zoals de lijst het toont)."),
    (r"--complaint: that complaint is not about HOUSEHOLD_ID",
     "--complaint: die klacht gaat niet over dit huishouden (HOUSEHOLD_ID). Kies een klacht over dit huishouden."),
    # integrity and erasure
    (r"bundle_verifies: .+",
     "De opgeslagen geschiedenis klopt niet met de ondertekende controlepunten, daarom is er geen bundel gemaakt. "
     "Vraag de beheerder om `wijkdossier verify` te draaien; dat noemt de eerste foute plek."),
    (r"legal_basis: name the ground for erasure: .+",
     "Veld legal_basis: noem de grond om te wissen: de verlopen bewaartermijn, of het wisbesluit (bijvoorbeeld "
     "'AVG art. 17 besluit 2026-0042')."),
    (r"erasure_allowed: the retention period for .+ \((?P<years>\S+) years from the last change\) runs until "
     r"(?P<until>\S+); .+",
     "Veld legal_basis: de bewaartermijn ({years} jaar na de laatste wijziging) loopt tot {until}. Daarvoor mag u "
     "alleen wissen op een wisbesluit; noem dat besluit in legal_basis (bijvoorbeeld 'AVG art. 17 besluit 2026-0042')."),
    (r"as_of: the dossier did not exist yet at that moment",
     "Veld as_of: op dat moment bestond het dossier nog niet. Kies een later moment."),
    (r"exactly_one_case_director: this dossier already has a case director; use a handover .+",
     "Dit dossier heeft al een casusregisseur. Wilt u een andere casusregisseur, gebruik dan een overdracht."),
    (r"exactly_one_case_director: reopening a closed dossier needs a case director; give case_director_id",
     "Voor het heropenen van een afgesloten dossier is een casusregisseur nodig. Vul case_director_id in."),
    (r"exactly_one_case_director: cannot .+ before a case director is assigned; assign one first",
     "Dit kan pas als het dossier een casusregisseur heeft. Wijs eerst een casusregisseur toe."),
    (r"no_concurrent_change: .+",
     "Iemand anders heeft dit dossier tegelijk gewijzigd. Laad het dossier opnieuw en voer uw wijziging nog een keer in."),
    # referrals and mandates
    (r"referral_id: this referral was already decided", "Veld referral_id: over deze verwijzing is al besloten."),
    (r"referral_rules: a referral to specialist care or a Wmo provision is motivated by .+",
     "Een verwijzing naar specialistische zorg of een Wmo-voorziening wordt gemotiveerd door de casusregisseur van "
     "dit huishouden. Vraag de casusregisseur om de verwijzing aan te vragen."),
    (r"mandate_matrix: a (?P<role>\w+) has no mandate for the .+; ask a (?P<holders>.+) to take this step",
     lambda m: f"Uw rol ({ROLES_NL.get(m['role'], m['role'])}) heeft geen mandaat voor deze stap. Vraag het aan: "
               f"{_roles(m['holders'])}."),
    # roles
    (r"role_may_act: a (?P<role>\w+) may not .+; that is for: (?P<allowed>.+)",
     lambda m: f"Uw rol ({ROLES_NL.get(m['role'], m['role'])}) mag deze stap niet zetten. Dit is voor: "
               f"{_roles(m['allowed'])}."),
    (r"role_may_act: a complaint is filed by the client or their legal representative; .+",
     "Een klacht dient de inwoner of de wettelijk vertegenwoordiger zelf in. Een medewerker kan helpen om de klacht "
     "op hun naam in te dienen."),
    (r"route_is_complainants_choice: .+",
     "De indiener van de klacht kiest de route. Legt u die voor hen vast, noteer dan namens wie (on_behalf_of)."),
    (r"role_may_act: the complainant or the complaint officer refers to the commission",
     "Alleen de indiener of de klachtenfunctionaris verwijst een klacht door naar de klachtencommissie."),
    (r"role_may_act: the complainant decides to go to the ombudsman",
     "Alleen de indiener besluit om naar de sociale ombudsman te gaan."),
    (r"role_may_act: a consent is revoked by the person who gave it or their representative",
     "Een toestemming trekt alleen de persoon in die haar gaf, of diens wettelijk vertegenwoordiger."),
    # complaints
    (r"complaint_stage: this complaint was already acknowledged", "Deze klacht is al bevestigd; dat hoeft niet nog eens."),
    (r"complaint_stage: the complaint already follows route (?P<route>\w+)",
     lambda m: f"Deze klacht volgt al de route {choices_nl('route', [m['route']])}. Een andere route kiezen kan nu niet."),
    (r"complaint_stage: formal handling starts when the complaint is referred to the commission; .+",
     "De formele behandeling begint als de klacht naar de klachtencommissie gaat. Verwijs de klacht eerst door."),
    (r"complaint_stage: an outcome is recorded for intake or mediation in progress",
     "Een uitkomst legt u vast bij klachtopvang of bemiddeling die loopt. Kies eerst een van die routes."),
    (r"complaint_stage: the commission already handles this complaint", "De klachtencommissie behandelt deze klacht al."),
    (r"complaint_stage: the commission advises on a complaint referred to it",
     "De klachtencommissie adviseert alleen over een klacht die naar haar is doorverwezen. Verwijs de klacht eerst door."),
    (r"complaint_stage: the decision follows the commission's advice",
     "Het besluit volgt op het advies van de klachtencommissie. Wacht op dat advies."),
    (r"complaint_stage: this complaint is already closed", "Deze klacht is al afgesloten."),
    (r"complaint_stage: the ombudsman reviews a complaint once it was handled",
     "De sociale ombudsman kijkt pas naar een klacht als die is afgehandeld. Wacht op het besluit over de klacht."),
    (r"complaint_stage: this complaint is (?P<stage>\w+); nothing more to handle",
     lambda m: f"Deze klacht is {STAGES_NL.get(m['stage'], m['stage'])}; er valt niets meer te behandelen."),
    (r"complaint_term: the term can be extended only once; decide now",
     "De termijn van een klacht kan maar één keer worden verlengd. Neem nu een besluit."),
    (r"complaint_term: the term has already passed; it cannot be extended afterwards",
     "De termijn is al voorbij; verlengen kan achteraf niet. Neem zo snel mogelijk een besluit."),
    (r"complaint_is_about_conduct: .+",
     "Een klacht gaat over hoe een medewerker u heeft behandeld. Bent u het niet eens met een besluit over een "
     "voorziening, maak dan bezwaar bij de gemeente binnen 6 weken na het besluit, zoals de brief over het besluit "
     "uitlegt."),
]
_COMPILED = [(re.compile(f"^(?:{pattern})$", re.DOTALL), text) for pattern, text in _TABLE]


def in_dutch(message: str) -> str | None:
    """The Dutch text for a domain error's English message, or None when the table has none."""
    for pattern, text in _COMPILED:
        match = pattern.match(message)
        if match:
            if callable(text):
                return text(match)
            values: dict[str, Any] = {k: v for k, v in match.groupdict().items() if v is not None}
            return text.format(**values)
    return None


def empty_field(field: str) -> str:
    """A required text left empty (domain.values.required_text)."""
    return f"Veld {field}: dit veld is leeg. Vul het in."
