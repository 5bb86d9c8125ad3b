"""The words the site uses for its facts: flow phrases, pair titles, rank and source names.

One place for each phrase, so pages, charts, series and checks say the same thing the same way. Each phrase
is a message with named places (`_("{reporter}'s exports to {partner}", ...)`), which the catalogs of the other
editions translate as a whole (core/i18n.py): Russian names a flow as "Китай → Россия: экспорт", which keeps
every country name in the nominative CLDR gives, and Chinese as "中国对俄罗斯出口".
Numbers are never formatted here: numbers.py is the one formatter.
"""

from __future__ import annotations

import re

from tradebriefs.core.countries import country_name, is_aggregate, pair_key, title_name
from tradebriefs.core.hs import hs_description
from tradebriefs.core.i18n import N_, SOURCE_LANGUAGE, _, gettext, language
from tradebriefs.core.numbers import format_change, ordinal
from tradebriefs.facts.models import ALL_GOODS, Flow

# The words gettext(...) is given from the data: flows, statuses, a figure's basis (models.py's choices).
DATA_WORDS = (
    *(N_("turnover"), N_("exports"), N_("imports"), N_("balance")),
    *(N_("forecast"), N_("target"), N_("reported")),
    *(N_("in dollar terms"), N_("in yuan terms"), N_("in rouble terms")),
)
# The order a reader expects flows in: the whole, then its parts, then what follows from them.
FLOW_ORDER = tuple(Flow)
# Each kind of check (checks.Rule), as the checks pages head it, in the order they list them.
RULE_HEADINGS = {
    "sum": N_("Sums"),
    "growth": N_("Growth against the prior period"),
    "change": N_("Size of the change"),
    "implied": N_("Implied prior-period values"),
    "rank": N_("Ranks"),
    "period": N_("Parts of a year"),
    "mirror": N_("Mirror figures (both sides' reports)"),
    "revision": N_("Revisions"),
    "alternative": N_("Other sources' figures"),
    "share": N_("Shares"),
    "commodity": N_("Commodities within their totals"),
    "group": N_("Groups and the world"),
    "target": N_("Targets and forecasts against reported figures"),
    "kept": N_("Figures kept as their source stated them"),
    "official": N_("Figures against the official tables"),
}
# How pages name a check's outcome (checks.Outcome) where its value would not read: a check that fails
# because the source printed a figure its own figures disagree with (keep_as_stated).
OUTCOME_WORDS = {
    "holds": N_("holds"),
    "warning": N_("warning"),
    "error": N_("error"),
    "disagrees": N_("source disagrees"),
    "not run": N_("not run"),
    "info": N_("info"),
}
# The heading of the checks that show where a source's own figures disagree, above the kinds of check.
DISAGREES_HEADING = N_("Where the source's own figures disagree")
# What a change in percent is measured against (models.CHANGE_BASES), as a sentence says it.
CHANGE_ON_WORDS = {
    "year earlier": N_("on a year earlier"),
    "previous month": N_("on the previous month"),
    "previous quarter": N_("on the previous quarter"),
}
# A table cell with nothing to say (no change given, no note): a dash, so the row does not read as unfinished.
NOTHING = "—"
# A commodity's official description is cut to this many characters, on a word boundary.
PRODUCT_CHARS = 60
# Words a cut description must not end on ("… or in").
DANGLING = {
    *("a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "not", "of", "on", "or"),
    *("other", "such", "than", "the", "their", "to", "whether", "with"),
}


# A check's kind in a data row's list of the checks on a figure ("sum: holds"), as RULE_HEADINGS orders them.
CHECK_KINDS = {
    "sum": N_("sum"),
    "growth": N_("growth"),
    "change": N_("change"),
    "implied": N_("implied"),
    "rank": N_("rank"),
    "period": N_("period"),
    "mirror": N_("mirror"),
    "revision": N_("revision"),
    "alternative": N_("alternative"),
    "share": N_("share"),
    "commodity": N_("commodity"),
    "group": N_("group"),
    "target": N_("target"),
    "kept": N_("kept"),
    "official": N_("official"),
}


def check_kind(kind: str) -> str:
    """A check's kind in the language being rendered ('sum', 'сумма'); an unknown kind as it is."""
    return gettext(CHECK_KINDS.get(kind, kind))


def outcome_word(outcome) -> str:
    """'holds', 'warning', …; 'source disagrees' for a check a keep_as_stated figure fails."""
    return gettext(OUTCOME_WORDS.get(str(outcome), str(outcome)))


def dash_pair(a: str, b: str) -> str:
    """'China–Russia', in the order given (a reporter and its partner); with the world or a group, whose
    name is no country's, 'Brazil and the world'."""
    if is_aggregate(a) or is_aggregate(b):
        return _("{a} and {b}", a=title_name(a), b=country_name(b))
    return _("{a}–{b}", a=country_name(a), b=country_name(b))


def pair_title(a: str, b: str) -> str:
    """A pair's title, the same whichever side reports: 'China–Russia'; a country before the world or a group:
    'Brazil and the world', 'China and ASEAN'."""
    first, second = pair_key(a, b)
    if is_aggregate(first) and not is_aggregate(second):
        first, second = second, first
    return dash_pair(first, second)


def shorten_description(text: str) -> str:
    """An official HS description as prose names the goods: up to its first ';' or ', whether', without
    asides in brackets, at most PRODUCT_CHARS characters cut on a word boundary (marked '…'), lower case
    unless an abbreviation: 'Soya beans; other than seed' -> 'soya beans'."""
    text = text.split(";", 1)[0].split(", whether", 1)[0]
    text = re.sub(r"\s*\([^()]*\)", "", text).strip()
    if len(text) > PRODUCT_CHARS:
        head = text[: PRODUCT_CHARS + 1]
        comma = head.rfind(", ")
        words = (head[:comma] if comma > PRODUCT_CHARS // 3 else head.rsplit(" ", 1)[0]).split()
        while len(words) > 1 and words[-1].lower().strip(",") in DANGLING:
            words.pop()
        text = " ".join(words).rstrip(",") + "…"
    if text[1:2].isupper():  # an abbreviation: 'LCD', 'TV'
        return text
    return text[:1].lower() + text[1:]


def commodity_name(commodity: str | None, product: str | None = None, *, code: bool = True) -> str:
    """'soya beans (HS 1201)': the source's name for the product, else the HS description, with its code;
    'beef' for goods the source names without a code."""
    name = product or shorten_description(hs_description(commodity))
    return f"{name} (HS {commodity})" if code and commodity else name


# A flow with its two sides, as one message each (the whole phrase translates, not its parts).
FLOW_PHRASES = {
    "turnover": N_("{reporter}'s trade with {partner}"),
    "exports": N_("{reporter}'s exports to {partner}"),
    "imports": N_("{reporter}'s imports from {partner}"),
    "balance": N_("{reporter}'s trade balance with {partner}"),
}
FLOW_GOODS_PHRASES = {
    "turnover": N_("{reporter}'s trade in {goods} with {partner}"),
    "exports": N_("{reporter}'s exports of {goods} to {partner}"),
    "imports": N_("{reporter}'s imports of {goods} from {partner}"),
    "balance": N_("{reporter}'s trade balance in {goods} with {partner}"),
}


def _goods(flow: str, goods: str | None) -> tuple[str, str]:
    """(what the flow is called, its preposition) with the goods named: 'exports of soya', 'to'."""
    base, prep = {
        "turnover": ("trade", "with"),
        "exports": ("exports", "to"),
        "imports": ("imports", "from"),
        "balance": ("trade balance", "with"),
    }[flow]
    if goods is None:
        return base, prep
    return f"{base} {'of' if flow in ('exports', 'imports') else 'in'} {goods}", prep


def flow_phrase(
    flow: str,
    reporter: str,
    partner: str,
    commodity: str | None = None,
    product: str | None = None,
) -> str:
    """'China's exports to Russia', 'China–Russia trade turnover', 'Brazil's trade with the world', 'Brazil's
    exports of soya beans (HS 1201) to China'. It starts a label or a title, so the reporter is in title case."""
    goods = commodity_name(commodity, product) if commodity or product else None
    if (
        flow == "turnover"
        and goods is None
        and not (is_aggregate(reporter) or is_aggregate(partner))
    ):
        return _(
            "{reporter}–{partner} trade turnover",
            reporter=country_name(reporter),
            partner=country_name(partner),
        )
    names = {"reporter": title_name(reporter), "partner": country_name(partner)}
    if goods is None:
        return _(FLOW_PHRASES[flow], **names)
    return _(FLOW_GOODS_PHRASES[flow], goods=goods, **names)


def share_whole(fig) -> str:
    """What a share is of, said after 'as a share of': 'its exports to the world', 'its exports of all goods to
    China', 'its exports of soya to the world'."""
    if fig.share_of == ALL_GOODS:
        what, prep = _goods(fig.flow, ALL_GOODS)
        return f"its {what} {prep} {country_name(fig.partner)}"
    goods = (
        commodity_name(fig.commodity, fig.product, code=False)
        if fig.commodity or fig.product
        else None
    )
    what, prep = _goods(fig.flow, goods)
    return f"its {what} {prep} {country_name(fig.share_of)}"


def figure_phrase(fig) -> str:
    """What a figure is of, without its period: the flow, a share's whole, whose surplus a balance is."""
    text = flow_phrase(fig.flow, fig.reporter, fig.partner, fig.commodity, fig.product)
    if fig.is_share:
        text = _("{what} as a share of {whole}", what=text, whole=share_whole(fig))
    if fig.favours is not None:
        text = _("{what} ({side}'s surplus)", what=text, side=country_name(fig.favours))
    return text


def flow_short(flow: str, partner: str) -> str:
    """A chart's bar label, the reporter being in the title: 'Exports to Russia', 'Turnover'."""
    p = country_name(partner)
    return _(
        {
            "exports": N_("Exports to {partner}"),
            "imports": N_("Imports from {partner}"),
            "turnover": N_("Turnover"),
            "balance": N_("Balance"),
        }[flow],
        partner=p,
    )


def figure_label(fig) -> str:
    """'China's exports to Russia, 2023'; a forecast or target says so: 'Brazil's exports to China, 2024
    (forecast)'; a surplus whose it is: 'China's trade balance with Russia (Russia's surplus), 2023'."""
    if fig.is_reported:
        return _("{what}, {period}", what=figure_phrase(fig), period=fig.period.label())
    return _(
        "{what}, {period} ({status})",
        what=figure_phrase(fig),
        period=fig.period.label(),
        status=gettext(str(fig.status)),
    )


def derived_label(d) -> str:
    r, p, period = country_name(d.reporter), country_name(d.partner), d.period.label()
    commodity, product = getattr(d, "commodity", None), getattr(d, "product", None)
    named = commodity or product
    if d.kind == "share":
        if named or is_aggregate(d.reporter) or is_aggregate(d.partner):
            if named:
                return _(
                    "{reporter}'s {flow} of {goods} as a share of its trade in {traded} with {partner}, "
                    "{period}",
                    reporter=title_name(d.reporter),
                    flow=gettext(d.flow),
                    goods=commodity_name(commodity, product),
                    traded=commodity_name(commodity, product, code=False),
                    partner=p,
                    period=period,
                )
            return _(
                "{reporter}'s {flow} as a share of its trade with {partner}, {period}",
                reporter=title_name(d.reporter),
                flow=gettext(d.flow),
                partner=p,
                period=period,
            )
        return _(
            "{reporter}'s {flow} as a share of {reporter}–{partner} turnover, {period}",
            reporter=r,
            flow=gettext(d.flow),
            partner=p,
            period=period,
        )
    what = flow_phrase(d.flow, d.reporter, d.partner, commodity, product)
    if d.kind == "implied":
        return _("{what}, {period}, implied by its change", what=what, period=period)
    return _("{what}, {period}", what=what, period=period)


def rank_label(rank) -> str:
    return _(
        "{partner} among {of}'s trade partners, {period}",
        partner=country_name(rank.partner),
        of=country_name(rank.of),
        period=rank.period.label(),
    )


def rank_text(rank) -> str:
    """'fourth largest after United States, Japan and South Korea'."""
    above = [country_name(c) for c in rank.above]
    if not above:
        return _("{place} largest", place=ordinal(rank.rank))
    return _("{place} largest after {above}", place=ordinal(rank.rank), above=name_list(above))


def name_list(names: list[str]) -> str:
    """'the United States, Japan and South Korea'; '美国、日本和韩国'."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}", names=gettext(", ").join(names[:-1]), last=names[-1])


def change_on_words(fig) -> str:
    """'on a year earlier', 'on the previous month', 'on the previous quarter' (the figure's change_on)."""
    return gettext(CHANGE_ON_WORDS[getattr(fig, "change_on", None) or "year earlier"])


def change_text(fig) -> str:
    """'+26.3% on a year earlier, in dollar terms', '+7.1% on the previous month', or a dash when the source
    gave no change. A surplus's change (a balance with favours) is that of the surplus, as printed."""
    if fig.change is None:
        return NOTHING
    text = _("{change} {on}", change=format_change(fig.change), on=change_on_words(fig))
    return _("{change}, {basis}", change=text, basis=gettext(fig.basis)) if fig.basis else text


def surplus_text(amount: str, favours: str) -> str:
    """A balance as its source printed it: 'a surplus of $37.2 bn in Russia's favour'."""
    return _("a surplus of {amount} in {side}'s favour", amount=amount, side=country_name(favours))


def balance_from_side(side: str, other: str, amount: str, surplus: bool) -> str:
    """One balance as one side has it: "China's deficit of $37.2 bn with Russia" (a surplus in Russia's
    favour, seen from China), "Russia's surplus of $37.2 bn with China"."""
    message = (
        N_("{side}'s surplus of {amount} with {other}")
        if surplus
        else N_("{side}'s deficit of {amount} with {other}")
    )
    return _(message, side=title_name(side), amount=amount, other=country_name(other))


def other_side(fig, amount: str) -> str:
    """A surplus in one side's favour, said from the other side: "China's deficit of $37.2 bn with Russia"."""
    side = fig.partner if fig.favours == fig.reporter else fig.reporter
    return balance_from_side(side, fig.favours, amount, surplus=False)


def status_text(status: str, amount: str, by: str | None, made: str, period: str) -> str:
    """A forecast's or target's value, never shown as if reported: 'forecast: over $50 bn (Brazil's trade
    ministry, December 2023)', 'target: $200 bn (set by Brazil's government, for 2024)'. `made`: the month
    it was made or set ('' when the data does not say)."""
    if status == "target":
        if made:
            return _(
                "target: {amount} (set by {by} in {made}, for {period})",
                amount=amount,
                by=by,
                made=made,
                period=period,
            )
        return _(
            "target: {amount} (set by {by}, for {period})", amount=amount, by=by, period=period
        )
    if made:
        return _("forecast: {amount} ({by}, {made})", amount=amount, by=by, made=made)
    return _("forecast: {amount} ({by})", amount=amount, by=by)


def disagreement_text(flow: str) -> str:
    """How a note names what the source's own figures give instead: 'exports − imports' for a balance."""
    return {"balance": "exports − imports", "turnover": "exports + imports"}.get(flow, flow)


def revised_note(date: str, first: str) -> str:
    """Beside a figure revised after a brief's date: 'revised on 6 January 2026; first published as over $180 bn'."""
    return _("revised on {date}; first published as {first}", date=date, first=first)


# How the "What changed" page and its feeds name each kind of change (revisions.CHANGE_KINDS).
CHANGE_WORDS = {
    "brief added": N_("Brief added"),
    "figure revised": N_("Figure revised"),
    "figure added": N_("Figure added"),
    "figure renamed": N_("Figure renamed"),
    "figure removed": N_("Figure removed"),
}


def changes_summary(kinds) -> str:
    """'1 figure revised, 1 brief added': an entry's changes counted by kind, in CHANGE_WORDS' order."""
    kinds = list(kinds)
    counts = {k: kinds.count(k) for k in CHANGE_WORDS}
    parts = []
    for kind, n in counts.items():
        if n and language() != SOURCE_LANGUAGE:
            # "Сводка добавлена: 1": a count after its words needs no plural forms.
            parts.append(_("{what}: {n}", what=gettext(CHANGE_WORDS[kind]), n=n))
        elif n:
            what, done = kind.split(" ", 1)
            parts.append(f"{n} {what}{'' if n == 1 else 's'} {done}")
    return _(", ").join(parts)


def source_name(src, sources: dict) -> str:
    """'China's General Administration of Customs via TASS'."""
    if not src.via:
        return src.publisher
    return _("{publisher} via {via}", publisher=src.publisher, via=sources[src.via].publisher)


def source_credit(figures, sources: dict) -> str:
    """A chart's credit line: 'Source: China's General Administration of Customs, via TASS'."""
    names = []
    for fig in figures:
        src = sources[fig.source]
        name = (
            _("{publisher}, via {via}", publisher=src.publisher, via=sources[src.via].publisher)
            if src.via
            else src.publisher
        )
        if name not in names:
            names.append(name)
    return _("Source: {names}", names=gettext("; ").join(names))
