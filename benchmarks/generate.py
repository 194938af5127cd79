"""Generated news-like documents for the batch benchmarks, as JSON Lines {"id", "text", "date"}.

    python benchmarks/generate.py N OUT.jsonl [--seed S]

Every document is built from the templates and word lists below (all invented here): a headline,
then paragraphs of reported speech, quotations, "according to" attributions and events, with
countries from a fixed list, dates such as "on Tuesday", and 150-600 words. People, towns and
organisations are invented names drawn from a pool that widens as the corpus grows, and figures
are random, so that, as in real news, the vocabulary keeps growing a little with every document.
Document i depends only on (seed, i): the first 1,000 of a 10,000-document corpus are the
1,000-document corpus.
"""

import argparse
import datetime
import json
import random

# (name, demonym, capital)
COUNTRIES = [
    ("Norway", "Norwegian", "Oslo"), ("Iceland", "Icelandic", "Reykjavik"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Spain", "Spanish", "Madrid"),
    ("Italy", "Italian", "Rome"), ("Poland", "Polish", "Warsaw"), ("Greece", "Greek", "Athens"),
    ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"), ("Kenya", "Kenyan", "Nairobi"),
    ("Nigeria", "Nigerian", "Abuja"), ("Ghana", "Ghanaian", "Accra"), ("Brazil", "Brazilian", "Brasilia"),
    ("Argentina", "Argentine", "Buenos Aires"), ("Chile", "Chilean", "Santiago"), ("Peru", "Peruvian", "Lima"),
    ("Mexico", "Mexican", "Mexico City"), ("Canada", "Canadian", "Ottawa"), ("Japan", "Japanese", "Tokyo"),
    ("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad"), ("Vietnam", "Vietnamese", "Hanoi"),
    ("Indonesia", "Indonesian", "Jakarta"), ("Australia", "Australian", "Canberra"),
    ("Sweden", "Swedish", "Stockholm"), ("Finland", "Finnish", "Helsinki"), ("Portugal", "Portuguese", "Lisbon"),
    ("Morocco", "Moroccan", "Rabat"), ("Ethiopia", "Ethiopian", "Addis Ababa"),
]
ROLES = ["foreign minister", "prime minister", "defence minister", "trade minister", "president",
         "finance minister", "ambassador", "interior minister", "opposition leader", "spokesperson"]
TITLES = ["Minister", "President", "Ambassador", "General", "Senator", "Mayor"]
BODIES = ["foreign ministry", "government", "central bank", "coast guard", "army", "parliament",
          "health ministry", "election commission", "police", "energy regulator"]
INSTITUTIONS = ["Institute", "Foundation", "Council", "Group", "Trust", "Centre", "Union", "Agency"]
TOPICS = {
    "fishing": ["fishing quotas", "the mackerel catch", "coastal waters", "trawler licences"],
    "trade": ["import tariffs", "the trade agreement", "steel exports", "customs checks"],
    "energy": ["the gas pipeline", "electricity prices", "the new oil field", "wind farms"],
    "border": ["the border crossing", "the disputed island", "troop movements", "the ceasefire line"],
    "health": ["the vaccine rollout", "hospital funding", "the outbreak", "medicine shortages"],
    "election": ["the vote count", "the runoff", "campaign spending", "the electoral roll"],
    "water": ["the river dam", "irrigation rights", "the drought", "water sharing"],
}
STATES = ["unacceptable", "serious", "improving", "under control", "a provocation"]
SAY = ["said", "told reporters", "warned", "argued", "insisted", "stressed", "claimed", "added"]
CLAUSES = [
    "{country} would not accept any change to {topic}",
    "talks on {topic} would resume in {month}",
    "the dispute over {topic} had cost {number} jobs",
    "{country} was ready to compromise on {topic}",
    "the government had been misled about {topic}",
    "{demonym} officials would visit {capital} {when}",
    "a decision on {topic} was expected {when}",
    "the deal on {topic} was fair to both sides",
]
QUOTES = [
    "We will defend {topic} with every means we have.",
    "This is a matter for {capital}, not for foreign courts.",
    "Our people deserve better than empty promises about {topic}.",
    "Nobody in {country} wants this dispute to go on.",
    "We have offered talks {number} times and we will do so again.",
    "The door remains open, but our patience is not endless.",
]
EVENTS = [
    "{demonym} police arrested {number} people near {town} {when}.",
    "{country} expelled {small} {demonym2} diplomats {when}.",
    "{country} recalled its ambassador from {capital2} {when}.",
    "Protesters gathered outside the {demonym2} embassy in {capital} {when}.",
    "{country} and {country2} signed an agreement on {topic} {when}.",
    "{country} imposed fines worth {number} euros on firms linked to {topic} {when}.",
    "The {org} published a report on {topic} {when}, citing {number} cases.",
]
BACKGROUND = [
    "The row over {topic} began {when}, when {country} accused {country2} of breaking an earlier deal.",
    "Relations between {capital} and {capital2} have been strained for years.",
    "About {number} people live in {town}, where {topic} is the main concern.",
    "Analysts at the {org} expect the dispute to last well beyond {month}.",
    "Neither side has published the full text of the draft on {topic}.",
]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "last week", "earlier this month", "two days earlier", "yesterday", "in {month}"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "sa", "ti", "vu", "da", "fe", "gor", "hal", "ix", "jan",
             "kel", "lun", "mar", "nos", "or", "pel", "qua", "ris", "sol", "tan", "ul", "ven", "wes",
             "yor", "zen", "bra", "cor", "dul", "est", "fin", "gul", "hem", "ilo", "ket", "mab", "nur"]
SURNAME_ENDS = ["sen", "ova", "ez", "escu", "idis", "berg", "ani", "ović", "son", "eda", "ucci", "ar"]
TOWN_ENDS = ["ville", "sk", "stad", "abad", "pur", "holm", "grad", "ia", "ford", "mora"]


def invented(index: int, ends) -> str:
    """A distinct made-up name for each index (its digits in base len(SYLLABLES)) and ending."""
    parts = [SYLLABLES[index % len(SYLLABLES)]]
    index //= len(SYLLABLES)
    ending = ends[index % len(ends)]
    index //= len(ends)
    while index:
        parts.append(SYLLABLES[index % len(SYLLABLES)])
        index //= len(SYLLABLES)
    return ("".join(parts) + ending).capitalize()


def document(i: int, seed: int = 0) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    pool = 200 + 2 * i  # new names keep appearing, frequent ones keep coming back

    def pick_index():
        return int(pool * rng.random() ** 2)

    topic_name = rng.choice(sorted(TOPICS))
    (c1, d1, cap1), (c2, d2, cap2) = rng.sample(COUNTRIES, 2)
    people = [(invented(pick_index(), ["a", "o", "i", "e"]) + " " + invented(pick_index(), SURNAME_ENDS),
               rng.choice(ROLES), rng.choice((c1, c2)), rng.choice(TITLES)) for _ in range(3)]

    def fill(template: str) -> str:
        values = {
            "country": c1, "country2": c2, "demonym": d1, "demonym2": d2, "capital": cap1,
            "capital2": cap2, "topic": rng.choice(TOPICS[topic_name]), "month": rng.choice(MONTHS),
            "number": f"{rng.randint(2, 90_000):,}", "small": rng.choice(["two", "three", "four"]),
            "town": invented(pick_index(), TOWN_ENDS),
            "org": invented(pick_index(), SURNAME_ENDS) + " " + rng.choice(INSTITUTIONS),
        }
        values["when"] = rng.choice(WHEN).format(month=values["month"])
        return template.format(**values)

    def said_paragraph():
        name, role, country, title = rng.choice(people)
        surname, clause, said = name.split()[-1], fill(rng.choice(CLAUSES)), rng.choice(SAY)
        form = rng.randrange(5)
        if form == 0:
            return f"{title} {name}, the {role} of {country}, {said} {fill('{when}')} that {clause}."
        if form == 1:
            first, second = (fill(quote) for quote in rng.sample(QUOTES, 2))
            return f'"{first[:-1]}," {surname} said. "{second}"'
        if form == 2:
            return f"According to the {d1} {rng.choice(BODIES)}, {clause}."
        if form == 3:
            return f'{surname} told reporters in {cap1} that the situation was "{rng.choice(STATES)}" and that {clause}.'
        return f"The {d2} {rng.choice(BODIES)} {said} {fill('{when}')} that {clause}."

    headline = fill(f"{c1} and {c2} clash over {{topic}}")
    event = rng.choice(EVENTS)
    paragraphs = [fill(f"{c1} and {c2} traded accusations {{when}} over {{topic}}, after "
                       + event[0].lower() + event[1:])]
    words, target = len(headline.split()) + len(paragraphs[0].split()), rng.randint(150, 600)
    while words < target:
        kind = rng.random()
        if kind < 0.5:
            paragraph = said_paragraph()
        elif kind < 0.8:
            paragraph = fill(rng.choice(EVENTS))
        else:
            paragraph = fill(rng.choice(BACKGROUND))
        if rng.random() < 0.3:
            paragraph += " " + said_paragraph()
        if words + len(paragraph.split()) > 600 and words >= 150:
            break
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    date = datetime.date(2023, 1, 1) + datetime.timedelta(days=i % 700)
    return {"id": f"gen-{i:06d}", "text": headline + "\n\n" + "\n\n".join(paragraphs) + "\n", "date": date.isoformat()}


def write_corpus(path, n: int, seed: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(document(i, seed), ensure_ascii=False) + "\n" for i in range(n))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_corpus(args.out, args.n, args.seed)


if __name__ == "__main__":
    main()
