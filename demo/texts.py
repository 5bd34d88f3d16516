"""The Dutch words of the demo: problem profiles, plan texts, signals, reasons and legal bases.

Plan texts are in the client's own words (004 §12). Nothing here names a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocabulary import ActionOwnerKind, ReferralKind, SignalSource

# Reasons and legal bases carried by events (Attribution.reason).
WMO_INQUIRY = "Wmo 2015 art. 2.3.2: onderzoek naar de hulpvraag"
WMO_DECISION = "Wmo 2015 art. 2.3.5: besluit over een maatwerkvoorziening"
YOUTH_CARE = "Jeugdwet art. 2.3: voorziening op het gebied van jeugdhulp"
YOUTH_DECISION = "Jeugdwet art. 2.3 en 2.9: besluit over individuele voorziening"
PUBLIC_TASK = "AVG art. 6 lid 1 sub e: publieke taak sociaal domein"
CONSENT = "toestemming cliënt"
MELDCODE = "Wet verplichte meldcode huiselijk geweld en kindermishandeling"
CHILD_SAFETY_DUTY = "Wmo 2015 art. 5.2.6: melding aan Veilig Thuis"
WITHHOLDING = "Meldcode stap 4-5: veiligheid van het kind gaat voor inzage door een ouder"
COMPLAINT_LAW = "Wkkgz art. 18 en klachtenregeling sociaal wijkteam"
CORRECTION_LAW = "AVG art. 16: recht op rectificatie"
STATEMENT_LAW = "AVG art. 16 en 21: eigen zienswijze van de cliënt"
DEBT_LAW = "Wet gemeentelijke schuldhulpverlening art. 3"
DOORZETTINGSMACHT = "doorzettingsmacht procesregisseur (003 §3.2.2): casus zit vast"
OUTREACH = "erop af: zorgmijder, melding zonder hulpvraag (003 §2)"
WORKER_CHOICE = "keuzevrijheid cliënt (002)"


@dataclass(frozen=True)
class PlanAction:
    description: str
    owner_kind: ActionOwnerKind
    owner_name: str  # a role word; volunteers and network members get a first name added


@dataclass(frozen=True)
class Referral:
    kind: ReferralKind
    provision: str
    motivation: str


@dataclass(frozen=True)
class Profile:
    """A kind of question a household brings, with the plan it usually leads to."""

    key: str
    low_domains: tuple[str, ...]
    sources: tuple[SignalSource, ...]
    signal: str
    problem: str
    goal: str
    result: str
    solutions: tuple[str, ...]
    actions: tuple[PlanAction, ...]
    referrals: tuple[Referral, ...]
    needs_children: bool = False


O = ActionOwnerKind
R = ReferralKind
S = SignalSource

PROFILES: tuple[Profile, ...] = (
    Profile(
        "schulden", ("finances", "daytime_activities"), (S.SELF, S.HOUSING_CORPORATION, S.GP),
        "Betalingsachterstanden; post wordt niet meer geopend.",
        "Ik heb schulden en de rekeningen stapelen zich op.", "Ik wil weer grip op mijn geld.",
        "Vaste lasten worden op tijd betaald.", ("Overzicht van inkomsten en uitgaven", "Schuldhulpverlening"),
        (PlanAction("Samen alle post en rekeningen op een rij zetten", O.CLIENT, "cliënt"),
         PlanAction("Aanmelden bij de schuldhulpverlening", O.PROFESSIONAL, "casusregisseur"),
         PlanAction("Elke week met een vrijwilliger de post doorlopen", O.VOLUNTEER, "vrijwilliger thuisadministratie")),
        (Referral(R.GENERAL_PROVISION, "Schuldhulpverlening gemeente", "Schulden groeien; budgetbeheer nodig."),),
    ),
    Profile(
        "eenzaamheid", ("social_network", "community_participation", "mental_health"), (S.GP, S.NEIGHBOUR, S.SELF),
        "Buurvrouw maakt zich zorgen: bewoner komt de deur niet meer uit.",
        "Ik zit veel alleen thuis en voel me eenzaam.", "Ik wil iedere week iets buiten de deur doen.",
        "Een vaste activiteit per week.", ("Contact met de buurt", "Een maatje"),
        (PlanAction("Samen met de buurvrouw naar de koffieochtend in het buurthuis", O.NETWORK_MEMBER, "buurvrouw"),
         PlanAction("Kennismaken met een maatje via het vrijwilligerspunt", O.VOLUNTEER, "maatje"),
         PlanAction("Zelf een activiteit kiezen uit de buurtkrant", O.CLIENT, "cliënt")),
        (Referral(R.GENERAL_PROVISION, "Maatjesproject vrijwilligerspunt", "Weinig sociaal netwerk; maatje helpt."),),
    ),
    Profile(
        "opvoeding", ("domestic_relations", "mental_health"), (S.SCHOOL, S.SELF, S.GP),
        "School signaleert spanningen thuis; kind is vaak moe en afwezig.",
        "Thuis is er veel ruzie en ik weet niet goed hoe ik met de kinderen om moet gaan.",
        "Ik wil dat het thuis rustiger wordt.", "Vaste afspraken thuis en minder ruzie.",
        ("Opvoedondersteuning", "Hulp uit de familie"),
        (PlanAction("Opvoedcursus bij het Centrum voor Jeugd en Gezin volgen", O.CLIENT, "ouder"),
         PlanAction("Oma haalt de kinderen twee middagen per week uit school", O.NETWORK_MEMBER, "oma"),
         PlanAction("Gezinsgesprek met de casusregisseur elke twee weken", O.PROFESSIONAL, "casusregisseur")),
        (Referral(R.GENERAL_PROVISION, "Opvoedondersteuning CJG", "Ouder vraagt zelf om opvoedtips."),
         Referral(R.SPECIALIST_YOUTH_CARE, "Ambulante gezinsbehandeling",
                  "Spanningen blijven na opvoedondersteuning; gezinsbehandeling nodig.")),
        needs_children=True,
    ),
    Profile(
        "huisvesting", ("housing", "finances"), (S.HOUSING_CORPORATION, S.SELF),
        "Huurachterstand van drie maanden; corporatie overweegt ontruiming.",
        "Ik dreig mijn huis kwijt te raken door huurachterstand.", "Ik wil in mijn huis blijven wonen.",
        "Betalingsregeling loopt en de huur wordt op tijd betaald.", ("Betalingsregeling", "Automatische betaling"),
        (PlanAction("Betalingsregeling afspreken met de woningcorporatie", O.PROFESSIONAL, "casusregisseur"),
         PlanAction("Huur automatisch laten afschrijven na de uitbetaling", O.CLIENT, "cliënt")),
        (Referral(R.GENERAL_PROVISION, "Schuldhulp Samen", "Huurachterstand met andere schulden."),),
    ),
    Profile(
        "thuis wonen", ("adl", "physical_health"), (S.GP, S.SELF, S.NEIGHBOUR),
        "Huisarts: cliënt redt het huishouden niet meer na een val.",
        "Het lukt niet meer om zelf het huishouden te doen.", "Ik wil zo lang mogelijk thuis blijven wonen.",
        "Het huis is schoon en veilig.", ("Hulp van de buren", "Hulp bij het huishouden"),
        (PlanAction("Buurman doet elke week de boodschappen", O.NETWORK_MEMBER, "buurman"),
         PlanAction("Valpreventie-training bij de fysiotherapeut", O.CLIENT, "cliënt")),
        (Referral(R.WMO_PROVISION, "Hulp bij het huishouden", "Kan door lichamelijke beperking niet zelf schoonmaken; "
                  "netwerk kan dit niet overnemen."),
         Referral(R.WMO_PROVISION, "Woningaanpassing: traplift", "Trap is onveilig geworden na een val.")),
    ),
    Profile(
        "psychisch", ("mental_health", "daytime_activities"), (S.GP, S.SELF, S.POLICE_CARE_FORM),
        "Signaal over verward gedrag; cliënt heeft geen dagstructuur.",
        "Ik zit niet lekker in mijn vel en kom de dag niet door.", "Ik wil weer structuur in mijn dag.",
        "Een vast dagritme met een activiteit buitenshuis.", ("Inloop GGZ", "Dagbesteding"),
        (PlanAction("Aanmelden bij de inloop van de GGZ", O.PROFESSIONAL, "casusregisseur"),
         PlanAction("Twee ochtenden per week naar de dagbesteding in het buurthuis", O.CLIENT, "cliënt"),
         PlanAction("Zus belt elke avond even", O.NETWORK_MEMBER, "zus")),
        (Referral(R.GENERAL_PROVISION, "Inloop GGZ", "Laagdrempelige steun voor psychische klachten."),
         Referral(R.WMO_PROVISION, "Begeleiding individueel", "Zonder begeleiding valt de dagstructuur weg.")),
    ),
    Profile(
        "werk", ("daytime_activities", "finances", "community_participation"), (S.SELF, S.OTHER),
        "Inwoner vraagt hulp bij het vinden van werk of vrijwilligerswerk.",
        "Ik heb al lang geen werk en weet niet hoe ik verder moet.",
        "Ik wil vrijwilligerswerk doen als opstap naar betaald werk.", "Vrijwilligerswerk van één dag per week.",
        ("Vrijwilligerswerk", "Hulp bij solliciteren"),
        (PlanAction("Gesprek bij het vrijwilligerspunt", O.CLIENT, "cliënt"),
         PlanAction("Cv maken met een vrijwilliger", O.VOLUNTEER, "vrijwilliger werkcafé")),
        (Referral(R.GENERAL_PROVISION, "Werkcafé buurthuis", "Eerste stap naar participatie."),),
    ),
    Profile(
        "verslaving", ("addiction", "mental_health", "domestic_relations"), (S.POLICE_CARE_FORM, S.GP, S.SELF),
        "Zorgformulier politie: melding na onrust door alcoholgebruik.",
        "Ik drink te veel en dat geeft problemen thuis.", "Ik wil minder drinken.",
        "Minder drinken en rust in huis.", ("Verslavingszorg", "Steun van de partner"),
        (PlanAction("Afspraak maken bij de verslavingszorg", O.PROFESSIONAL, "casusregisseur"),
         PlanAction("Partner gaat mee naar de eerste afspraak", O.NETWORK_MEMBER, "partner")),
        (Referral(R.GENERAL_PROVISION, "Verslavingszorg (vrij toegankelijk)", "Hulpvraag rond alcoholgebruik."),),
    ),
    Profile(
        "schoolverzuim", ("daytime_activities", "domestic_relations"), (S.SCHOOL, S.SELF),
        "Leerplicht en school melden langdurig verzuim van een leerling.",
        "Mijn kind gaat niet meer naar school en ik weet niet wat ik moet doen.",
        "Ik wil dat mijn kind weer naar school gaat.", "Weer volledig naar school.",
        ("Gesprek met school", "Huiswerkbegeleiding"),
        (PlanAction("Gesprek met de mentor en de leerplichtambtenaar", O.PROFESSIONAL, "casusregisseur"),
         PlanAction("Huiswerkbegeleiding door een vrijwilliger", O.VOLUNTEER, "vrijwilliger huiswerkklas"),
         PlanAction("Elke ochtend samen de dag doornemen", O.CLIENT, "ouder")),
        (Referral(R.GENERAL_PROVISION, "Huiswerkklas buurthuis", "Steun bij schoolwerk."),
         Referral(R.SPECIALIST_YOUTH_CARE, "Ambulante jeugdhulp", "Verzuim houdt aan; jongere heeft meer hulp nodig.")),
        needs_children=True,
    ),
)

SIMPLE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Vraag hoe je een ooievaarspas aanvraagt.", "Uitgelegd en het aanvraagformulier meegegeven."),
    ("Vraag over de openingstijden van de voedselbank.", "Tijden en adres van de voedselbank gegeven."),
    ("Vraag om hulp bij het invullen van een formulier voor huurtoeslag.", "Samen het formulier ingevuld."),
    ("Vraag waar je vrijwilligerswerk kunt vinden.", "Doorverwezen naar het vrijwilligerspunt."),
    ("Vraag over de regeling voor een gratis sportabonnement voor kinderen.", "Uitgelegd via het Jeugdfonds."),
    ("Vraag naar een taalcursus in de buurt.", "Adres van het taalcafé in het buurthuis gegeven."),
)

SIGNAL_REPORTERS: dict[SignalSource, str] = {
    S.SELF: "inwoner zelf",
    S.NEIGHBOUR: "buurvrouw (anoniem gehouden)",
    S.GP: "huisarts",
    S.SCHOOL: "intern begeleider school",
    S.POLICE_CARE_FORM: "wijkagent (zorgformulier)",
    S.HOUSING_CORPORATION: "woonconsulent woningcorporatie",
    S.OTHER: "medewerker bibliotheek",
}

PARTNER_KIND_FOR_SOURCE: dict[SignalSource, str] = {
    S.GP: "gp",
    S.SCHOOL: "school",
    S.POLICE_CARE_FORM: "police",
    S.HOUSING_CORPORATION: "housing_corporation",
}

VOLUNTEER_FIRST_NAMES = ("Anneke", "Henk", "Fatima", "Kees", "Mirjam", "Yusuf", "Ria", "Sem", "Ingrid", "Joost")

# (kind of partner, registered purpose that rests on consent, sections): the purpose is the register's
# code, so the partner's request for that purpose finds the consent (the portal names it in Dutch).
CONSENT_PURPOSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("gp", "care_coordination", ("plan", "contacts")),
    ("housing_corporation", "eviction_prevention", ("plan",)),
    ("mental_health", "care_coordination", ("plan", "zrm")),
    ("debt_help", "care_coordination", ("plan", "zrm")),
    ("school", "care_coordination", ("plan",)),
)

TANDEM_ORGANISATIONS = ("Jeugdhulp Horizon", "GGZ Rijnstreek", "Schuldhulp Samen", "Humanitas thuisadministratie")
WARM_HANDOVERS = (
    ("GGZ Rijnstreek", "Hulpvraag en ZRM besproken met cliënt erbij; intake gepland."),
    ("Schuldhulp Samen", "Overzicht schulden samen met cliënt overgedragen."),
    ("Humanitas thuisadministratie", "Kennismaking met vrijwilliger samen met cliënt."),
)
