"""A result in plain words, in English and in French, for a museum's management."""

from __future__ import annotations

from mixroom.analysis.impact.study import ImpactResult, Notice

LANGUAGES = ("en", "fr")
UNITS = {
    "en": {
        "daily": "days",
        "weekly": "weeks",
        "monthly": "months",
        "quarterly": "quarters",
        "yearly": "years",
        "irregular": "periods",
    },
    "fr": {
        "daily": "jours",
        "weekly": "semaines",
        "monthly": "mois",
        "quarterly": "trimestres",
        "yearly": "années",
        "irregular": "périodes",
    },
}
TEXT = {
    "en": {
        "lead": "From {start} to {end} ({days} {unit}), {target} totalled {observed}. Without "
        "the intervention we would have expected about {cf} (95 % interval {cf_low} to "
        "{cf_high}).",
        "effect": "The difference, {effect} ({rel}), is the estimated effect; its 95 % "
        "interval runs from {low} to {high} ({rel_low} to {rel_high}).",
        "clear": "Chance alone is unlikely to explain it: the posterior probability of an "
        "effect is {prob}.",
        "unclear": "The interval includes zero, so the data do not show an effect clearly "
        "(posterior probability of an effect: {prob}).",
        "placebo": "On {runs} earlier dates where nothing happened, the same method raised a "
        "false alarm {alarms} times ({rate}; 5 % would be expected).",
        "short_pre_period": "Warning: the period before the intervention ({pre} {unit}) is "
        "short compared with the period after it ({post}); the estimate is fragile.",
        "poor_fit": "Warning: the model explains the series poorly before the intervention "
        "(R² {r2}); treat the estimate with caution.",
        "missing_data": "Note: {share} of the days have missing values; they were left out, "
        "not counted as zeros.",
        "no_controls": "Note: no control series were used; the counterfactual extends the "
        "series' own past (interrupted time series), which cannot separate the intervention "
        "from anything else that happened at the same time.",
        "no_placebos": "Note: the series is too short for placebo checks.",
        "widened": "The intervals were widened {factor} times because the placebo checks "
        "raised too many false alarms ({rate}).",
        "control_touched": "Warning: the control series '{control}' seems to change at the "
        "intervention itself; if the intervention affected it, the effect is underestimated.",
        "stock": "Note: {target} was analysed as a running total: the figures above are what "
        "it gained over the period, and the effect is the extra gain.",
        "looks_cumulative": "Note: {target} never decreases, like a running total "
        "(followers, subscribers); if it is one, analyse what it gains instead (--stock): the "
        "level of a total carries its whole past.",
    },
    "fr": {
        "lead": "Du {start} au {end} ({days} {unit}), {target} a totalisé {observed}. Sans "
        "l'intervention, on aurait attendu environ {cf} (intervalle à 95 % : {cf_low} à "
        "{cf_high}).",
        "effect": "La différence, {effect} ({rel}), est l'effet estimé ; son intervalle à "
        "95 % va de {low} à {high} ({rel_low} à {rel_high}).",
        "clear": "Le hasard seul l'explique difficilement : la probabilité a posteriori d'un "
        "effet est de {prob}.",
        "unclear": "L'intervalle contient zéro : les données ne montrent pas clairement "
        "d'effet (probabilité a posteriori d'un effet : {prob}).",
        "placebo": "Sur {runs} dates antérieures où rien ne s'est passé, la même méthode a "
        "donné {alarms} fausses alertes ({rate} ; on en attend 5 %).",
        "short_pre_period": "Attention : la période avant l'intervention ({pre} {unit}) est "
        "courte par rapport à la période après ({post}) ; l'estimation est fragile.",
        "poor_fit": "Attention : le modèle explique mal la série avant l'intervention "
        "(R² {r2}) ; l'estimation est à prendre avec prudence.",
        "missing_data": "Remarque : {share} des jours ont des valeurs manquantes ; ils ont "
        "été écartés, pas comptés comme des zéros.",
        "no_controls": "Remarque : aucune série de contrôle n'a été utilisée ; le "
        "contrefactuel prolonge le passé de la série elle-même (série temporelle "
        "interrompue), ce qui ne distingue pas l'intervention de ce qui s'est passé en même "
        "temps.",
        "no_placebos": "Remarque : la série est trop courte pour des tests placebo.",
        "widened": "Les intervalles ont été élargis {factor} fois car les tests placebo ont "
        "donné trop de fausses alertes ({rate}).",
        "control_touched": "Attention : la série de contrôle « {control} » semble changer au "
        "moment même de l'intervention ; si l'intervention l'a touchée, l'effet est "
        "sous-estimé.",
        "stock": "Remarque : {target} a été analysé comme un total cumulé : les chiffres "
        "ci-dessus sont ce qu'il a gagné sur la période, et l'effet est le gain "
        "supplémentaire.",
        "looks_cumulative": "Remarque : {target} ne baisse jamais, comme un total cumulé "
        "(abonnés) ; si c'en est un, analysez plutôt ce qu'il gagne (--stock) : le niveau "
        "d'un total porte tout son passé.",
    },
}


def number(value: float | None, language: str, signed: bool = False) -> str:
    """3 significant figures at most below 100, whole numbers above; grouped by language."""
    if value is None:
        return "?"
    digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def percent(value: float | None, language: str, signed: bool = False) -> str:
    if value is None:
        return "?"
    text = f"{100 * value:+.1f}" if signed else f"{100 * value:.1f}"
    return (text.replace(".", ",") + "\u202f%") if language == "fr" else text + " %"


def summarise(result: ImpactResult, language: str = "en") -> str:
    """A short paragraph a museum director understands, then one line per warning."""
    if language not in TEXT:
        raise ValueError(f"no plain-words text in {language}")
    text, unit = TEXT[language], UNITS[language][result.frequency]
    values = {
        "start": result.start,
        "end": result.end,
        "days": result.post_periods,
        "unit": unit,
        "target": result.target,
        "observed": number(result.observed, language),
        "cf": number(result.counterfactual.estimate, language),
        "cf_low": number(result.counterfactual.lower, language),
        "cf_high": number(result.counterfactual.upper, language),
        "effect": number(result.cumulative.estimate, language, signed=True),
        "low": number(result.cumulative.lower, language, signed=True),
        "high": number(result.cumulative.upper, language, signed=True),
        "rel": percent(result.relative.estimate, language, signed=True),
        "rel_low": percent(result.relative.lower, language, signed=True),
        "rel_high": percent(result.relative.upper, language, signed=True),
        "prob": percent(result.probability, language),
    }
    lines = [text["lead"].format(**values) + " " + text["effect"].format(**values)]
    lines[0] += " " + text["clear" if result.p < 1 - result.level else "unclear"].format(**values)
    placebos = result.placebos
    if placebos.rate is not None:
        lines[0] += " " + text["placebo"].format(
            runs=placebos.runs, alarms=placebos.false_alarms, rate=percent(placebos.rate, language)
        )
    lines += [_notice(notice, text, unit, language) for notice in result.notices]
    return "\n".join(lines)


def _notice(notice: Notice, text: dict[str, str], unit: str, language: str) -> str:
    values = dict(notice.values)
    if "share" in values:
        values["share"] = percent(values["share"], language)
    if "rate" in values:
        values["rate"] = percent(values["rate"], language)
    if "factor" in values:
        values["factor"] = number(values["factor"], language)
    return text[notice.code].format(unit=unit, **values)
