#!/usr/bin/env python3
"""Writes dyad's own gold files from the sentence plans below.

Every sentence here was written for dyad (fictional or plausible events,
wire-report style); none comes from PETRARCH validation records or PLOVER
gold-standard records. A plan pairs a sentence with the coding a careful
human coder gives it, so the expected codings are stated by hand next to
the words they describe, not derived from the coder.

  eval/make-gold.py      # rewrites eval/gold/dyad-petrarch.xml and dyad-plover.json

Then refresh the stored annotations with scripts/make-coder-annotations.py.
"""
import json
import random
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent

# name, adjective, capital, code
COUNTRIES = [
    ("Russia", "Russian", "Moscow", "RUS"),
    ("Ukraine", "Ukrainian", "Kyiv", "UKR"),
    ("Britain", "British", "London", "GBR"),
    ("France", "French", "Paris", "FRA"),
    ("Germany", "German", "Berlin", "DEU"),
    ("China", "Chinese", "Beijing", "CHN"),
    ("Japan", "Japanese", "Tokyo", "JPN"),
    ("Iran", "Iranian", "Tehran", "IRN"),
    ("Israel", "Israeli", None, "ISR"),
    ("Egypt", "Egyptian", "Cairo", "EGY"),
    ("Turkey", "Turkish", "Ankara", "TUR"),
    ("India", "Indian", "New Delhi", "IND"),
    ("Pakistan", "Pakistani", None, "PAK"),
    ("Brazil", "Brazilian", None, "BRA"),
    ("Kenya", "Kenyan", "Nairobi", "KEN"),
    ("Nigeria", "Nigerian", None, "NGA"),
    ("Italy", "Italian", None, "ITA"),
    ("Finland", "Finnish", None, "FIN"),
]

# code, PLOVER category, past-tense frame, base frame, passive participle (or None).
# {T} is the target's words.
VERBS = [
    ("018", None, "expressed sympathy for {T}", "express sympathy for {T}", None),
    ("020", "REQUEST", "appealed to {T} for calm", "appeal to {T} for calm", None),
    ("030", "AGREE", "pledged cooperation with {T}", "pledge cooperation with {T}", None),
    ("040", "CONSULT", "met {T}", "meet {T}", None),
    ("041", "CONSULT", "phoned {T}", "phone {T}", None),
    ("042", "CONSULT", "visited {T}", "visit {T}", "visited"),
    ("046", "CONSULT", "negotiated with {T}", "negotiate with {T}", None),
    ("051", "SUPPORT", "praised {T}", "praise {T}", "praised"),
    ("057", "SUPPORT", "signed an agreement with {T}", "sign an agreement with {T}", None),
    ("064", "COOPERATE", "shared intelligence with {T}", "share intelligence with {T}", None),
    ("070", "AID", "provided aid to {T}", "provide aid to {T}", None),
    ("0871", "RETREAT", "declared a ceasefire with {T}", "declare a ceasefire with {T}", None),
    ("090", "ACCUSE", "investigated {T}", "investigate {T}", "investigated"),
    ("100", "REQUEST", "demanded an apology from {T}", "demand an apology from {T}", None),
    ("111", "ACCUSE", "criticized {T}", "criticize {T}", "criticized"),
    ("112", "ACCUSE", "accused {T} of espionage", "accuse {T} of espionage", "accused"),
    ("120", "REJECT", "rejected {T}", "reject {T}", None),
    ("125", "REJECT", "refused talks with {T}", "refuse talks with {T}", None),
    ("130", "THREATEN", "threatened {T}", "threaten {T}", "threatened"),
    ("140", "PROTEST", "protested against {T}", "protest against {T}", None),
    ("154", "MOBILIZE", "mobilized troops near {T}", "mobilize troops near {T}", None),
    ("161", "SANCTION", "cut ties with {T}", "cut ties with {T}", None),
    ("163", "COERCE", "sanctioned {T}", "sanction {T}", "sanctioned"),
    ("190", "ASSAULT", "attacked {T}", "attack {T}", "attacked"),
    ("195", "ASSAULT", "bombed {T}", "bomb {T}", "bombed"),
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

NO_EVENT_SENTENCES = [
    "Heavy rain fell across northern Kenya on Tuesday.",
    "Shares in Tokyo closed slightly higher on Friday.",
    "The museum in Cairo reopened after a two-year renovation.",
    "Temperatures in Delhi are expected to reach 45 degrees this week.",
    "The national football team arrived in Lagos late on Sunday.",
    "A new high-speed rail line opened between two German cities.",
    "The harvest in southern Brazil was smaller than last year.",
    "Traffic in central London was disrupted by a burst water main.",
    "The annual book fair drew record crowds in Frankfurt.",
    "Fuel prices in Pakistan rose for the third month in a row.",
    "The Finnish capital hosted a jazz festival over the weekend.",
    "A strong earthquake shook eastern Turkey, but no damage was reported.",
    "Tourism in Italy recovered to its pre-pandemic level.",
    "Scientists in Japan unveiled a faster supercomputer.",
    "The Nile flooded farmland near Luxor after unusual rainfall.",
]


def pick_pair(rng):
    a, b = rng.sample(COUNTRIES, 2)
    return a, b


def coding(source, target, code, modality):
    return {"source": source, "target": target, "code": code, "modality": modality}


def plans():
    rng = random.Random(20250819)
    out = []

    def add(text, codings, construction, date="20250910"):
        out.append({"text": text, "codings": codings, "construction": construction, "date": date})

    for code, _, past, base, participle in VERBS:
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        day = rng.choice(WEEKDAYS)
        add(f"{a_name} {past.format(T=b_name)} on {day}.", [coding(a, b, code, "asserted")], "subject-object")
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(f"{a_name} will {base.format(T=b_name)} next week.", [coding(a, b, code, "planned")], "planned-will")
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(f"{a_name} did not {base.format(T=b_name)}.", [coding(a, b, code, "negated")], "negated")
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(
            f"{a_name} could {base.format(T=b_name)} if the talks collapse.",
            [coding(a, b, code, "hypothetical")],
            "hypothetical-could-if",
        )
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(f"{a_name} reportedly {past.format(T=b_name)}.", [coding(a, b, code, "claimed")], "claimed-reportedly")
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(
            f"The {a_adj} government {past.format(T=b_name)}, a spokesman said.",
            [coding(a + "GOV", b, code, "asserted")],
            "agent-attribution",
        )
        (a1_name, _, _, a1), (a2_name, _, _, a2) = pick_pair(rng)
        others = [c for c in COUNTRIES if c[3] not in (a1, a2)]
        b_name, _, _, b = rng.choice(others)
        add(
            f"{a1_name} and {a2_name} {past.format(T=b_name)} on {rng.choice(WEEKDAYS)}.",
            [coding(a1, b, code, "asserted"), coding(a2, b, code, "asserted")],
            "coordinated-subjects",
        )
        (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
        add(
            f"{a_name} plans to {base.format(T=b_name)}, officials said.",
            [coding(a, b, code, "planned")],
            "control-plan",
        )
        if participle:
            (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
            add(f"{b_name} was {participle} by {a_name} on {rng.choice(WEEKDAYS)}.", [coding(a, b, code, "asserted")], "passive")
            (a_name, a_adj, a_cap, a), (b_name, b_adj, b_cap, b) = pick_pair(rng)
            (c_name, _, _, c) = rng.choice([x for x in COUNTRIES if x[3] not in (a, b)])
            add(
                f"{a_name} {past.format(T=b_name + ' and ' + c_name)}.",
                [coding(a, b, code, "asserted"), coding(a, c, code, "asserted")],
                "coordinated-objects",
            )

    # Constructions that need their own words.
    special = [
        ("Russia and China met in Beijing on Tuesday.",
         [coding("RUS", "CHN", "040", "asserted"), coding("CHN", "RUS", "040", "asserted")], "reciprocal"),
        ("Japan and India met in Tokyo.",
         [coding("JPN", "IND", "040", "asserted"), coding("IND", "JPN", "040", "asserted")], "reciprocal"),
        ("Talks between Egypt and Israel were held in Cairo on Monday.",
         [coding("EGY", "ISR", "046", "asserted"), coding("ISR", "EGY", "046", "asserted")], "nominal-between"),
        ("Turkey held talks with Iran on Sunday.", [coding("TUR", "IRN", "046", "asserted")], "nominal-light-verb"),
        ("Kenya called for talks between Nigeria and Egypt.",
         [coding("KEN", "---", "020", "asserted"), coding("NGA", "EGY", "046", "hypothetical"),
          coding("EGY", "NGA", "046", "hypothetical")], "nominal-requested"),
        ("Brazil, which criticized the United States, praised China.",
         [coding("BRA", "USA", "111", "asserted"), coding("BRA", "CHN", "051", "asserted")], "relative-clause"),
        ("The Kremlin is ready to meet Ukraine.", [coding("RUSGOV", "UKR", "040", "planned")], "control-ready"),
        ("Japan plans to give aid to Kenya.", [coding("JPN", "KEN", "071", "planned")], "control-plan"),
        ("Israel was attacked by Hamas.", [coding("PSEREBHMS", "ISR", "190", "asserted")], "passive-group"),
        ("Kenyan police arrested two journalists.", [coding("KENCOP", "---MED", "173", "asserted")], "agents"),
        ("Russian troops shelled Kharkiv overnight, killing at least four civilians, including a child.",
         [coding("RUSMIL", "---", "190", "asserted")], "casualties-participle"),
        ("Russia launched strikes on Kyiv yesterday that killed seven civilians.",
         [coding("RUS", "UKRGOV", "190", "asserted")], "nominal-casualties"),
        ("Iran claimed that Israel attacked Syria.", [coding("ISR", "SYR", "190", "claimed")], "claimed-claim"),
        ("Nigeria did not condemn the United States.", [coding("NGA", "USA", "111", "negated")], "negated"),
        ("Egypt would sanction Turkey if it attacked Israel.",
         [coding("EGY", "TUR", "163", "hypothetical"), coding("TUR", "ISR", "190", "hypothetical")], "hypothetical-if"),
        ("Putin said he would meet Zelensky in Istanbul.",
         [coding("RUSGOV", "UKRGOV", "040", "planned")], "attribution-coreference"),
        ("French President Emmanuel Macron praised German Chancellor Friedrich Merz.",
         [coding("FRAGOV", "DEUGOV", "051", "asserted")], "titles"),
        ("NATO chief Mark Rutte condemned Russia.", [coding("IGOWSTNAT", "RUS", "111", "asserted")], "apposition"),
        ("The leaders of Britain and Italy condemned Iran.",
         [coding("GBRGOV", "IRN", "111", "asserted"), coding("ITAGOV", "IRN", "111", "asserted")], "of-phrase"),
        ("According to a diplomat cited by AFP, Putin did not reject the proposal.",
         [coding("RUSGOV", "---", "120", "negated")], "according-to"),
        ("Macron said France would host a summit between India and Pakistan.",
         [coding("IND", "PAK", "040", "planned"), coding("PAK", "IND", "040", "planned")], "nominal-planned"),
        ("Trump allegedly called Putin on Saturday.", [coding("USAGOV", "RUSGOV", "041", "claimed")], "claimed-allegedly"),
        ("Germany is expected to sign an agreement with Japan.", [coding("DEU", "JPN", "057", "planned")], "planned-expected"),
        ("Zelensky met Merz in Berlin, and the two leaders praised the United States.",
         [coding("UKRGOV", "DEUGOV", "040", "asserted"), coding("UKRGOV", "USA", "051", "asserted"),
          coding("DEUGOV", "USA", "051", "asserted")], "coreference-two-leaders"),
        ("Britain criticized Iran's nuclear programme.", [coding("GBR", "IRN", "111", "asserted")], "possessive-target"),
        ("Indian troops clashed with Pakistani soldiers near the border.",
         [coding("INDMIL", "PAKMIL", "193", "asserted")], "agents-clash"),
        ("Nigerian militants killed three soldiers in the north.", [coding("NGAREB", "---MIL", "180", "asserted")], "agents-kill"),
        ("Egyptian police detained five journalists in Cairo.", [coding("EGYCOP", "---MED", "173", "asserted")], "agents-detain"),
        ("Rebels massacred villagers in a remote district.", [coding("---REB", "---CVL", "202", "asserted")], "mass-killing"),
        # Varied wire-style sentences, coded by hand before the coder was run on them.
        ("Chinese Foreign Minister Wang Yi met his Japanese counterpart in Tokyo on Thursday.",
         [coding("CHNGOV", "JPNGOV", "040", "asserted")], "title-unknown-person"),
        ("Israeli aircraft bombed targets in southern Syria overnight, the military said.",
         [coding("ISRMIL", "SYR", "195", "asserted")], "wire-bombing"),
        ("Turkey's president accused Israel of genocide.", [coding("TURGOV", "ISR", "112", "asserted")], "possessive-agent"),
        ("The European Union imposed new sanctions on Iran on Monday.",
         [coding("IGOEUREEC", "IRN", "163", "asserted")], "organisation"),
        ("Kenya and Nigeria signed a trade agreement in Nairobi.",
         [coding("KEN", "NGA", "057", "asserted"), coding("NGA", "KEN", "057", "asserted")], "reciprocal-agreement"),
        ("Pakistan rejected India's accusations as baseless.", [coding("PAK", "IND", "120", "asserted")], "possessive-target"),
        ("Iran's foreign minister said Tehran would not negotiate with Washington under pressure.",
         [coding("IRNGOV", "USA", "046", "negated")], "negated-reported"),
        ("Japan will provide $50 million in aid to Ukraine, the government said on Friday.",
         [coding("JPN", "UKR", "070", "planned")], "planned-aid"),
        ("Germany condemned the attack on Israeli civilians.", [coding("DEU", "ISRCVL", "111", "asserted")], "nominal-object"),
        ("The United States and Britain launched airstrikes against rebels in Yemen.",
         [coding("USA", "YEMREB", "190", "asserted"), coding("GBR", "YEMREB", "190", "asserted")], "nominal-coordinated"),
        ("Merz told reporters in Berlin that Germany would send more aid to Ukraine.",
         [coding("DEU", "UKR", "070", "planned")], "reported-future"),
        ("Putin and Xi Jinping held talks in Moscow.",
         [coding("RUSGOV", "CHNGOV", "046", "asserted"), coding("CHNGOV", "RUSGOV", "046", "asserted")], "reciprocal-light-verb"),
        ("Hamas fighters fired rockets at Israel on Wednesday.", [coding("PSEREBHMS", "ISR", "190", "asserted")], "group-agent"),
        ("Ukraine's foreign minister will visit Beijing next week.", [coding("UKRGOV", "CHNGOV", "042", "planned")], "planned-visit"),
        ("Russian forces shelled the city of Kherson on Sunday, killing two people.",
         [coding("RUSMIL", "---", "190", "asserted")], "casualties"),
        ("Egypt's president hosted Israel's prime minister in Cairo.", [coding("EGYGOV", "ISRGOV", "043", "asserted")], "host"),
        ("Turkey said on Monday it was ready to host talks between Russia and Ukraine.",
         [coding("RUS", "UKR", "046", "planned"), coding("UKR", "RUS", "046", "planned")], "planned-between"),
        ("Finland criticized Russia's decision to close the border.", [coding("FIN", "RUS", "111", "asserted")], "possessive-target"),
        ("Pakistani troops clashed with Indian forces along the Line of Control.",
         [coding("PAKMIL", "INDMIL", "193", "asserted")], "agents-clash"),
        ("According to state media, Iranian troops attacked rebels near the border.",
         [coding("IRNMIL", "---REB", "190", "asserted")], "according-to"),
        ("Britain is likely to sanction Iran.", [coding("GBR", "IRN", "163", "hypothetical")], "hypothetical-likely"),
        ("Israel may attack Iran.", [coding("ISR", "IRN", "190", "hypothetical")], "hypothetical-may"),
        ("Russia allegedly bombed Ukrainian troops.", [coding("RUS", "UKRMIL", "195", "claimed")], "claimed-allegedly"),
        ("Washington urged Kyiv to accept a ceasefire.", [coding("USA", "UKRGOV", "0256", "asserted")], "appeal"),
        ("Zelensky thanked Trump for his support.", [coding("UKRGOV", "USAGOV", "051", "asserted")], "praise"),
        ("Macron spoke by phone with Putin on Tuesday.", [coding("FRAGOV", "RUSGOV", "041", "asserted")], "phone"),
        ("Trump's meeting with Putin in Alaska ended without a deal.",
         [coding("USAGOV", "RUSGOV", "040", "asserted")], "nominal-possessive"),
        ("The meeting room in the ministry was renovated last year.", [], "no-event-nominal"),
        ("Analysts said a summit is unlikely this year.", [], "no-event-nominal"),
    ]
    for text, codings, construction in special:
        add(text, codings, construction)
    for text in NO_EVENT_SENTENCES:
        add(text, [], "no-event")
    # Constructions from the review of a wire report (issue 6), in new
    # sentences of our own, appended so that earlier ids stay stable.
    review = [
        ("Macron said he phoned Xi after productive meetings with Merz and Italian officials.",
         [coding("FRAGOV", "CHNGOV", "041", "asserted"), coding("FRAGOV", "DEUGOV", "040", "asserted"),
          coding("FRAGOV", "ITAGOV", "040", "asserted")], "coordinated-noun-targets"),
        ("\u201cAfter the vote, I called President Xi,\u201d Macron wrote on social media.",
         [coding("FRAGOV", "CHNGOV", "041", "asserted")], "quoted-first-person-call"),
        ("Egypt called Israel's decision a mistake.", [coding("EGY", "ISR", "111", "asserted")], "call-judgement"),
        ("Egypt hosted a summit that included the leaders of Jordan, Qatar and Turkey.",
         [coding("EGY", "JORGOV", "043", "asserted"), coding("EGY", "QATGOV", "043", "asserted"),
          coding("EGY", "TURGOV", "043", "asserted")], "host-participants"),
        ("Britain reiterated pressure on Iran to make concessions.",
         [coding("GBR", "IRN", "105", "asserted")], "carrier-verb-event-noun"),
        ("Italy warned against forcing Kenya to accept the deal.",
         [coding("ITA", "---", "110", "asserted")], "warn-against"),
        ("China continues to oppose Japan joining the alliance.",
         [coding("CHN", "JPN", "110", "asserted")], "oppose-complement"),
        ("NATO chief Mark Rutte voiced enthusiasm for the plan.",
         [coding("IGOWSTNAT", "---", "051", "asserted")], "light-verb-event-noun"),
        ("Pakistan ruled out talks with India.", [coding("PAK", "IND", "125", "asserted")], "rule-out"),
    ]
    for text, codings, construction in review:
        add(text, codings, construction)
    return out


def write_petrarch(items):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<Sentences>",
             "<!-- dyad's own gold sentences, written for dyad; see eval/make-gold.py. -->",
             "<!-- The modality attribute is dyad's addition; PETRARCH ignores it. -->"]
    for index, item in enumerate(items, start=1):
        sentence_id = f"DYAD-{index:04d}"
        noevents = ' noevents="True"' if not item["codings"] else ""
        lines.append(f'<Sentence id="{sentence_id}" date="{item["date"]}" source="dyad-gold" sentence="True"{noevents}>')
        lines.append(f'<!-- construction: {item["construction"]} -->')
        for c in item["codings"]:
            lines.append(
                f'<EventCoding sourcecode={quoteattr(c["source"])} targetcode={quoteattr(c["target"])} '
                f'eventcode={quoteattr(c["code"])} modality={quoteattr(c["modality"])}/>'
            )
        lines.append(f"<Text>{escape(item['text'])}</Text>")
        lines.append("</Sentence>")
    lines.append("</Sentences>")
    (HERE / "gold/dyad-petrarch.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def plover_records():
    """PLOVER records: one event per sentence, with actor text and codes."""
    rng = random.Random(1201)
    records = []
    for code, category, past, _, _ in VERBS:
        if category is None:
            continue
        for _ in range(5):
            (a_name, a_adj, _, a), (b_name, _, _, b) = pick_pair(rng)
            style = rng.randrange(3)
            if style == 0:
                text = f"{a_name} {past.format(T=b_name)} on {rng.choice(WEEKDAYS)}, officials said."
                source = {"actorText": a_name, "code": a, "sector": ""}
            elif style == 1:
                text = f"The {a_adj} government {past.format(T=b_name)} after weeks of tension."
                source = {"actorText": f"The {a_adj} government", "code": a, "sector": "GOV"}
            else:
                text = f"On {rng.choice(WEEKDAYS)}, {a_name} {past.format(T=b_name)}."
                source = {"actorText": a_name, "code": a, "sector": ""}
            records.append({
                "id": f"dyad-plover-{len(records) + 1:03d}",
                "date": "2025-09-10",
                "text": text,
                "event": category,
                "source": [source],
                "target": [{"actorText": b_name, "code": b, "sector": ""}],
                "comment": "written for dyad",
            })
    (HERE / "gold/dyad-plover.json").write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return records


if __name__ == "__main__":
    items = plans()
    write_petrarch(items)
    records = plover_records()
    print(f"{len(items)} PETRARCH sentences, {len(records)} PLOVER records")
