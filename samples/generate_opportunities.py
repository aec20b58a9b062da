#!/usr/bin/env python3
"""Writes exports/crm/opportunities-2026-10.csv: a Salesforce-report-like opportunity
export (US date format, CRLF), deterministic. Run from samples/: python3 generate_opportunities.py"""
import random

rnd = random.Random(20261031)
reps = {
    "R001": ("lukasz.zak@acme.example", "PLN", 7),
    "R002": ("malgorzata.wojcik@acme.example", "PLN", 8),
    "R003": ("jozef.kolodziej@acme.example", "PLN", 11),
    "R004": ("agnieszka.dabrowska@acme.example", "PLN", 3),
    "R005": ("pawel.lecki@acme.example", "PLN", 2),
    "R006": ("zofia.krzyzanowska@acme.example", "PLN", 5),
    "R007": ("raj.patel@acme.example", "USD", 9),
    "R008": ("emily.carter@acme.example", "USD", 10),
    "R009": ("marcus.johnson@acme.example", "USD", 6),
}
accounts = ["Łódzkie Młyny", "Hudson Analytics", "Śląskie Wodociągi", "Baltic Freight",
            "Maple & Co", "Vistula Bank", "Brooklyn Roasters", "Tatra Energia",
            "Empire Logistics", "Mazowsze Foods", "Liberty Dental", "Kraków Soft"]
rows = []
for rid, (email, cur, n) in reps.items():
    start = 13 if rid == "R004" else 1
    for i in range(n):
        day = rnd.randint(start, 30)
        created = f"10/{day:02d}/2026"
        roll = rnd.random()
        if roll < 0.35:
            stage = "Closed Won"
            close = f"10/{min(31, day + rnd.randint(0, 10)):02d}/2026"
        elif roll < 0.5:
            stage = "Closed Lost"
            close = f"10/{min(31, day + rnd.randint(0, 10)):02d}/2026"
        else:
            stage = rnd.choice(["Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review"])
            close = f"12/{rnd.randint(1, 28):02d}/2026"
        amount = rnd.randint(8, 90) * (1000 if cur == "PLN" else 500)
        typ = rnd.choice(["New Business", "Existing Business"])
        qty = rnd.randint(1, 20)
        rows.append([f"{rnd.choice(accounts)} - {rnd.choice(['Licencje', 'Renewal', 'Pilot', 'Expansion'])} {i + 1}",
                     email, created, close, stage, f"{amount:.2f}", cur, typ, str(qty)])
# created in September, won in October: counts as won in October, not as created
rows.append(["Vistula Bank - Pilot 0", "lukasz.zak@acme.example", "09/22/2026", "10/06/2026",
             "Closed Won", "45000.00", "PLN", "New Business", "5"])
rows.append(["Brooklyn Roasters - Renewal 0", "raj.patel@acme.example", "09/15/2026", "10/20/2026",
             "Closed Won", "12500.50", "USD", "Existing Business", "3"])
# a won deal in another currency than the rep's: not counted (currency)
rows.append(["Tatra Energia - Expansion 9", "malgorzata.wojcik@acme.example", "10/02/2026", "10/15/2026",
             "Closed Won", "10000.00", "EUR", "Existing Business", "2"])
# a bad amount: rejected (by both sources)
rows.append(["Kraków Soft - Pilot 9", "jozef.kolodziej@acme.example", "10/07/2026", "10/21/2026",
             "Closed Won", "TBD", "PLN", "New Business", "1"])
# created in October, closes in November: created counts, won not yet
rows.append(["Empire Logistics - Expansion 9", "emily.carter@acme.example", "10/28/2026", "11/04/2026",
             "Closed Won", "7000.00", "USD", "New Business", "4"])
rnd.shuffle(rows)
with open("exports/crm/opportunities-2026-10.csv", "w", encoding="utf-8", newline="") as f:
    f.write("Opportunity Name,Owner Email,Created Date,Close Date,Stage,Amount,Currency,Type,Quantity\r\n")
    for r in rows:
        f.write(",".join('"' + c + '"' if "," in c else c for c in r) + "\r\n")
