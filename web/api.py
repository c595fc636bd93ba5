"""/api/v1/search/?q=: the search box's results as JSON, with the same filters, access rules and counts."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .search.engine import RANK_WINDOW
from .search.forms import SearchForm


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    place = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: escaped text with the matches in <mark>.")
    rank = serializers.FloatField()
    date = serializers.DateField(allow_null=True)
    id = serializers.IntegerField(source="obj.pk")
    page = serializers.SerializerMethodField()

    def get_page(self, hit) -> int | None:
        return getattr(hit.obj, "number", None) if hit.kind == "page" else None


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField(help_text="Matches counted; a floor when `more` is true.")
    more = serializers.BooleanField(
        help_text=f"Some kind has more matches than were counted and ranked ({RANK_WINDOW:,})."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"Matches per kind, counted up to {RANK_WINDOW:,} (see `capped`)."
    )
    capped = serializers.ListField(
        child=serializers.CharField(),
        help_text=f"Kinds with over {RANK_WINDOW:,} matches: ranked among the first {RANK_WINDOW:,}.",
    )
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    results = SearchHitSerializer(many=True, source="hits")


PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description='Words, "a phrase", OR, -exclude'),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=["request", "letter", "case", "page"]),
    OpenApiParameter("agency", OpenApiTypes.STR, description="Agency slug"),
    OpenApiParameter("organization", OpenApiTypes.STR, description="Organisation slug"),
    OpenApiParameter("exemption", OpenApiTypes.STR, description="Exemption code, e.g. b6, b7C"),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("request", OpenApiTypes.INT),
    OpenApiParameter("case", OpenApiTypes.INT),
    OpenApiParameter("page", OpenApiTypes.INT),
]


class SearchView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=PARAMETERS, responses=SearchResultsSerializer, operation_id="search")
    def get(self, request):
        # A filter sent empty is refused (the schema says what each is), unlike the page's form, which sends every
        # field, blank or not. The search text may be empty: it finds nothing.
        empty = sorted(name for name, value in request.query_params.items() if value == "" and name != "q")
        if empty:
            raise ValidationError({name: ["This value may not be empty."] for name in empty})
        form = SearchForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        results = form.results()
        payload = {
            "query": results.query, "total": results.total, "more": results.more, "counts": results.counts,
            "capped": sorted(results.capped), "page": form.page_number(),
            "has_next": results.has_next, "hits": results.hits,
        }  # fmt: skip
        return Response(SearchResultsSerializer(payload).data)
