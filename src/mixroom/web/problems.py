"""Errors to HTTP in one place: problem+json (RFC 9457) under /api, an error page elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from mixroom.errors import MixroomError, NotAuthenticated
from mixroom.web.templating import templates

PROBLEM_TYPE = "application/problem+json"


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    kind: str = "about:blank",
    **extra: Any,
) -> Response:
    if not request.url.path.startswith("/api/"):
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "title": title, "detail": detail},
            status_code=status,
        )
    body = {
        "type": kind,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _slug(title: str) -> str:
    return "/problems/" + title.lower().replace(" ", "-")


async def _on_domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, MixroomError)
    extra = {key: value for key, value in error.extra.items() if key in {"errors", "etag"}}
    response = problem(
        request, error.status, error.title, error.detail, _slug(error.title), **extra
    )
    if isinstance(error, NotAuthenticated) and not request.url.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    details = [
        {
            "field": ".".join(str(part) for part in item["loc"] if part != "body"),
            "message": item["msg"],
        }
        for item in error.errors()
    ]
    summary = "; ".join(f"{item['field'] or 'body'}: {item['message']}" for item in details[:5])
    return problem(
        request, 422, "Invalid input", summary, "/problems/invalid-input", errors=details
    )


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
    detail = str(error.detail) if error.detail else title
    return problem(request, error.status_code, title, detail)


async def _on_unexpected(request: Request, _error: Exception) -> Response:
    return problem(request, 500, "Internal error", "something went wrong on our side")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MixroomError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
