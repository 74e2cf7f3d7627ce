"""Where a signer goes on from a signed document: the links its signing page offers back to the case or
campaign, registered per signing purpose by the feature that owns the step (approvals, decisions)."""

from __future__ import annotations

from collections.abc import Callable

from casework.models.signing import SigningRequest

BackLinks = Callable[[SigningRequest], list[tuple[str, str]]]
_BACK_LINKS: dict[str, BackLinks] = {}


def links_back(purpose: str) -> Callable[[BackLinks], BackLinks]:
    """Register the links (label, address) from a signed `purpose` document back to its case or campaign."""

    def register(links: BackLinks) -> BackLinks:
        _BACK_LINKS[purpose] = links
        return links

    return register


def back_links(signing: SigningRequest) -> list[tuple[str, str]]:
    links = _BACK_LINKS.get(signing.purpose)
    return links(signing) if links else []
