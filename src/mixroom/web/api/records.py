"""The JSON routes of one noun, built from its ``Resource``: list, get, create, update, delete.

No ``from __future__ import annotations`` here: the route functions are made at run time and
FastAPI reads their annotations as real types (the noun's input shapes).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, create_model

from mixroom.services.records import (
    Resource,
    create_record,
    delete_record,
    get_record,
    list_records,
    update_record,
)
from mixroom.web.deps import CurrentActor, SessionDep, SettingsDep
from mixroom.web.writes import require_token

RESERVED = {"cursor", "limit"}
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def page_model(resource: Resource[Any]) -> type[BaseModel]:
    return create_model(
        f"{resource.out.__name__}Page",
        items=(list[resource.out], ...),  # type: ignore[name-defined]
        total=(int, Field(description="Records matching the filters, over all pages.")),
        limit=(int, ...),
        next_cursor=(str | None, None),
        next=(str | None, Field(default=None, description="Link to the next page.")),
    )


def _listing(resource: Resource[Any]) -> Any:
    def list_items(
        request: Request,
        session: SessionDep,
        actor: CurrentActor,
        settings: SettingsDep,
        cursor: Annotated[
            str | None, Query(description="From a previous page's next_cursor.")
        ] = None,
        limit: Annotated[int | None, Query(ge=1, description="Items per page.")] = None,
    ) -> Response:
        size = min(limit or settings.page_size, settings.max_page_size)
        filters = {k: v for k, v in request.query_params.items() if k not in RESERVED}
        listing = list_records(session, resource, actor, filters, cursor=cursor, limit=size)
        following = None
        if listing.next_cursor:
            following = str(
                request.url.include_query_params(cursor=listing.next_cursor, limit=size)
            )
        body = {
            "items": [resource.to_out(item) for item in listing.items],
            "total": listing.total,
            "limit": size,
            "next_cursor": listing.next_cursor,
            "next": following,
        }
        headers = {"Link": f'<{following}>; rel="next"'} if following else None
        return JSONResponse(body, headers=headers)

    list_items.__doc__ = (
        f"List {resource.noun} in a stable order (by id), with the total count of matches. "
        f"Filters: {', '.join(sorted(resource.filters)) or 'none'}."
    )
    return list_items


def records_router(resource: Resource[Any]) -> APIRouter:
    router = APIRouter(prefix=f"/{resource.noun}", tags=[resource.noun])
    out = resource.out
    router.add_api_route(
        "",
        _listing(resource),
        methods=["GET"],
        summary=f"List {resource.noun}",
        responses={200: {"model": page_model(resource)}, 422: PROBLEM},
        operation_id=f"list_{resource.noun.replace('-', '_')}",
    )

    def get_item(record_id: int, session: SessionDep, actor: CurrentActor) -> Response:
        record = get_record(session, resource, actor, record_id)
        return JSONResponse(resource.to_out(record), headers={"ETag": record.etag})

    def create_item(
        request: Request,
        body: Annotated[resource.create, Body()],  # type: ignore[name-defined]
        session: SessionDep,
        actor: CurrentActor,
    ) -> Response:
        require_token(request, actor)
        record = create_record(session, resource, actor, body)
        session.commit()
        location = str(request.url_for(f"get_{resource.noun}", record_id=record.id))
        headers = {"ETag": record.etag, "Location": location}
        return JSONResponse(resource.to_out(record), status_code=201, headers=headers)

    def update_item(
        request: Request,
        record_id: int,
        body: Annotated[resource.update, Body()],  # type: ignore[name-defined]
        session: SessionDep,
        actor: CurrentActor,
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        require_token(request, actor)
        record = update_record(session, resource, actor, record_id, body, if_match)
        session.commit()
        return JSONResponse(resource.to_out(record), headers={"ETag": record.etag})

    def delete_item(
        request: Request,
        record_id: int,
        session: SessionDep,
        actor: CurrentActor,
        if_match: Annotated[str | None, Header()] = None,
    ) -> Response:
        require_token(request, actor)
        delete_record(session, resource, actor, record_id, if_match)
        session.commit()
        return Response(status_code=204)

    name = resource.noun.replace("-", "_")
    errors: dict[int | str, dict[str, Any]] = {
        code: PROBLEM for code in (401, 403, 404, 409, 412, 422)
    }
    router.add_api_route(
        "/{record_id}",
        get_item,
        methods=["GET"],
        name=f"get_{resource.noun}",
        summary=f"Get one {resource.title}",
        responses={200: {"model": out}, 404: PROBLEM},
        operation_id=f"get_{name}",
    )
    router.add_api_route(
        "",
        create_item,
        methods=["POST"],
        status_code=201,
        summary=f"Create a {resource.title}",
        responses={201: {"model": out}, **errors},
        operation_id=f"create_{name}",
    )
    router.add_api_route(
        "/{record_id}",
        update_item,
        methods=["PATCH"],
        summary=f"Update a {resource.title} (send If-Match with its ETag)",
        responses={200: {"model": out}, **errors},
        operation_id=f"update_{name}",
    )
    router.add_api_route(
        "/{record_id}",
        delete_item,
        methods=["DELETE"],
        status_code=204,
        summary=f"Delete a {resource.title} (kept in its history)",
        responses=errors,
        operation_id=f"delete_{name}",
    )
    return router
