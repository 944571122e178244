"""Component `doithoai_route`: the responsible unit of each item (minutes.routing)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.model import state
from minutes.routing import Router


class RouteAssigner:
    def __init__(self, router: Router) -> None:
        self.router = router

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        for d in st.drafts:
            route = self.router.route(d.topic, st.syllables.joined(d.start, d.end))
            d.unit, d.outside_body = route.unit, route.outside
            d.evidence.append(route.explain(self.router.preset))
        return doc


@Language.factory("doithoai_route", default_config={"lexicon_dir": "", "preset": "tu-2025-07", "overrides": {}})
def make_route(nlp: Language, name: str, lexicon_dir: str, preset: str, overrides: dict[str, str]):
    return RouteAssigner(Router(preset, overrides, lexicon_dir or None))
