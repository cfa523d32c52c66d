"""The default topic framework: the We Are Museums research topics and social goals.

Descriptions are keyword-rich on purpose: they are what topic scoring reads later.
"""

from __future__ import annotations

from typing import Any

FRAMEWORK = "we-are-museums"

TOPICS: tuple[dict[str, Any], ...] = (
    {
        "code": "MC",
        "names": {"en": "Museums For Climate", "fr": "Musées pour le climat"},
        "descriptions": {
            "en": "Museums acting on the climate crisis and the environment: sustainability, "
            "carbon footprint, ecology, biodiversity, energy, green exhibitions, eco-design, "
            "climate education, activism and resilience of collections and buildings.",
            "fr": "Les musées face à la crise climatique et à l'environnement : durabilité, "
            "empreinte carbone, écologie, biodiversité, énergie, expositions écoresponsables, "
            "écoconception, éducation au climat, engagement et résilience des collections.",
        },
        "keywords": {
            "en": ["climate", "sustainability", "ecology", "biodiversity", "carbon", "energy"],
            "fr": ["climat", "durabilité", "écologie", "biodiversité", "carbone", "énergie"],
        },
    },
    {
        "code": "IC",
        "names": {"en": "Intangible Collectables", "fr": "Patrimoine immatériel"},
        "descriptions": {
            "en": "Collecting and sharing the intangible: digital heritage, born-digital works, "
            "NFTs and digital collectables, oral history, memories, sound, performance, "
            "traditions, know-how, games and the data of collections.",
            "fr": "Collecter et partager l'immatériel : patrimoine numérique, œuvres nativement "
            "numériques, NFT, histoire orale, mémoires, son, performance, traditions, "
            "savoir-faire, jeux et données des collections.",
        },
        "keywords": {
            "en": ["intangible", "digital heritage", "oral history", "memory", "sound", "NFT"],
            "fr": ["immatériel", "patrimoine numérique", "histoire orale", "mémoire", "son"],
        },
    },
    {
        "code": "OM",
        "names": {"en": "Open Museums", "fr": "Musées ouverts"},
        "descriptions": {
            "en": "Opening the museum: open data, open access, open source, open licences, "
            "Creative Commons, Wikidata and Wikipedia, APIs, participation, co-creation, "
            "crowdsourcing, hackathons, accessibility and inclusion of every audience.",
            "fr": "Ouvrir le musée : données ouvertes, libre accès, logiciel libre, licences "
            "ouvertes, Creative Commons, Wikidata et Wikipédia, API, participation, cocréation, "
            "production participative, hackathons, accessibilité et inclusion des publics.",
        },
        "keywords": {
            "en": ["open data", "open access", "open source", "participation", "co-creation"],
            "fr": ["données ouvertes", "libre accès", "participation", "cocréation", "inclusion"],
        },
    },
    {
        "code": "MFC",
        "names": {"en": "Museums Facing Crisis", "fr": "Musées face aux crises"},
        "descriptions": {
            "en": "Museums in times of crisis: pandemic and lockdown, war, conflict and "
            "heritage in danger, economic crisis, closures, funding cuts, disasters, "
            "emergency plans, care, health and well-being of visitors and staff.",
            "fr": "Les musées en temps de crise : pandémie et confinement, guerre, conflits et "
            "patrimoine en danger, crise économique, fermetures, baisses de financement, "
            "catastrophes, plans d'urgence, soin, santé et bien-être des publics et équipes.",
        },
        "keywords": {
            "en": ["crisis", "pandemic", "lockdown", "war", "emergency", "well-being"],
            "fr": ["crise", "pandémie", "confinement", "guerre", "urgence", "bien-être"],
        },
    },
    {
        "code": "MH",
        "names": {"en": "Museumhood", "fr": "Muséalité citoyenne"},
        "descriptions": {
            "en": "The museum as a public place and a neighbour: community, social bonding, "
            "local life, citizens, families, schools, volunteers, third places, "
            "belonging, diversity, dialogue, social cohesion and the museum as incubator.",
            "fr": "Le musée comme lieu public et voisin : communauté, lien social, vie locale, "
            "citoyens, familles, écoles, bénévoles, tiers-lieux, appartenance, diversité, "
            "dialogue, cohésion sociale et musée incubateur.",
        },
        "keywords": {
            "en": ["community", "social", "neighbourhood", "citizens", "volunteers", "diversity"],
            "fr": ["communauté", "lien social", "quartier", "citoyens", "bénévoles", "diversité"],
        },
    },
    {
        "code": "ER",
        "names": {"en": "Extended Realities", "fr": "Réalités étendues"},
        "descriptions": {
            "en": "Extended realities in the museum: virtual reality, augmented reality, "
            "mixed reality, 3D scans and models, immersive experiences, projection mapping, "
            "holograms, the metaverse, digital twins and spatial storytelling.",
            "fr": "Les réalités étendues au musée : réalité virtuelle, réalité augmentée, "
            "réalité mixte, numérisation et modèles 3D, expériences immersives, mapping vidéo, "
            "hologrammes, métavers, jumeaux numériques et récits spatialisés.",
        },
        "keywords": {
            "en": ["virtual reality", "augmented reality", "VR", "AR", "3D", "immersive"],
            "fr": ["réalité virtuelle", "réalité augmentée", "3D", "immersif", "mapping"],
        },
    },
    {
        "code": "TLC",
        "names": {"en": "Tech Loves Culture", "fr": "La tech aime la culture"},
        "descriptions": {
            "en": "Technology meeting culture: artificial intelligence, machine learning, "
            "apps, games, sensors, Arduino and Raspberry Pi, robots, chatbots, interactive "
            "installations, startups, digital innovation and creative coding in museums.",
            "fr": "La technologie au service de la culture : intelligence artificielle, "
            "apprentissage automatique, applications, jeux, capteurs, Arduino et Raspberry Pi, "
            "robots, agents conversationnels, installations interactives, startups, innovation.",
        },
        "keywords": {
            "en": ["artificial intelligence", "AI", "app", "game", "sensor", "robot", "startup"],
            "fr": ["intelligence artificielle", "IA", "application", "jeu", "capteur", "robot"],
        },
    },
)

GOALS: tuple[dict[str, Any], ...] = (
    {
        "code": "G-ENV",
        "names": {"en": "Environment-resilient society", "fr": "Société résiliente"},
        "descriptions": {
            "en": "Museums help society adapt to and resist environmental change.",
            "fr": "Les musées aident la société à s'adapter aux changements environnementaux.",
        },
    },
    {
        "code": "G-DIV",
        "names": {
            "en": "Cultural diversity and social cohesion",
            "fr": "Diversité culturelle et cohésion sociale",
        },
        "descriptions": {
            "en": "Museums welcome every culture and bring people together.",
            "fr": "Les musées accueillent toutes les cultures et rassemblent les personnes.",
        },
    },
    {
        "code": "G-DAY",
        "names": {
            "en": "Culture at the centre of everyday life",
            "fr": "La culture au cœur du quotidien",
        },
        "descriptions": {
            "en": "Culture is part of daily life, not a rare outing.",
            "fr": "La culture fait partie de la vie quotidienne, pas d'une sortie rare.",
        },
    },
    {
        "code": "G-CRI",
        "names": {"en": "Ready for crisis", "fr": "Prêts pour les crises"},
        "descriptions": {
            "en": "Museums are prepared for crises and help their communities through them.",
            "fr": "Les musées sont prêts pour les crises et y accompagnent leurs communautés.",
        },
    },
    {
        "code": "G-BOND",
        "names": {
            "en": "Museums as public places and incubators of social bonding",
            "fr": "Musées lieux publics et incubateurs de lien social",
        },
        "descriptions": {
            "en": "The museum is a public place where social bonds are made.",
            "fr": "Le musée est un lieu public où se tissent les liens sociaux.",
        },
    },
    {
        "code": "G-XR",
        "names": {"en": "Extended realities", "fr": "Réalités étendues"},
        "descriptions": {
            "en": "Museums explore and shape new realities, physical and digital.",
            "fr": "Les musées explorent des réalités nouvelles, physiques et numériques.",
        },
    },
    {
        "code": "G-INNO",
        "names": {
            "en": "Creative thinking and innovation",
            "fr": "Pensée créative et innovation",
        },
        "descriptions": {
            "en": "Museums foster creative thinking and innovation.",
            "fr": "Les musées encouragent la pensée créative et l'innovation.",
        },
    },
)
