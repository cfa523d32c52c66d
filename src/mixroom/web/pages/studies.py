"""Impact study pages: the list, the form (no JavaScript needed), the result with three
server-drawn SVG charts (``study_charts``), and the downloads (series CSV, result JSON,
Vega-Lite specs).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from mixroom.analysis.impact import charts, words
from mixroom.errors import InvalidInput, PermissionDenied
from mixroom.schemas.studies import StudyCreate, StudyDetail
from mixroom.services.actors import Actor
from mixroom.services.series import METRICS
from mixroom.services.studies import (
    compute,
    create_study,
    delete_study,
    describe,
    get_study,
    get_study_detail,
    get_study_series,
    list_studies,
    may_change,
    may_create,
    target_choices,
    update_study,
)
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.i18n import current_language
from mixroom.web.pages.conversation import WIDTH
from mixroom.web.pages.csrf import check_csrf_token
from mixroom.web.pages.rendering import form_page, render
from mixroom.web.pages.study_charts import HEIGHT, as_result, draw_all

router = APIRouter()
FormText = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]


# -- the list and the result ------------------------------------------------------------------


@router.get("/impact", response_class=HTMLResponse, name="studies")
def studies_list(request: Request, session: SessionDep, actor: CurrentActor) -> HTMLResponse:
    """Public impact studies, and one's own."""
    items = [describe(session, item) for item in list_studies(session, actor)]
    context = {"studies": items, "may_create": may_create(actor)}
    return render(request, "studies/list.html", context, actor)


def _figures(detail: StudyDetail, language: str) -> dict[str, str]:
    """The key figures as text in the reader's number format (English's outside en and fr)."""
    result = detail.result
    assert result is not None
    code = language if language in words.LANGUAGES else "en"

    def num(value: float | None, signed: bool = False) -> str:
        return words.number(value, code, signed)

    def pct(value: float | None, signed: bool = False) -> str:
        return words.percent(value, code, signed)

    placebos = result.placebos
    return {
        "observed": num(result.observed),
        "counterfactual": num(result.counterfactual.estimate),
        "counterfactual_interval": f"{num(result.counterfactual.lower)} – "
        f"{num(result.counterfactual.upper)}",
        "cumulative": num(result.cumulative.estimate, True),
        "cumulative_interval": f"{num(result.cumulative.lower, True)} – "
        f"{num(result.cumulative.upper, True)}",
        "average": num(result.average.estimate, True),
        "average_interval": f"{num(result.average.lower, True)} – "
        f"{num(result.average.upper, True)}",
        "relative": pct(result.relative.estimate, True),
        "relative_interval": f"{pct(result.relative.lower, True)} – "
        f"{pct(result.relative.upper, True)}",
        "probability": pct(result.probability),
        "p": f"{result.p:.3f}",
        "pre_r2": f"{result.pre_r2:.2f}",
        "placebo_rate": pct(placebos.rate) if placebos.rate is not None else "",
    }


@router.get("/impact/new", response_class=HTMLResponse, name="study-new")
def new_form(
    request: Request, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> Response:
    if actor.is_public:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if not may_create(actor):
        raise PermissionDenied("only organisers and admins make impact studies")
    return _form(request, session, settings, actor, None, {"control_mode": "proposed"})


@router.get("/impact/{study_id}", response_class=HTMLResponse, name="study")
def study_page(
    request: Request, study_id: int, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> HTMLResponse:
    """The result: plain words, key figures with intervals, three charts, notices, downloads."""
    editable = may_change(actor, get_study(session, actor, study_id))
    detail = get_study_detail(session, actor, study_id)
    session.commit()  # the result may have been recomputed and cached
    language = current_language.get()
    context: dict[str, Any] = {"study": detail, "editable": editable, "language": language}
    if detail.result is not None:
        summary = detail.result.summary
        text = summary.get(language) or summary["en"]
        first, *notices = text.split("\n")
        context.update(
            summary=first,
            notices=notices,
            summary_language=language if language in summary else "en",
            figures=_figures(detail, language),
            charts=draw_all(as_result(detail.result.model_dump())),
            width=WIDTH,
            height=HEIGHT,
        )
    if editable:  # the delete button is a form
        return form_page(request, settings, actor, "studies/detail.html", context)
    return render(request, "studies/detail.html", context, actor)


# -- downloads --------------------------------------------------------------------------------


def _download(body: str, media_type: str, name: str, actor: Actor) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if not actor.is_public:
        headers["Cache-Control"] = "private, no-store"
    return Response(body, media_type=media_type, headers=headers)


def _cached(session: Session, actor: Actor, study_id: int) -> dict[str, Any]:
    data = compute(session, get_study(session, actor, study_id))
    session.commit()
    return data


@router.get("/impact/{study_id}/series.csv", name="study-series")
def series_csv(study_id: int, session: SessionDep, actor: CurrentActor) -> Response:
    series = get_study_series(session, get_study(session, actor, study_id))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(series.table.columns)
    writer.writerow(["date", *names])
    for i, day in enumerate(series.table.dates):
        row = [series.table.columns[name][i] for name in names]
        writer.writerow([str(day), *("" if v != v else f"{v:g}" for v in row)])
    return _download(out.getvalue(), "text/csv", f"study-{study_id}-series.csv", actor)


@router.get("/impact/{study_id}/result.json", name="study-result")
def result_json(study_id: int, session: SessionDep, actor: CurrentActor) -> Response:
    data = _cached(session, actor, study_id)
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return _download(body, "application/json", f"study-{study_id}-result.json", actor)


@router.get("/impact/{study_id}/charts.json", name="study-charts")
def charts_json(study_id: int, session: SessionDep, actor: CurrentActor) -> Response:
    specs = charts.charts(as_result(_cached(session, actor, study_id)))
    body = json.dumps(specs, ensure_ascii=False, indent=1)
    return _download(body, "application/json", f"study-{study_id}-charts.vl.json", actor)


# -- the form ---------------------------------------------------------------------------------


def _form(
    request: Request,
    session: Session,
    settings: Any,
    actor: Actor,
    study_id: int | None,
    values: dict[str, Any],
    error: str | None = None,
) -> HTMLResponse:
    context = {
        "study_id": study_id,
        "values": values,
        "error": error,
        "choices": target_choices(session),
        "metrics": METRICS,
    }
    return form_page(request, settings, actor, "studies/form.html", context, 422 if error else 200)


def _parse(values: dict[str, Any]) -> StudyCreate:
    """The form's fields as a study; a target or control is written ``kind:id``."""

    def ref(text: str) -> dict[str, Any]:
        kind, _, number = text.partition(":")
        if not number.isdigit():
            raise InvalidInput("choose what the study is about")
        return {"kind": kind, "id": int(number)}

    try:
        return StudyCreate.model_validate(
            {
                "title": values["title"],
                "target": ref(values["target"]),
                "metric": values["metric"],
                "start": values["start"] or None,
                "end": values["end"] or None,
                "control_mode": values["control_mode"],
                "controls": [ref(text) for text in values["controls"]],
                "public": values["public"],
            }
        )
    except ValidationError as error:
        messages = [
            f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}".removeprefix(": ")
            for e in error.errors()
        ]
        raise InvalidInput("; ".join(messages)) from None


def _study_form(
    title: FormText = "",
    target: FormText = "",
    metric: FormText = "posts",
    start: FormText = "",
    end: FormText = "",
    control_mode: FormText = "proposed",
    controls: FormList = [],  # noqa: B006 (FastAPI copies form defaults)
    public: FormText = "",
) -> dict[str, Any]:
    """The form's fields as typed, for ``_parse`` and for showing the form again."""
    return {
        "title": title,
        "target": target,
        "metric": metric,
        "start": start,
        "end": end,
        "control_mode": control_mode,
        "controls": controls,
        "public": public == "on",
    }


StudyForm = Annotated[dict[str, Any], Depends(_study_form)]


def _save(
    request: Request,
    session: Session,
    settings: Any,
    actor: Actor,
    study_id: int | None,
    values: dict[str, Any],
) -> Response:
    try:
        data = _parse(values)
        if study_id is None:
            study_id = create_study(session, actor, data).id
        else:
            update_study(session, actor, study_id, data)
    except InvalidInput as error:
        session.rollback()
        return _form(request, session, settings, actor, study_id, values, error.detail)
    session.commit()
    return RedirectResponse(f"/impact/{study_id}", status_code=303)


@router.post("/impact/new", response_class=HTMLResponse)
def create(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    values: StudyForm,
) -> Response:
    check_csrf_token(request, csrf_token)
    return _save(request, session, settings, actor, None, values)


@router.get("/impact/{study_id}/edit", response_class=HTMLResponse, name="study-edit")
def edit_form(
    request: Request, study_id: int, session: SessionDep, settings: SettingsDep, actor: CurrentActor
) -> Response:
    found = get_study(session, actor, study_id)
    if not may_change(actor, found):
        raise PermissionDenied("only the study's author and admins may change it")
    values = {
        "title": found.title,
        "target": f"{found.target_kind}:{found.target_id}",
        "metric": found.metric,
        "start": found.start.isoformat(),
        "end": found.end.isoformat() if found.end else "",
        "control_mode": found.control_mode,
        "controls": [f"{ref['kind']}:{ref['id']}" for ref in found.controls],
        "public": found.public,
    }
    return _form(request, session, settings, actor, study_id, values)


@router.post("/impact/{study_id}/edit", response_class=HTMLResponse)
def edit(
    request: Request,
    study_id: int,
    session: SessionDep,
    settings: SettingsDep,
    actor: CurrentActor,
    csrf_token: FormText,
    values: StudyForm,
) -> Response:
    check_csrf_token(request, csrf_token)
    return _save(request, session, settings, actor, study_id, values)


@router.post("/impact/{study_id}/delete")
def delete(
    request: Request, study_id: int, session: SessionDep, actor: CurrentActor, csrf_token: FormText
) -> Response:
    check_csrf_token(request, csrf_token)
    delete_study(session, actor, study_id)
    session.commit()
    return RedirectResponse("/impact", status_code=303)
