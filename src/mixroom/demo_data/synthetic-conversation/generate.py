"""Writes ``posts.ndjson``: the demo's synthetic conversation (run it to regenerate; seeded).

Every post is written by this script: invented accounts on the invented instance
``social.example``, texts from the templates below, in eight languages, over October and
November 2022 with a jump around GLAMhack 2022 (4 to 6 November 2022, an edition of the demo
data). They name demo institutions (by name and web site) and use the demo editions' hashtags
(#glamhack, #GLAMhack2022, #museomix), so that the conversation explorer has something to show.
No real person's post or account is in it.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
INSTANCE = "social.example"
EVENT = date(2022, 11, 4)
START, DAYS = date(2022, 10, 1), 61
MUSEUMS = (
    ("musée des Confluences", "https://www.museedesconfluences.fr/"),
    ("musée d'Orsay", "https://www.musee-orsay.fr/"),
    ("musée du Louvre", "https://www.louvre.fr/"),
    ("musée de Grenoble", "https://www.museedegrenoble.fr/"),
)
TAGS = ("glamhack", "GLAMhack2022", "museomix", "OpenGLAM", "museum")
PROTOTYPES = ("a sound map", "an AR guide", "a tactile replica", "a chatbot", "a data dashboard")

#: language: [(sentiment, template)]; {museum}, {tag}, {proto}, {link} are filled in
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("positive", "Loved the prototypes at {museum} this weekend! {tag}"),
        ("positive", "Our team built {proto} in 48 hours, so proud of everyone {tag}"),
        ("neutral", "Registration for the hackathon closes on Friday: {link} {tag}"),
        ("neutral", "Workshop on open collection data at {museum} tomorrow at 10 {tag}"),
        ("negative", "The wifi at the venue kept failing, hard to push our code {tag}"),
        ("negative", "Disappointed that the demo of {proto} was cancelled {tag}"),
    ],
    "fr": [
        ("positive", "Superbe journée au {museum}, les équipes sont géniales ! {tag}"),
        ("positive", "Bravo à l'équipe qui a fait {proto}, quel travail {tag}"),
        ("neutral", "Le programme du week-end est en ligne : {link} {tag}"),
        ("neutral", "Atelier photogrammétrie samedi au {museum} {tag}"),
        ("negative", "Trop de monde et pas assez de prises électriques, dommage {tag}"),
        ("negative", "Déçue : la restitution finale a commencé avec une heure de retard {tag}"),
    ],
    "de": [
        ("positive", "Großartiges Wochenende, danke an alle Freiwilligen! {tag}"),
        ("positive", "Unser Team hat {proto} gebaut, was für eine Erfahrung {tag}"),
        ("neutral", "Anmeldung für den Hackathon bis Freitag: {link} {tag}"),
        ("negative", "Leider war das WLAN den ganzen Tag kaputt {tag}"),
    ],
    "it": [
        ("positive", "Che bello il hackathon al {museum}, squadre fantastiche! {tag}"),
        ("neutral", "Il programma del fine settimana è online: {link} {tag}"),
        ("negative", "Peccato, la presentazione finale è stata annullata {tag}"),
    ],
    "es": [
        ("positive", "¡Increíble fin de semana en el {museum}, gracias a todos! {tag}"),
        ("neutral", "Mañana taller de datos abiertos de colecciones: {link} {tag}"),
        ("negative", "Qué decepción, el wifi no funcionó en todo el día {tag}"),
    ],
    "ca": [
        ("positive", "Quin cap de setmana més bonic al {museum}, gràcies a tothom! {tag}"),
        ("neutral", "Dissabte hi ha un taller de fotogrametria al museu {tag}"),
        ("negative", "Llàstima, la presentació final va començar amb molt de retard {tag}"),
    ],
    "nl": [
        ("positive", "Geweldig weekend in het museum, wat een mooie prototypes! {tag}"),
        ("neutral", "Het programma van de hackathon staat online: {link} {tag}"),
    ],
    "pt": [
        ("positive", "Fim de semana incrível no museu, parabéns às equipas! {tag}"),
        ("neutral", "A inscrição para o hackathon termina sexta-feira: {link} {tag}"),
    ],
}
#: short additions, so that posts from one template differ (identical texts count as copies)
ADDITIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "",
        "Day one.",
        "More soon.",
        "Photos later.",
        "What a crowd.",
        "Back next year?",
        "Thread below.",
        "Who else was there?",
        "Still thinking about it.",
    ),
    "fr": (
        "",
        "Premier jour.",
        "La suite bientôt.",
        "Photos à venir.",
        "Quelle ambiance.",
        "On revient l'an prochain ?",
        "Qui d'autre y était ?",
        "J'y pense encore.",
    ),
    "de": (
        "",
        "Tag eins.",
        "Mehr bald.",
        "Fotos folgen.",
        "Wer war noch da?",
        "Nächstes Jahr wieder?",
    ),
    "it": ("", "Primo giorno.", "Foto in arrivo.", "Chi altro c'era?", "Alla prossima!"),
    "es": ("", "Primer día.", "Fotos pronto.", "¿Quién más estuvo?", "¡Hasta el año que viene!"),
    "ca": ("", "Primer dia.", "Fotos aviat.", "Qui més hi era?", "Fins l'any que ve!"),
    "nl": ("", "Dag één.", "Foto's volgen.", "Wie was er nog?"),
    "pt": ("", "Primeiro dia.", "Fotos em breve.", "Quem mais esteve lá?"),
}
WEIGHTS = {"en": 30, "fr": 25, "de": 15, "it": 8, "es": 8, "ca": 6, "nl": 4, "pt": 4}


def per_day(day: date) -> int:
    """About three posts a day, up to thirty during the event and just after it."""
    distance = (day - EVENT).days
    if 0 <= distance <= 2:
        return 30
    if distance in (-1, 3):
        return 12
    return 2 + (day.toordinal() % 3)


def html(text: str) -> str:
    words = []
    for word in text.split():
        if word.startswith("#"):
            tag = word[1:]
            words.append(
                f'<a href="https://{INSTANCE}/tags/{tag.lower()}" class="mention hashtag" '
                f'rel="tag">#<span>{tag}</span></a>'
            )
        elif word.startswith("https://"):
            words.append(f'<a href="{word}" rel="nofollow noopener">{word}</a>')
        else:
            words.append(word.replace("&", "&amp;").replace("<", "&lt;"))
    return f"<p>{' '.join(words)}</p>"


MENTIONED = ("id", "username", "acct", "url")


def h_card(mentioned: dict[str, Any]) -> str:
    return (
        f'<span class="h-card"><a href="{mentioned["url"]}" class="u-url mention">'
        f"@<span>{mentioned['username']}</span></a></span>"
    )


def account(number: int) -> dict[str, object]:
    name = f"demo_visitor_{number:02d}"
    return {
        "id": str(300000000000000000 + number),
        "username": name,
        "acct": name,
        "display_name": f"Demo visitor {number}",
        "url": f"https://{INSTANCE}/@{name}",
        "uri": f"https://{INSTANCE}/users/{name}",
        "bot": False,
        "note": "<p>An invented account of the mixroom demo.</p>",
    }


def statuses(seed: int = 2022) -> list[dict[str, object]]:
    randomly = random.Random(seed)
    accounts = [account(number) for number in range(1, 41)]
    languages, weights = zip(*WEIGHTS.items(), strict=True)
    made: list[dict[str, object]] = []
    local = 113000000000000000
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        for _ in range(per_day(day)):
            local += randomly.randrange(1, 400)
            language = randomly.choices(languages, weights)[0]
            _, template = randomly.choice(TEMPLATES[language])
            museum, link = randomly.choice(MUSEUMS)
            addition = randomly.choice(ADDITIONS[language])
            text = template.replace(" {tag}", f" {addition} {{tag}}" if addition else " {tag}")
            text = text.format(
                museum=museum,
                proto=randomly.choice(PROTOTYPES),
                link=link,
                tag="#" + randomly.choice(TAGS if abs((day - EVENT).days) < 10 else TAGS[2:]),
            )
            author = randomly.choice(accounts)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                minutes=randomly.randrange(8 * 60, 23 * 60)
            )
            status_id = str(local)
            parent = randomly.choice(made[-20:]) if made and randomly.random() < 0.15 else None
            tags = [w[1:] for w in text.split() if w.startswith("#")]
            replied: Any = parent["account"] if parent else None
            mentions = [] if replied is None else [{k: replied[k] for k in MENTIONED}]
            content = html(text)
            if replied is not None:
                content = content.replace("<p>", f"<p>{h_card(replied)} ", 1)
            made.append(
                {
                    "id": status_id,
                    "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    "in_reply_to_id": parent["id"] if parent else None,
                    "in_reply_to_account_id": replied["id"] if replied else None,
                    "visibility": "public",
                    "language": language,
                    "uri": f"https://{INSTANCE}/users/{author['username']}/statuses/{status_id}",
                    "url": f"https://{INSTANCE}/@{author['username']}/{status_id}",
                    "replies_count": 0,
                    "reblogs_count": randomly.randrange(0, 6),
                    "favourites_count": randomly.randrange(0, 25),
                    "content": content,
                    "account": author,
                    "mentions": mentions,
                    "tags": [
                        {"name": tag.lower(), "url": f"https://{INSTANCE}/tags/{tag.lower()}"}
                        for tag in tags
                    ],
                    "card": None,
                    "spoiler_text": "",
                }
            )
    made.sort(key=lambda status: str(status["created_at"]), reverse=True)  # newest first
    return made


def main() -> None:
    with (HERE / "posts.ndjson").open("w", encoding="utf-8") as handle:
        for status in statuses():
            handle.write(json.dumps(status, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
