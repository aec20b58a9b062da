#!/usr/bin/env python3
"""Deterministic generator for the "Acme Sp. z o.o." sample company (October 2026).

Run from anywhere:   python3 samples/generate.py
Stdlib only.  Everything is written relative to this file's directory:

    roster.csv
    exports/phone/calls-2026-10.csv        (Aircall-like:  ',', UTF-8, CRLF)
    exports/email/outreach-2026-10.csv     (Outreach-like: ',', UTF-8 + BOM, LF)
    exports/social/linkedin-2026-10.csv    (Polish Excel:  ';', all quoted, CRLF)
    expected-counts.txt                    (output of the independent check)
    README.md                              (description + every planted quirk with file:line)

config.toml is hand-written and NOT produced by this script.

Determinism: a fixed seed, and only random.Random.random() is used (all integer draws
are derived from it here), so the output does not depend on the Python version's
randrange/choice/sample algorithms.  No set/dict iteration over hashed strings is
used for ordering.  A rerun gives byte-identical files.

The second half of this file is an *independent check*: it re-reads the written files
with the csv module, the roster from roster.csv and the time zones from zoneinfo
(when the system has tzdata; otherwise the hand-coded 2026 DST rules below), applies
the counting rules of config.toml and prints the expected October numbers and the
per-file accounting.  The generator then asserts that the check agrees with what it
meant to plant.
"""

import csv
import datetime as dt
import io
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261031
UTC = dt.timezone.utc
ORG_TZ = "Europe/Warsaw"          # organisation default (config.toml `timezone`)
RANGE_FIRST = dt.date(2026, 9, 27)  # first day with activity (rep-local)
RANGE_LAST = dt.date(2026, 11, 3)   # last day with activity (rep-local)
OCT_FIRST = dt.date(2026, 10, 1)
OCT_LAST = dt.date(2026, 10, 31)

PHONE_FILE = "exports/phone/calls-2026-10.csv"
EMAIL_FILE = "exports/email/outreach-2026-10.csv"
SOCIAL_FILE = "exports/social/linkedin-2026-10.csv"

# --------------------------------------------------------------------------------------
# Time zones (generator side): hand-coded 2026 rules, valid for Sep..Nov 2026 only.
#   Europe/Warsaw    CEST +02:00 until 2026-10-25 01:00Z, then CET +01:00
#   America/New_York EDT  -04:00 until 2026-11-01 06:00Z, then EST -05:00
# --------------------------------------------------------------------------------------
WAW_DST_END = dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
NY_DST_END = dt.datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
ZONE_OFFSETS = {"Europe/Warsaw": (2, 1), "America/New_York": (-4, -5)}  # (summer, winter)


def utc_offset(zone, instant):
    assert dt.datetime(2026, 9, 1, tzinfo=UTC) <= instant < dt.datetime(2026, 12, 1, tzinfo=UTC)
    if zone == "Europe/Warsaw":
        return dt.timedelta(hours=2 if instant < WAW_DST_END else 1)
    if zone == "America/New_York":
        return dt.timedelta(hours=-4 if instant < NY_DST_END else -5)
    raise ValueError(zone)


def to_local(zone, instant):
    return (instant + utc_offset(zone, instant)).replace(tzinfo=None)


def from_local(zone, naive, fold=0):
    """Local wall clock -> UTC instant; fold=0 picks the earlier instant of an ambiguous time."""
    cands = []
    for h in ZONE_OFFSETS[zone]:
        inst = (naive - dt.timedelta(hours=h)).replace(tzinfo=UTC)
        if utc_offset(zone, inst) == dt.timedelta(hours=h):
            cands.append(inst)
    if not cands:
        raise ValueError("nonexistent local time %s in %s" % (naive, zone))
    return cands[min(fold, len(cands) - 1)]


def utc(y, mo, d, h, mi, s=0):
    return dt.datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def fmt_offset(td):
    mins = int(td.total_seconds()) // 60
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return "%s%02d:%02d" % (sign, mins // 60, mins % 60)


def fmt_hms(seconds):
    return "%02d:%02d:%02d" % (seconds // 3600, seconds % 3600 // 60, seconds % 60)


# --------------------------------------------------------------------------------------
# Random numbers: only Random.random() is used.
# --------------------------------------------------------------------------------------
class Rng:
    def __init__(self, seed):
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def below(self, n):
        return int(self._r.random() * n)

    def randint(self, a, b):
        return a + self.below(b - a + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p):
        return self._r.random() < p

    def shuffle(self, lst):
        for i in range(len(lst) - 1, 0, -1):
            j = self.below(i + 1)
            lst[i], lst[j] = lst[j], lst[i]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self._r.random() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]


# --------------------------------------------------------------------------------------
# The company
# --------------------------------------------------------------------------------------
REP_DEFS = [
    # id,    first,        last,            team,       role,        time_zone (roster), hire date
    ("R001", "Łukasz", "Żak", "Warszawa", "ae", "Europe/Warsaw", "2019-04-01"),
    ("R002", "Małgorzata", "Wójcik", "Warszawa", "ae", "", "2020-09-07"),
    ("R003", "Józef", "Kołodziej", "Warszawa", "sdr", "Europe/Warsaw", "2024-02-12"),
    ("R004", "Agnieszka", "Dąbrowska", "Warszawa", "ae", "Europe/Warsaw", "2026-10-13"),
    ("R005", "Paweł", "Łęcki", "Warszawa", "probation", "Europe/Warsaw", "2026-09-14"),
    ("R006", "Zofia", "Krzyżanowska", "Warszawa", "ae", "Europe/Warsaw", "2022-01-10"),
    ("R007", "Raj", "Patel", "New York", "ae", "America/New_York", "2021-06-14"),
    ("R008", "Emily", "Carter", "New York", "sdr", "America/New_York", "2025-03-03"),
    ("R009", "Marcus", "Johnson", "New York", "ae", "America/New_York", "2018-11-05"),
]

# Counted October numbers the generator aims at (rep-local calendar, after dedup).
# Quotas (config.toml): ae 60/70/25, sdr 90/100/40 per month; probation 15 calls / ISO week.
PLAN = {
    #        call  email social
    "R001": (60, 78, 25),   # calls and social exactly at quota
    "R002": (72, 70, 31),   # email exactly at quota; time_zone empty in the roster
    "R003": (84, 112, 40),  # sdr: calls below, social exactly at quota
    "R004": (22, 27, 8),    # hired 2026-10-13: clearly below (even prorated 19/31)
    "R005": (None, 40, 6),  # probation: calls planned per ISO week, see PROBATION_WEEKS
    "R006": (58, 64, 27),   # calls and email just below
    "R007": (61, 71, 26),   # everything just above quota
    "R008": (95, 100, 44),  # sdr: email exactly at quota
    "R009": (66, 52, 0),    # zero social touches (only likes)
}
# R005 counted calls per ISO week (rep-local); W40 starts Mon 2026-09-28, W44 ends Sun 2026-11-01.
PROBATION_WEEKS = {40: 16, 41: 15, 42: 11, 43: 18, 44: 15, 45: 6}

FOLD = {"Ł": "L", "ł": "l"}


def ascii_fold(s):
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def make_reps(rng):
    reps = []
    for i, (rid, first, last, team, role, tz, hire) in enumerate(REP_DEFS):
        slug = "%s-%s" % (ascii_fold(first), ascii_fold(last))
        suffix = "".join("0123456789abcdef"[rng.below(16)] for _ in range(6))
        reps.append({
            "id": rid, "first": first, "last": last, "full": "%s %s" % (first, last),
            "email": "%s.%s@acme.example" % (ascii_fold(first), ascii_fold(last)),
            "ext": str(101 + i), "handle": "https://www.linkedin.com/in/%s-%s/" % (slug, suffix),
            "tz": tz, "zone": tz or ORG_TZ, "team": team, "role": role,
            "hire": dt.date.fromisoformat(hire),
        })
    return reps


PL_FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Krzysztof", "Ewa", "Michał",
            "Joanna", "Marcin", "Barbara", "Grzegorz", "Dorota", "Jarosław", "Elżbieta", "Wojciech",
            "Beata", "Sławomir", "Iwona", "Bartłomiej", "Urszula", "Przemysław", "Jolanta", "Zbigniew"]
PL_LAST = [("Kowalski", "Kowalska"), ("Nowak", "Nowak"), ("Wiśniewski", "Wiśniewska"),
           ("Wróbel", "Wróbel"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
           ("Woźniak", "Woźniak"), ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"),
           ("Górski", "Górska"), ("Mazur", "Mazur"), ("Pietrzak", "Pietrzak"),
           ("Sikora", "Sikora"), ("Ostrowski", "Ostrowska"), ("Jabłoński", "Jabłońska")]
PL_FEMALE = {"Anna", "Katarzyna", "Magdalena", "Ewa", "Joanna", "Barbara", "Dorota", "Elżbieta",
             "Beata", "Iwona", "Urszula", "Jolanta"}
EN_FIRST = ["James", "Olivia", "Michael", "Sophia", "David", "Emma", "Daniel", "Ava", "Chris",
            "Mia", "Kevin", "Grace", "Brian", "Hannah", "Jason", "Lauren", "Steven", "Rachel"]
EN_LAST = ["Smith", "Williams", "Brown", "Miller", "Davis", "Garcia", "Rodriguez", "Wilson",
           "Anderson", "Thomas", "Moore", "Martin", "Thompson", "White", "O'Brien", "Nguyen"]
PL_COMPANIES = [("Żabka Tech", "zabka-tech.example"), ("Łódzkie Młyny", "lodzkie-mlyny.example"),
                ("Gdańsk Logistics", "gdansk-logistics.example"), ("Kraków Soft", "krakowsoft.example"),
                ("Poznańska Spółdzielnia Mleczarska", "psm-poznan.example"),
                ("Śląskie Wodociągi", "slaskie-wodociagi.example"), ("Mazowiecki Bank Spółdzielczy", "mbs.example"),
                ("Wrocławskie Centrum Danych", "wcd.example"), ("Bałtyk Energia", "baltyk-energia.example")]
EN_COMPANIES = [("Hudson Analytics", "hudson-analytics.example"), ("Empire Freight", "empirefreight.example"),
                ("Brooklyn Bakery Supply", "bkbakery.example"), ("Tri-State Health", "tristatehealth.example"),
                ("Liberty Insurance Brokers", "libertybrokers.example"), ("Queens Metal Works", "qmw.example"),
                ("Harbor & Pine Capital", "harborpine.example"), ("Atlantic Data Co.", "atlanticdata.example")]

PL_SUBJECTS = [
    "Oferta dla {company} – podsumowanie",
    "Spotkanie w przyszłym tygodniu?",
    "Propozycja współpracy – {company}",
    "Re: wycena, termin wdrożenia",
    "Dziękuję za rozmowę, {first}",
    "Zaproszenie na webinar: „Sprzedaż w 2027”",
    "Materiały po prezentacji (PDF, 2 MB)",
    'Re: "Pilot" dla {company}, kolejne kroki',
    "Krótkie pytanie o budżet na Q4",
    "Umowa ramowa – uwagi działu prawnego",
]
EN_SUBJECTS = [
    "Quick question, {first}",
    "Follow-up: demo on Tuesday, 10:00",
    'Re: "Pilot" pricing, next steps',
    "{company} + Acme – proposal",
    'Your "Q4 planning" checklist',
    "Thanks for your time today",
    "Re: contract redlines, v2",
    "Case study: how a 40-rep team hit 112% of quota",
]
NUMBER_PREFIXES_PL = ["+4822", "+4812", "+4858", "+4861", "+4871", "+4942", "+4420"]
NUMBER_PREFIXES_US = ["+1212", "+1646", "+1917", "+1718", "+1201", "+1973", "+1617"]
PLAIN_TAGS = ["", "", "", "", "", "", "", "demo", "follow-up", "pricing", "decision maker",
              "callback", "no budget", "demo, Q4"]
MULTILINE_TAGS = ["follow-up, pricing\ndecision maker",
                  "demo booked, 2026-11-05\nsend deck",
                  "callback\nasked for email, not now"]


def prospect(rng, team):
    if team == "Warszawa" and rng.chance(0.85) or team != "Warszawa" and rng.chance(0.1):
        first = rng.choice(PL_FIRST)
        male, female = rng.choice(PL_LAST)
        last = female if first in PL_FEMALE else male
        company, domain = rng.choice(PL_COMPANIES)
        lang = "pl"
    else:
        first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
        company, domain = rng.choice(EN_COMPANIES)
        lang = "en"
    return {"first": first, "last": last, "company": company, "domain": domain, "lang": lang,
            "email": "%s.%s@%s" % (ascii_fold(first), ascii_fold(last).replace("'", ""), domain)}


# --------------------------------------------------------------------------------------
# Calendar helpers (rep-local)
# --------------------------------------------------------------------------------------
def days(first, last):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def workdays(rep, first, last):
    first = max(first, rep["hire"])
    return [d for d in days(first, last) if d.weekday() < 5]


def out_of_month_days(rep):
    return workdays(rep, RANGE_FIRST, OCT_FIRST - dt.timedelta(days=1)) + \
        workdays(rep, OCT_LAST + dt.timedelta(days=1), RANGE_LAST)


def random_instant(rng, rep, day_list, h0=8, h1=17, seconds=True):
    d = rng.choice(day_list)
    naive = dt.datetime(d.year, d.month, d.day, rng.randint(h0, h1), rng.randint(0, 59),
                        rng.randint(0, 59) if seconds else 0)
    return from_local(rep["zone"], naive)


def local_date(rep, instant):
    return to_local(rep["zone"], instant).date()


# --------------------------------------------------------------------------------------
# Phone (Aircall-like)
# --------------------------------------------------------------------------------------
def call_counts(ev):
    return ev["direction"] == "outbound" and ev["status"] == "answered" and ev["dur"] >= 60


def new_call(rng, rep, instant, direction="outbound", status="answered", dur=None, note=None):
    if dur is None:
        dur = 75 + int(rng.random() ** 2 * 1425)
    prefix = rng.choice(NUMBER_PREFIXES_PL if rep is None or rep["team"] == "Warszawa" else NUMBER_PREFIXES_US)
    length = 13 if prefix[:3] in ("+44", "+49") else 12  # E.164 with '+'
    number = prefix + "".join(str(rng.below(10)) for _ in range(length - len(prefix)))
    return {"rep": rep, "utc": instant, "direction": direction, "status": status, "dur": dur,
            "tags": rng.choice(PLAIN_TAGS), "number": number, "note": note, "raw": {}}


def noncounted_call(rng, rep, instant):
    kind = rng.weighted([("in_ans", 35), ("in_missed", 10), ("in_vm", 5), ("out_missed", 20),
                         ("out_vm", 20), ("out_short", 10)])
    if kind == "in_ans":
        return new_call(rng, rep, instant, "inbound", "answered", rng.randint(30, 900))
    if kind == "in_missed":
        return new_call(rng, rep, instant, "inbound", "missed", 0)
    if kind == "in_vm":
        return new_call(rng, rep, instant, "inbound", "voicemail", rng.randint(15, 90))
    if kind == "out_missed":
        return new_call(rng, rep, instant, "outbound", "missed", 0)
    if kind == "out_vm":
        return new_call(rng, rep, instant, "outbound", "voicemail", rng.randint(20, 50))
    return new_call(rng, rep, instant, "outbound", "answered", rng.randint(8, 45))


def gen_calls(rng, reps):
    by = {r["id"]: r for r in reps}
    P = []  # planted rows (known reps, valid)

    def plant(rid, instant, note, direction="outbound", status="answered", dur=None):
        ev = new_call(rng, by[rid], instant, direction, status, dur, note)
        P.append(ev)
        return ev

    plant("R001", utc(2026, 10, 7, 8, 12, 31), "exactly 59 s (00:00:59), outbound answered: NOT counted", dur=59)
    plant("R001", utc(2026, 10, 7, 8, 47, 5), "exactly 60 s (00:01:00), outbound answered: counted", dur=60)
    plant("R006", utc(2026, 10, 31, 22, 50, 0), "22:50Z = 23:50 31 Oct Warsaw (CET): October")
    plant("R001", utc(2026, 10, 31, 23, 5, 0), "23:05Z = 00:05 1 Nov Warsaw (CET): November, not October")
    plant("R002", utc(2026, 10, 31, 23, 15, 0), "23:15Z = 00:15 1 Nov Warsaw (empty roster time_zone -> org default): November")
    plant("R005", utc(2026, 10, 31, 23, 30, 0), "23:30Z = 00:30 Sun 1 Nov Warsaw: November, ISO week 44")
    plant("R002", utc(2026, 10, 31, 23, 50, 0), "23:50Z = 00:50 1 Nov Warsaw (empty time_zone): November")
    plant("R002", utc(2026, 9, 30, 22, 40, 0), "22:40Z 30 Sep = 00:40 1 Oct Warsaw (CEST, empty time_zone): October")
    plant("R007", utc(2026, 11, 1, 3, 30, 0), "2026-11-01T03:30:00Z = 23:30 31 Oct New York (EDT): October")
    plant("R009", utc(2026, 11, 1, 3, 30, 0), "2026-11-01T03:30:00Z = 23:30 31 Oct New York (EDT): October")
    plant("R008", utc(2026, 10, 1, 2, 0, 0), "02:00Z 1 Oct = 22:00 30 Sep New York: September, not October")
    plant("R003", utc(2026, 10, 25, 0, 45, 0), "Warsaw DST change: 00:45Z = 02:45 CEST 25 Oct")
    plant("R003", utc(2026, 10, 25, 1, 0, 0), "Warsaw DST change: 01:00Z = 02:00 CET 25 Oct (the switch instant)")
    plant("R003", utc(2026, 10, 25, 1, 15, 0), "Warsaw DST change: 01:15Z = 02:15 CET 25 Oct (wall clock 02:15 happened twice)")
    plant("R003", utc(2026, 10, 25, 1, 45, 0), "Warsaw DST change: 01:45Z = 02:45 CET 25 Oct, voicemail: not counted",
          status="voicemail", dur=38)
    plant("R005", utc(2026, 10, 25, 22, 40, 0), "22:40Z = 23:40 Sun 25 Oct Warsaw (CET): ISO week 43")
    plant("R005", utc(2026, 10, 25, 23, 10, 0), "23:10Z = 00:10 Mon 26 Oct Warsaw (CET): ISO week 44 (week 43 if read as UTC)")

    events = list(P)
    for rep in reps:
        mine = [e for e in P if e["rep"] is rep]
        if rep["role"] == "probation":
            for week, target in sorted(PROBATION_WEEKS.items()):
                wdays = [d for d in workdays(rep, RANGE_FIRST, RANGE_LAST) if d.isocalendar()[1] == week]
                have = sum(1 for e in mine if call_counts(e) and local_date(rep, e["utc"]).isocalendar()[1] == week)
                for _ in range(target - have):
                    events.append(new_call(rng, rep, random_instant(rng, rep, wdays)))
            counted_total = sum(PROBATION_WEEKS.values())
        else:
            target = PLAN[rep["id"]][0]
            have = sum(1 for e in mine if call_counts(e) and OCT_FIRST <= local_date(rep, e["utc"]) <= OCT_LAST)
            oct_days = workdays(rep, OCT_FIRST, OCT_LAST)
            for _ in range(target - have):
                events.append(new_call(rng, rep, random_instant(rng, rep, oct_days)))
            extra = out_of_month_days(rep)
            n_out = rng.randint(4, 8) if extra else 0
            for _ in range(n_out):
                events.append(new_call(rng, rep, random_instant(rng, rep, extra)))
            counted_total = target + n_out
        all_days = workdays(rep, RANGE_FIRST, RANGE_LAST)
        for _ in range(round(counted_total * 0.15) + rng.randint(0, 3)):
            events.append(noncounted_call(rng, rep, random_instant(rng, rep, all_days)))

    # unknown user (left the company; not in the roster)
    for instant in (utc(2026, 10, 8, 9, 14, 2), utc(2026, 10, 8, 13, 2, 40)):
        ev = new_call(rng, by["R001"], instant, note="unknown user former.rep@acme.example: unmatched")
        ev["rep"] = None
        ev["raw"] = {"user": "Tomasz Nowicki", "user_email": "former.rep@acme.example"}
        events.append(ev)

    events.sort(key=lambda e: (e["utc"], e["rep"]["id"] if e["rep"] else "~"))

    # bad rows (known reps); position = where their intended time would sort
    def bad(rid, pos_instant, raw, note, dur=130):
        ev = new_call(rng, by[rid], pos_instant, dur=dur, note=note)
        ev["raw"] = raw
        idx = next(i for i, e in enumerate(events) if e["utc"] > pos_instant)
        events.insert(idx, ev)

    bad("R006", utc(2026, 9, 30, 10, 0, 0), {"started_at": "2026-09-31T10:00:00Z"},
        "bad started_at 2026-09-31T10:00:00Z (30 September has 30 days): rejected")
    bad("R003", utc(2026, 10, 14, 11, 20, 0), {"duration": "n/a"}, "duration n/a: rejected")
    bad("R008", utc(2026, 10, 20, 15, 40, 0), {"duration": "-00:00:30"}, "negative duration -00:00:30: rejected")
    bad("R009", utc(2026, 10, 29, 18, 5, 0), {"started_at": ""}, "empty started_at: rejected", dur=180)

    # ids increase with export order
    next_id = 3180412
    for e in events:
        next_id += rng.randint(1, 40)
        e["id"] = str(next_id)

    # quoted multi-line tags (comma + newline) on three counted October calls
    def pick(rid, pred=lambda e: True, skip=0):
        cands = [e for e in events if e["rep"] is by[rid] and not e["raw"] and not e["note"]
                 and "dup_of" not in e and call_counts(e) and OCT_FIRST <= local_date(by[rid], e["utc"]) <= OCT_LAST and pred(e)]
        return cands[skip]

    multiline = []
    for rid, tag, skip in (("R001", MULTILINE_TAGS[0], 10), ("R008", MULTILINE_TAGS[1], 20),
                           ("R003", MULTILINE_TAGS[2], 30)):
        e = pick(rid, skip=skip)
        e["tags"] = tag
        e["note"] = "quoted multi-line tags (comma + newline inside the field); record spans 2 physical lines"
        multiline.append(e)

    # exact duplicate lines (export paging overlap): the same line again a few rows later;
    # the first one repeats a multi-line record
    for rid, skip, gap in (("R001", None, 3), ("R002", 25, 2), ("R007", 40, 4)):
        orig = multiline[0] if skip is None else pick(rid, skip=skip)
        d = dict(orig)
        d["dup_of"] = orig
        d["note"] = None
        events.insert(events.index(orig) + gap + 1, d)
    return events


def render_calls(events):
    header = ["id", "direction", "status", "started_at", "duration", "user", "user_email", "number", "tags"]
    rows = []
    for e in events:
        rep = e["rep"]
        row = {
            "id": e["id"], "direction": e["direction"], "status": e["status"],
            "started_at": e["utc"].strftime("%Y-%m-%dT%H:%M:%SZ"), "duration": fmt_hms(e["dur"]),
            "user": rep["full"] if rep else "", "user_email": rep["email"] if rep else "",
            "number": e["number"], "tags": e["tags"],
        }
        row.update(e["raw"])
        rows.append([row[h] for h in header])
    return render_csv(header, rows, delimiter=",", terminator="\r\n", quote_all=False)


# --------------------------------------------------------------------------------------
# Email (Outreach-like)
# --------------------------------------------------------------------------------------
def new_mail(rng, rep, instant, state=None, note=None):
    if state is None:
        state = rng.weighted([("delivered", 45), ("opened", 40), ("replied", 15)])
    p = prospect(rng, rep["team"] if rep else "Warszawa")
    subj = rng.choice(PL_SUBJECTS if p["lang"] == "pl" else EN_SUBJECTS)
    subj = subj.format(company=p["company"], first=p["first"])
    return {"rep": rep, "utc": instant, "state": state, "recipient": p["email"], "subject": subj,
            "note": note, "raw": {}, "zone_override": None}


def mail_counts(ev):
    return ev["state"] not in ("bounced", "draft")


def gen_mails(rng, reps):
    by = {r["id"]: r for r in reps}
    P = []

    def plant(rid, instant, note, state=None):
        ev = new_mail(rng, by[rid], instant, state, note)
        P.append(ev)
        return ev

    plant("R001", utc(2026, 10, 25, 0, 30, 0), "2026-10-25T02:30:00+02:00 (before the Warsaw switch): October", "delivered")
    plant("R001", utc(2026, 10, 25, 1, 30, 0), "2026-10-25T02:30:00+01:00 (same wall clock, one hour later): October", "opened")
    plant("R002", utc(2026, 10, 31, 22, 50, 0), "2026-10-31T23:50:00+01:00: October", "delivered")
    plant("R002", utc(2026, 10, 31, 23, 20, 0), "2026-11-01T00:20:00+01:00 = 23:20Z 31 Oct: November for Warsaw (empty time_zone), October in UTC", "delivered")
    plant("R006", utc(2026, 9, 30, 22, 15, 0), "2026-10-01T00:15:00+02:00 = 22:15Z 30 Sep: October for Warsaw, September in UTC", "opened")
    plant("R007", utc(2026, 11, 1, 2, 15, 0), "2026-10-31T22:15:00-04:00 = 02:15Z 1 Nov: October for New York, November in UTC", "delivered")
    plant("R008", utc(2026, 11, 1, 5, 30, 0), "2026-11-01T01:30:00-04:00 (New York DST fold, first 01:30): November", "delivered")
    plant("R008", utc(2026, 11, 1, 6, 30, 0), "2026-11-01T01:30:00-05:00 (New York DST fold, second 01:30): November", "delivered")
    plant("R009", utc(2026, 10, 1, 1, 0, 0), "2026-09-30T21:00:00-04:00 = 01:00Z 1 Oct: September for New York, October in UTC", "replied")

    events = list(P)
    for rep in reps:
        mine = [e for e in P if e["rep"] is rep]
        target = PLAN[rep["id"]][1]
        have = sum(1 for e in mine if mail_counts(e) and OCT_FIRST <= local_date(rep, e["utc"]) <= OCT_LAST)
        oct_days = workdays(rep, OCT_FIRST, OCT_LAST)
        for _ in range(target - have):
            events.append(new_mail(rng, rep, random_instant(rng, rep, oct_days, 7, 19)))
        extra = out_of_month_days(rep)
        n_out = rng.randint(3, 7) if extra else 0
        for _ in range(n_out):
            events.append(new_mail(rng, rep, random_instant(rng, rep, extra, 7, 19)))
        all_days = workdays(rep, RANGE_FIRST, RANGE_LAST)
        for _ in range(max(1, round(target * 0.04)) + rng.randint(0, 1)):
            events.append(new_mail(rng, rep, random_instant(rng, rep, all_days, 7, 19), "bounced"))
        for _ in range(round(target * 0.03) + rng.randint(0, 1)):
            events.append(new_mail(rng, rep, random_instant(rng, rep, all_days, 7, 19), "draft"))

    for instant in (utc(2026, 10, 12, 9, 3, 11), utc(2026, 10, 19, 9, 3, 48)):
        ev = new_mail(rng, by["R002"], instant, "delivered", "unknown sender ghost@acme.example: unmatched")
        ev["raw"] = {"sender_email": "ghost@acme.example"}
        ev["rep"] = None
        ev["zone_override"] = "Europe/Warsaw"
        events.append(ev)

    events.sort(key=lambda e: (e["utc"], e["rep"]["id"] if e["rep"] else "~"))

    def bad(rid, pos_instant, value, note):
        ev = new_mail(rng, by[rid], pos_instant, "delivered", note)
        ev["raw"] = {"sent_at": value}
        idx = next(i for i, e in enumerate(events) if e["utc"] > pos_instant)
        events.insert(idx, ev)

    bad("R004", utc(2026, 10, 30, 8, 0, 0), "2026-10-32T10:00:00+02:00", "bad sent_at 2026-10-32T10:00:00+02:00: rejected")
    bad("R006", utc(2026, 10, 15, 12, 0, 0), "TBD", "sent_at TBD: rejected")
    bad("R009", utc(2026, 10, 22, 16, 0, 0), "", "empty sent_at: rejected")

    next_id = 884100
    for e in events:
        next_id += rng.randint(1, 9)
        e["id"] = str(next_id)

    # sender spelled differently (same person): mixed case and surrounding spaces
    def candidates(rid):
        return [e for e in events if e["rep"] is by[rid] and not e["raw"] and not e["note"]
                and "dup_of" not in e and mail_counts(e) and OCT_FIRST <= local_date(by[rid], e["utc"]) <= OCT_LAST]

    for e in candidates("R001")[3::12]:
        e["raw"] = {"sender_email": "Lukasz.Zak@ACME.example"}
        e["note"] = "sender in mixed case Lukasz.Zak@ACME.example: matches R001"
    for e in candidates("R008")[5::30]:
        e["raw"] = {"sender_email": "Emily.Carter@Acme.Example"}
        e["note"] = "sender in mixed case Emily.Carter@Acme.Example: matches R008"
    c3 = candidates("R003")
    c3[17]["raw"] = {"sender_email": " jozef.kolodziej@acme.example "}
    c3[17]["note"] = "sender with surrounding spaces ' jozef.kolodziej@acme.example ': matches R003"
    c3[61]["raw"] = {"sender_email": "jozef.kolodziej@acme.example  "}
    c3[61]["note"] = "sender with trailing spaces 'jozef.kolodziej@acme.example  ': matches R003"

    for rid, skip, gap in (("R001", 20, 3), ("R002", 33, 1), ("R003", 50, 5), ("R007", 7, 2), ("R008", 64, 3)):
        orig = [e for e in candidates(rid) if not e["raw"]][skip]
        d = dict(orig)
        d["dup_of"] = orig
        d["note"] = None
        events.insert(events.index(orig) + gap + 1, d)
    return events


def render_mails(events):
    header = ["mailing_id", "sender_email", "recipient", "subject", "sent_at", "state"]
    rows = []
    for e in events:
        zone = e["rep"]["zone"] if e["rep"] else e["zone_override"]
        local = to_local(zone, e["utc"])
        row = {
            "mailing_id": e["id"], "sender_email": e["rep"]["email"] if e["rep"] else "",
            "recipient": e["recipient"], "subject": e["subject"],
            "sent_at": local.strftime("%Y-%m-%dT%H:%M:%S") + fmt_offset(utc_offset(zone, e["utc"])),
            "state": e["state"],
        }
        row.update(e["raw"])
        rows.append([row[h] for h in header])
    return render_csv(header, rows, delimiter=",", terminator="\n", quote_all=False)


# --------------------------------------------------------------------------------------
# Social (Polish Excel log)
# --------------------------------------------------------------------------------------
SOCIAL_COUNTED = ["Wiadomość", "InMail", "Zaproszenie"]
UNKNOWN_PROFILE = "https://www.linkedin.com/in/jan-kowalski-77aa00/"


def new_touch(rng, rep, naive, typ=None, note=None):
    if typ is None:
        typ = rng.weighted([("Wiadomość", 50), ("InMail", 20), ("Zaproszenie", 30)])
    p = prospect(rng, rep["team"])
    handle = rep["handle"]
    variant = rng.weighted([("canon", 75), ("noslash", 15), ("trk", 10)])
    if variant == "noslash":
        handle = handle.rstrip("/")
    elif variant == "trk":
        handle = handle + "?trk=public_profile"
    return {"rep": rep, "local": naive, "utc": from_local(rep["zone"], naive), "typ": typ,
            "profile": handle, "to": "%s %s" % (p["first"], p["last"]), "note": note, "raw": {}}


def touch_counts(ev):
    return ev["typ"] in SOCIAL_COUNTED


def random_local(rng, day_list, h0=8, h1=18):
    d = rng.choice(day_list)
    return dt.datetime(d.year, d.month, d.day, rng.randint(h0, h1), rng.randint(0, 59))


def gen_touches(rng, reps):
    by = {r["id"]: r for r in reps}
    P = []

    def plant(rid, naive, typ, note):
        ev = new_touch(rng, by[rid], naive, typ, note)
        P.append(ev)
        return ev

    plant("R001", dt.datetime(2026, 10, 31, 23, 30), "Wiadomość", "31.10.2026 23:30 Warsaw wall clock (= 22:30Z): October")
    plant("R001", dt.datetime(2026, 11, 1, 0, 10), "InMail", "01.11.2026 00:10 Warsaw wall clock (= 23:10Z 31 Oct): November")
    plant("R007", dt.datetime(2026, 10, 31, 23, 45), "Zaproszenie", "31.10.2026 23:45 New York wall clock (= 03:45Z 1 Nov): October")
    plant("R008", dt.datetime(2026, 10, 1, 0, 30), "Wiadomość", "01.10.2026 00:30 New York wall clock (= 04:30Z): October (September if the wall clock were read as UTC)")
    plant("R003", dt.datetime(2026, 10, 25, 2, 30), "InMail", "25.10.2026 02:30 Warsaw: ambiguous wall clock (happened twice at the DST change); October either way")
    mo = plant("R006", dt.datetime(2026, 10, 16, 12, 5), "Polubienie",
               "Odbiorca 'Małgorzata Wójcik' with 'ó' in Unicode decomposed form (NFD, o + U+0301); a like: not counted")
    mo["to"] = unicodedata.normalize("NFD", "Małgorzata Wójcik")

    events = list(P)
    for rep in reps:
        mine = [e for e in P if e["rep"] is rep]
        target = PLAN[rep["id"]][2]
        oct_days = workdays(rep, OCT_FIRST, OCT_LAST)
        if target == 0:  # R009: likes only -> zero counted social touches
            for _ in range(3):
                events.append(new_touch(rng, rep, random_local(rng, oct_days), "Polubienie"))
            continue
        have = sum(1 for e in mine if touch_counts(e) and OCT_FIRST <= e["local"].date() <= OCT_LAST)
        for _ in range(target - have):
            events.append(new_touch(rng, rep, random_local(rng, oct_days)))
        extra = out_of_month_days(rep)
        for _ in range(rng.randint(2, 4) if extra else 0):
            events.append(new_touch(rng, rep, random_local(rng, extra)))
        all_days = workdays(rep, RANGE_FIRST, RANGE_LAST)
        for _ in range(round(target * 0.15) + rng.randint(0, 2)):
            events.append(new_touch(rng, rep, random_local(rng, all_days), "Polubienie"))

    unk = new_touch(rng, by["R002"], dt.datetime(2026, 10, 9, 10, 41), "Wiadomość",
                    "unknown profile %s: unmatched" % UNKNOWN_PROFILE)
    unk["profile"] = UNKNOWN_PROFILE
    unk["rep"] = None
    events.append(unk)

    events.sort(key=lambda e: (e["utc"], e["rep"]["id"] if e["rep"] else "~", e["to"]))

    def bad(rid, pos_local, value, note):
        ev = new_touch(rng, by[rid], pos_local, "Wiadomość", note)
        ev["raw"] = {"Data": value}
        idx = next(i for i, e in enumerate(events) if e["utc"] > ev["utc"])
        events.insert(idx, ev)

    bad("R002", dt.datetime(2026, 9, 30, 10, 0), "31.09.2026 10:00", "bad Data 31.09.2026 10:00 (no 31 September): rejected")
    bad("R006", dt.datetime(2026, 10, 31, 10, 0), "32.10.2026 10:00", "bad Data 32.10.2026 10:00: rejected")
    bad("R003", dt.datetime(2026, 10, 20, 9, 0), "wczoraj", "Data 'wczoraj' ('yesterday'): rejected")

    for rid, skip, gap in (("R001", 8, 2), ("R003", 21, 3)):
        cands = [e for e in events if e["rep"] is by[rid] and not e["raw"] and not e["note"]
                 and "dup_of" not in e and touch_counts(e) and OCT_FIRST <= e["local"].date() <= OCT_LAST]
        orig = cands[skip]
        d = dict(orig)
        d["dup_of"] = orig
        d["note"] = None
        events.insert(events.index(orig) + gap + 1, d)
    return events


def render_touches(events):
    header = ["Profil nadawcy", "Typ", "Data", "Odbiorca"]
    rows = []
    for e in events:
        row = {"Profil nadawcy": e["profile"], "Typ": e["typ"],
               "Data": e["local"].strftime("%d.%m.%Y %H:%M"), "Odbiorca": e["to"]}
        row.update(e["raw"])
        rows.append([row[h] for h in header])
    return render_csv(header, rows, delimiter=";", terminator="\r\n", quote_all=True)


# --------------------------------------------------------------------------------------
# CSV rendering with physical line numbers
# --------------------------------------------------------------------------------------
def render_csv(header, rows, delimiter, terminator, quote_all):
    def one(fields):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delimiter, lineterminator=terminator,
                       quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        w.writerow(fields)
        return buf.getvalue()

    parts = [one(header)]
    lines = []
    line = 2
    for fields in rows:
        text = one(fields)
        lines.append(line)
        line += text.count("\n")
        parts.append(text)
    return "".join(parts), lines


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def render_roster(reps):
    header = ["rep_id", "full_name", "email", "phone_extension", "social_handle", "time_zone",
              "team", "role", "hire_date"]
    rows = [[r["id"], r["full"], r["email"], r["ext"], r["handle"], r["tz"], r["team"], r["role"],
             r["hire"].isoformat()] for r in reps]
    return render_csv(header, rows, ",", "\n", False)[0]


# ======================================================================================
# Independent check: reads the written files back; shares no state with the generator.
# ======================================================================================
def make_local_date_fn():
    try:
        from zoneinfo import ZoneInfo
        zones = {z: ZoneInfo(z) for z in ("Europe/Warsaw", "America/New_York")}
    except Exception:  # no tzdata on this machine: fall back to the hand-coded 2026 rules
        print("note: zoneinfo unavailable, using hand-coded 2026 DST rules", file=sys.stderr)
        return lambda zone, inst: to_local(zone, inst).date()

    def fn(zone, inst):
        d = inst.astimezone(zones[zone]).date()
        assert d == to_local(zone, inst).date(), (zone, inst)  # the two rule sets agree
        return d
    return fn


def read_records(rel, encoding, delimiter):
    with open(os.path.join(HERE, rel), "rb") as f:
        data = f.read()
    text = data.decode(encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    out = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        assert len(row) == len(header), (rel, start, row)
        out.append((start, dict(zip(header, row)), tuple(row)))
    return data, header, out


ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
ISO_OFF = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
HMS = re.compile(r"^(\d{2,}):([0-5]\d):([0-5]\d)$")
PL_DT = re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")


def norm_profile(url):
    return url.strip().split("?", 1)[0].rstrip("/").lower()


def independent_check():
    local_date = make_local_date_fn()
    with open(os.path.join(HERE, "roster.csv"), encoding="utf-8", newline="") as f:
        roster = list(csv.DictReader(f))
    by_email = {r["email"].strip().casefold(): r for r in roster}
    by_handle = {norm_profile(r["social_handle"]): r for r in roster}
    zone_of = {r["rep_id"]: (r["time_zone"].strip() or ORG_TZ) for r in roster}

    counted_oct = {(r["rep_id"], k): 0 for r in roster for k in ("call", "email", "social")}
    weekly = {}  # (rep_id, iso week) -> counted calls, probation reps
    files = []

    def account(rel, data, records, kind, parse, rep_of, dedup_key, counts):
        acc = {"file": rel, "bytes": len(data), "physical_lines": data.count(b"\n"),
               "read": 0, "rejected": [], "unmatched": [], "duplicates": [],
               "counted_oct": 0, "counted_other": 0, "not_counted": {}}
        seen = {}
        for line, row, raw in records:
            acc["read"] += 1
            parsed, why = parse(row)
            rep = rep_of(row)
            key = dedup_key(row, raw)
            flags = [parsed is None, rep is None, parsed is not None and rep is not None and key in seen]
            assert sum(flags) <= 1, (rel, line, "planted quirks must not overlap")
            if parsed is None:
                acc["rejected"].append((line, why))
                continue
            if rep is None:
                acc["unmatched"].append(line)
                continue
            if key in seen:
                acc["duplicates"].append((line, seen[key]))
                continue
            seen[key] = line
            ok, reason = counts(row, parsed)
            if not ok:
                acc["not_counted"][reason] = acc["not_counted"].get(reason, 0) + 1
                continue
            d = parsed["local_date"](rep["rep_id"])
            if OCT_FIRST <= d <= OCT_LAST:
                acc["counted_oct"] += 1
                counted_oct[(rep["rep_id"], kind)] += 1
            else:
                acc["counted_other"] += 1
            if kind == "call" and rep["role"] == "probation":
                wk = d.isocalendar()[1]
                weekly[(rep["rep_id"], wk)] = weekly.get((rep["rep_id"], wk), 0) + 1
        files.append(acc)

    # ---- phone
    data, header, recs = read_records(PHONE_FILE, "utf-8", ",")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert header == ["id", "direction", "status", "started_at", "duration", "user", "user_email", "number", "tags"]

    def parse_call(row):
        s = row["started_at"]
        if not ISO_Z.match(s):
            return None, ("started_at", s, "not an ISO 8601 UTC timestamp")
        try:
            inst = dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return None, ("started_at", s, "invalid date")
        m = HMS.match(row["duration"])
        if not m:
            return None, ("duration", row["duration"], "not hh:mm:ss")
        secs = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
        return {"dur": secs, "local_date": lambda rid: local_date(zone_of[rid], inst)}, None

    account(PHONE_FILE, data, recs, "call", parse_call,
            lambda row: by_email.get(row["user_email"].strip().casefold()),
            lambda row, raw: row["id"],
            lambda row, p: (True, None) if row["direction"] == "outbound" and row["status"] == "answered"
            and p["dur"] >= 60 else (False, "direction/status/duration rule (%s %s%s)" % (
                row["direction"], row["status"], ", < 60 s" if row["direction"] == "outbound"
                and row["status"] == "answered" else "")))

    # ---- email
    data, header, recs = read_records(EMAIL_FILE, "utf-8-sig", ",")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert header == ["mailing_id", "sender_email", "recipient", "subject", "sent_at", "state"]

    def parse_mail(row):
        s = row["sent_at"]
        if not ISO_OFF.match(s):
            return None, ("sent_at", s, "not an ISO 8601 timestamp with offset")
        try:
            inst = dt.datetime.fromisoformat(s).astimezone(UTC)
        except ValueError:
            return None, ("sent_at", s, "invalid date")
        sender = by_email.get(row["sender_email"].strip().casefold())
        if sender is not None:  # the export's offset is the sender's own zone offset
            off = dt.datetime.fromisoformat(s).utcoffset()
            assert off == utc_offset(zone_of[sender["rep_id"]], inst), (s, sender["rep_id"])
        return {"local_date": lambda rid: local_date(zone_of[rid], inst)}, None

    account(EMAIL_FILE, data, recs, "email", parse_mail,
            lambda row: by_email.get(row["sender_email"].strip().casefold()),
            lambda row, raw: row["mailing_id"],
            lambda row, p: (False, "state %s" % row["state"]) if row["state"] in ("bounced", "draft")
            else (True, None))

    # ---- social
    data, header, recs = read_records(SOCIAL_FILE, "utf-8", ";")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert header == ["Profil nadawcy", "Typ", "Data", "Odbiorca"]

    def parse_touch(row):
        s = row["Data"]
        if not PL_DT.match(s):
            return None, ("Data", s, "not dd.mm.yyyy HH:MM")
        try:
            naive = dt.datetime.strptime(s, "%d.%m.%Y %H:%M")
        except ValueError:
            return None, ("Data", s, "invalid date")
        return {"local_date": lambda rid: naive.date()}, None  # zone = "rep": wall clock is local

    account(SOCIAL_FILE, data, recs, "social", parse_touch,
            lambda row: by_handle.get(norm_profile(row["Profil nadawcy"])),
            lambda row, raw: raw,
            lambda row, p: (True, None) if row["Typ"] in SOCIAL_COUNTED else (False, "Typ %s" % row["Typ"]))

    for acc in files:
        nc = sum(acc["not_counted"].values())
        assert acc["read"] == len(acc["rejected"]) + len(acc["unmatched"]) + len(acc["duplicates"]) + \
            acc["counted_oct"] + acc["counted_other"] + nc
    return roster, counted_oct, weekly, files


QUOTAS = {"ae": {"call": 60, "email": 70, "social": 25}, "sdr": {"call": 90, "email": 100, "social": 40}}


def status(done, target):
    return "below" if done < target else ("met" if done == target else "exceeded")


def format_expected(roster, counted_oct, weekly, files):
    L = []
    L.append("# Expected numbers for the Acme Sp. z o.o. sample, October 2026")
    L.append("# Produced by the independent check in samples/generate.py (do not edit by hand).")
    L.append("# Rep-local calendar (empty roster time_zone = Europe/Warsaw); calls deduplicated by id,")
    L.append("# emails by mailing_id, social rows by exact line. Counted = the config.toml count rules.")
    L.append("# Status convention: below < 100 %, met = 100 %, exceeded > 100 % (no proration applied).")
    L.append("")
    L.append("## October 2026 counted activities per rep")
    L.append("rep_id  name                  team      role       call  email  social  total")
    for r in roster:
        c = [counted_oct[(r["rep_id"], k)] for k in ("call", "email", "social")]
        L.append("%-7s %-21s %-9s %-9s %5d %6d %7d %6d" % (r["rep_id"], r["full_name"], r["team"], r["role"],
                                                           c[0], c[1], c[2], sum(c)))
    tot = [sum(counted_oct[(r["rep_id"], k)] for r in roster) for k in ("call", "email", "social")]
    L.append("%-7s %-21s %-9s %-9s %5d %6d %7d %6d" % ("TOTAL", "", "", "", tot[0], tot[1], tot[2], sum(tot)))
    L.append("")
    L.append("## Team totals, October 2026")
    for team in ("Warszawa", "New York"):
        t = [sum(counted_oct[(r["rep_id"], k)] for r in roster if r["team"] == team) for k in ("call", "email", "social")]
        L.append("%-9s call %4d  email %4d  social %4d  total %4d" % (team, t[0], t[1], t[2], sum(t)))
    L.append("")
    L.append("## Monthly quotas (ae, sdr), October 2026")
    L.append("rep_id  role  kind    done  target  attainment  status")
    for r in roster:
        q = QUOTAS.get(r["role"])
        if not q:
            continue
        for k in ("call", "email", "social"):
            done = counted_oct[(r["rep_id"], k)]
            L.append("%-7s %-5s %-7s %4d  %6d  %9.1f%%  %s" % (r["rep_id"], r["role"], k, done, q[k],
                                                               100.0 * done / q[k], status(done, q[k])))
    for r in roster:
        hire = dt.date.fromisoformat(r["hire_date"])
        if OCT_FIRST < hire <= OCT_LAST:
            days_in = (OCT_LAST - hire).days + 1
            q = QUOTAS[r["role"]]
            L.append("")
            L.append("# %s was hired %s: %d of 31 October days; prorated targets (target x %d/31): %s"
                     % (r["rep_id"], hire, days_in, days_in,
                        ", ".join("%s %.2f" % (k, q[k] * days_in / 31) for k in ("call", "email", "social"))))
            L.append("# -> below in every kind with or without proration.")
    L.append("")
    L.append("## Probation plan: counted calls per ISO week (rep-local, whole weeks), target 15")
    L.append("rep_id  week      days                       done  target  status")
    for r in roster:
        if r["role"] != "probation":
            continue
        for wk in (40, 41, 42, 43, 44):
            mon = dt.date.fromisocalendar(2026, wk, 1)
            sun = mon + dt.timedelta(days=6)
            done = weekly.get((r["rep_id"], wk), 0)
            L.append("%-7s 2026-W%02d  %s .. %s  %4d  %6d  %s" % (r["rep_id"], wk, mon, sun, done, 15, status(done, 15)))
        L.append("# (W40 includes 28-30 Sep, W44 includes Sun 1 Nov; %s also has %d counted calls in W45, 2-3 Nov.)"
                 % (r["rep_id"], weekly.get((r["rep_id"], 45), 0)))
    L.append("")
    L.append("## Per-file accounting (all rows of each file, whatever their date)")
    L.append("# rows read = rejected + unmatched + duplicates + counted + not counted")
    L.append("# counted = passes the count rule; split into October (rep-local) and outside October.")
    L.append("# If the tool reports unknown reps as rejects, rejected+unmatched is its 'rejected'.")
    for acc in files:
        nc = sum(acc["not_counted"].values())
        L.append("")
        L.append("### %s" % acc["file"])
        L.append("physical lines (incl. header)   %d" % acc["physical_lines"])
        L.append("rows read                       %d" % acc["read"])
        L.append("rejected (bad value)            %d" % len(acc["rejected"]))
        L.append("unmatched (unknown rep)         %d" % len(acc["unmatched"]))
        L.append("duplicates                      %d" % len(acc["duplicates"]))
        L.append("counted                         %d  (October %d, outside October %d)"
                 % (acc["counted_oct"] + acc["counted_other"], acc["counted_oct"], acc["counted_other"]))
        L.append("not counted                     %d" % nc)
        for reason in sorted(acc["not_counted"]):
            L.append("  - %-45s %d" % (reason, acc["not_counted"][reason]))
        for line, (col, val, why) in acc["rejected"]:
            L.append("rejected   line %4d  column %s  value %r  (%s)" % (line, col, val, why))
        for line in acc["unmatched"]:
            L.append("unmatched  line %4d" % line)
        for line, first in acc["duplicates"]:
            L.append("duplicate  line %4d  (of line %d)" % (line, first))
    return "\n".join(L) + "\n"


# ======================================================================================
# README
# ======================================================================================
def planted_list(events, lines):
    line_of = {id(e): ln for e, ln in zip(events, lines)}
    out = []
    for e, ln in zip(events, lines):
        if e.get("dup_of") is not None:
            why = ("same id; export paging overlap" if "direction" in e else
                   "same mailing_id; export paging overlap" if "state" in e else "same line, pasted twice")
            out.append((ln, "%s exact duplicate of line %d (%s): duplicate"
                        % (e["rep"]["id"], line_of[id(e["dup_of"])], why)))
        elif e.get("note"):
            rep = e["rep"]["id"] + " " if e["rep"] else ""
            out.append((ln, rep + e["note"]))
    return out


def format_readme(reps, planted, files, variant_lines, counted_oct, weekly):
    acc = {a["file"]: a for a in files}
    L = []
    A = L.append
    A("# Acme Sp. z o.o. — sample company, October 2026")
    A("")
    A("Generated by `generate.py` (stdlib Python, fixed seed; a rerun is byte-identical):")
    A("`python3 samples/generate.py`. Do not edit the CSVs, `expected-counts.txt` or this README by")
    A("hand — change the generator and rerun it. `config.toml` is hand-written.")
    A("")
    A("Acme sells B2B software from two offices. Activity runs 2026-09-27 .. 2026-11-03 (rep-local),")
    A("so the October report has neighbours on both sides, and the probation rep's ISO weeks")
    A("W40 (28 Sep – 4 Oct) and W44 (26 Oct – 1 Nov) are complete.")
    A("")
    A("## Reps (`roster.csv`, UTF-8, `,`, LF)")
    A("")
    A("| id | name | team | role | time_zone | hire date | ext | email |")
    A("|---|---|---|---|---|---|---|---|")
    for r in reps:
        A("| %s | %s | %s | %s | %s | %s | %s | %s |" % (r["id"], r["full"], r["team"], r["role"],
                                                        "`%s`" % r["tz"] if r["tz"] else "*(empty → Europe/Warsaw)*",
                                                        r["hire"], r["ext"], r["email"]))
    A("")
    A("- `ae` = account executive (monthly 60 calls / 70 emails / 25 social), `sdr` = sales development")
    A("  rep (90 / 100 / 40), `probation` = 15 counted calls per ISO week.")
    A("- R004 Agnieszka Dąbrowska was hired mid-month (2026-10-13) and has no activity before that.")
    A("- R005 Paweł Łęcki is on probation (hired 2026-09-14): weekly call target only; his emails and")
    A("  social touches are counted but have no target.")
    A("- R002 Małgorzata Wójcik has an empty `time_zone`: the organisation default `Europe/Warsaw` applies.")
    A("- `social_handle` is the LinkedIn profile URL, e.g. `%s`." % reps[0]["handle"])
    A("")
    A("Time zones: Warsaw is UTC+2 (CEST) until 2026-10-25 01:00Z, then UTC+1 (CET); New York is")
    A("UTC−4 (EDT) until 2026-11-01 06:00Z, then UTC−5 (EST).")
    A("")
    A("## The three exports")
    A("")
    A("| file | tool | encoding | delimiter | line ends | identity | timestamp |")
    A("|---|---|---|---|---|---|---|")
    A("| `%s` | cloud phone (Aircall-like) | UTF-8, no BOM | `,` | CRLF | `user_email` | `started_at` UTC `2026-10-03T14:05:09Z`; `duration` `hh:mm:ss` |" % PHONE_FILE)
    A("| `%s` | sales engagement (Outreach-like) | UTF-8 **with BOM** | `,` | LF | `sender_email` | `sent_at` with the sender's offset `2026-10-03T16:05:09+02:00` |" % EMAIL_FILE)
    A("| `%s` | social-selling log (Polish Excel) | UTF-8, no BOM | `;`, every field quoted | CRLF | `Profil nadawcy` (LinkedIn URL) | `Data` `dd.mm.yyyy HH:MM`, rep-local wall clock |" % SOCIAL_FILE)
    A("")
    A("Phone columns: `id,direction,status,started_at,duration,user,user_email,number,tags`;")
    A("direction `outbound`/`inbound`, status `answered`/`missed`/`voicemail`. `tags` is free text and")
    A("sometimes quoted with a comma and an embedded newline (a bare LF inside a CRLF file).")
    A("Email columns: `mailing_id,sender_email,recipient,subject,sent_at,state`; state")
    A("`delivered`/`opened`/`replied`/`bounced`/`draft`; subjects contain commas, `\"\"`-escaped quotes,")
    A("Polish letters and typographic quotes. Drafts carry their scheduled time in `sent_at`.")
    A("Social columns: `\"Profil nadawcy\";\"Typ\";\"Data\";\"Odbiorca\"`; Typ `Wiadomość` (message),")
    A("`InMail`, `Zaproszenie` (invitation) count, `Polubienie` (a like) does not. The profile URL is")
    A("sometimes written without the trailing slash or with `?trk=public_profile` appended (same rep).")
    A("")
    A("Counting rules (from `config.toml`): a call counts if outbound, answered and ≥ 60 s; an email")
    A("unless bounced or draft; a social row if Typ is Wiadomość, InMail or Zaproszenie. Duplicates:")
    A("calls by `id`, emails by `mailing_id`, social rows by exact line.")
    A("")
    A("## Planted quirks (file:line)")
    A("")
    A("Physical line numbers: the header is line 1; a multi-line quoted record is reported at the line")
    A("it starts on (and shifts every later line by one).")
    for rel, items in planted:
        A("")
        A("### `%s`" % rel)
        A("")
        for ln, text in items:
            A("- %s:%d — %s" % (os.path.basename(rel), ln, text))
    A("")
    A("Other spellings of identities (they match and count normally): the mixed-case / spaced")
    A("`sender_email` rows above, and %d social rows whose profile URL lacks the trailing slash or has"
      % len(variant_lines))
    A("`?trk=public_profile` appended (%s lines %s)."
      % (os.path.basename(SOCIAL_FILE), ", ".join(str(n) for n in variant_lines)))
    A("")
    A("## Expected October numbers")
    A("")
    A("Counted activities per rep, rep-local October, after dedup (status: below < 100 %, met = 100 %,")
    A("exceeded > 100 % of the monthly target, no proration):")
    A("")
    A("| rep | role | call | email | social |")
    A("|---|---|---|---|---|")
    for r in reps:
        q = QUOTAS.get(r["role"])
        cells = []
        for k in ("call", "email", "social"):
            done = counted_oct[(r["id"], k)]
            cells.append("%d / %d %s" % (done, q[k], status(done, q[k])) if q else "%d" % done)
        A("| %s %s | %s | %s |" % (r["id"], r["full"], r["role"], " | ".join(cells)))
    A("")
    A("- R004 (hired 13 Oct) is below even against targets prorated to 19/31 of the month.")
    A("- R009 has zero counted social touches (only three likes, `Polubienie`).")
    A("- R005 (probation) has no monthly targets; counted calls per ISO week (target 15): %s."
      % ", ".join("W%02d %d" % (wk, weekly.get(("R005", wk), 0)) for wk in (40, 41, 42, 43, 44)))
    A("- Getting an edge wrong flips a status: e.g. not deduplicating gives R001 61 calls (exceeded")
    A("  instead of met); counting the 59 s call does the same; reading R007's 03:30Z call as")
    A("  November gives him 60 (met instead of exceeded); treating R002's empty time zone as UTC")
    A("  moves one call out of and two into October.")
    A("")
    A("## Per-file accounting")
    A("")
    A("`expected-counts.txt` holds the October counts per rep and kind, attainment and status against")
    A("the quotas, R005's weekly counts, and the per-file accounting below with every rejected,")
    A("unmatched and duplicate line. Summary (all dates in each file):")
    A("")
    A("| file | rows read | rejected | unmatched | duplicates | counted (Oct + other) | not counted |")
    A("|---|---|---|---|---|---|---|")
    for rel in (PHONE_FILE, EMAIL_FILE, SOCIAL_FILE):
        a = acc[rel]
        A("| `%s` | %d | %d | %d | %d | %d (%d + %d) | %d |" % (
            os.path.basename(rel), a["read"], len(a["rejected"]), len(a["unmatched"]), len(a["duplicates"]),
            a["counted_oct"] + a["counted_other"], a["counted_oct"], a["counted_other"],
            sum(a["not_counted"].values())))
    A("")
    return "\n".join(L) + "\n"


# ======================================================================================
def main():
    rng = Rng(SEED)
    reps = make_reps(rng)

    calls = gen_calls(rng, reps)
    mails = gen_mails(rng, reps)
    touches = gen_touches(rng, reps)

    phone_text, phone_lines = render_calls(calls)
    email_text, email_lines = render_mails(mails)
    social_text, social_lines = render_touches(touches)

    write("roster.csv", render_roster(reps).encode("utf-8"))
    write(PHONE_FILE, phone_text.encode("utf-8"))
    write(EMAIL_FILE, b"\xef\xbb\xbf" + email_text.encode("utf-8"))
    write(SOCIAL_FILE, social_text.encode("utf-8"))

    variant_lines = [ln for e, ln in zip(touches, social_lines) if e["rep"] and e["profile"] != e["rep"]["handle"]]

    # ---- independent check, then hold it against the plan
    roster, counted_oct, weekly, files = independent_check()
    for rid, (c, m, s) in PLAN.items():
        if c is not None:
            assert counted_oct[(rid, "call")] == c, (rid, "call", counted_oct[(rid, "call")], c)
        assert counted_oct[(rid, "email")] == m, (rid, "email", counted_oct[(rid, "email")], m)
        assert counted_oct[(rid, "social")] == s, (rid, "social", counted_oct[(rid, "social")], s)
    for wk, n in PROBATION_WEEKS.items():
        assert weekly.get(("R005", wk), 0) == n, (wk, weekly.get(("R005", wk)), n)

    planted = [(PHONE_FILE, planted_list(calls, phone_lines)),
               (EMAIL_FILE, planted_list(mails, email_lines)),
               (SOCIAL_FILE, planted_list(touches, social_lines))]
    # the check found exactly the planted rejects / unmatched / duplicates, at the same lines
    for (rel, items), acc in zip(planted, files):
        texts = dict(items)
        assert sorted(ln for ln, _ in acc["rejected"]) == sorted(ln for ln, t in items if t.endswith("rejected")), rel
        assert sorted(acc["unmatched"]) == sorted(ln for ln, t in items if t.endswith("unmatched")), rel
        assert sorted(ln for ln, _ in acc["duplicates"]) == sorted(ln for ln, t in items if t.endswith(": duplicate")), rel
        for ln, first in acc["duplicates"]:
            assert ("of line %d " % first) in texts[ln], (rel, ln)

    expected = format_expected(roster, counted_oct, weekly, files)
    write("expected-counts.txt", expected.encode("utf-8"))
    write("README.md", format_readme(reps, planted, files, variant_lines, counted_oct, weekly).encode("utf-8"))
    sys.stdout.write(expected)


if __name__ == "__main__":
    main()
