"""Cases from the pipeline: the store's flagged messages into the case database.

:func:`sync_cases` reads the DuckDB store (read-only), selects the messages
the model flags as possible threats (:func:`hatewatch.scoring.flag_threats`,
the same rule as ``hatewatch flag``) among those scored with the model's
version, and opens one case per message with

* the message text, platform, id, link, time (UTC; Europe/Amsterdam derived),
  pseudonymous author id, language;
* every recipient with name, office, party, level and region from the roster
  spell valid on the message's date (the most directly addressed one first);
* the thread context present in the store (same conversation);
* priority, severity, p_threat, the model's label and version, and an
  explanation naming the message's own triggering words with character spans
  (:func:`hatewatch.triage.explain.explain_flag`).

Sync is idempotent: a message that already has a case is never added again
and its case (and review) is left as it is. Texts purged from the store
(``hatewatch store purge``) are removed from the cases and their thread
context at the next sync, and a purged text is never written back.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatewatch.triage import audit
from hatewatch.triage.models import Case, CaseRecipient, utcnow

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from sqlalchemy.orm import Session, sessionmaker

    from hatewatch.store import Store

__all__ = ["SyncSummary", "message_url", "sync_cases"]

log = logging.getLogger(__name__)

#: Thread messages kept per case: this many before and after the message.
THREAD_BEFORE = 10
THREAD_AFTER = 5

#: Cases inserted per write transaction (keeps the write lock short).
INSERT_BATCH = 200

_RELATION_ORDER = {"reply": 0, "quote": 1, "mention": 2}


def message_url(platform: str, message_id: str) -> str | None:
    """Link to the original post, where the id alone is enough.

    X/Twitter ids resolve without the author (``x.com/i/web/status/<id>``).
    Bluesky and Mastodon post addresses contain the author's account, which
    hatewatch replaces with a pseudonym, so no link can be rebuilt; reviewers
    find those posts by id on the platform.

    Examples
    --------
    >>> message_url("twitter", "1311579103949750275")
    'https://x.com/i/web/status/1311579103949750275'
    >>> message_url("bluesky", "at://hw-abc/app.bsky.feed.post/3k") is None
    True
    """
    mid = str(message_id)
    if platform in ("twitter", "x") and mid.isdigit():
        return f"https://x.com/i/web/status/{mid}"
    return None


@dataclass
class SyncSummary:
    """What a cases sync did."""

    scanned: int = 0
    flagged: int = 0
    created: int = 0
    already: int = 0
    unscored: int = 0
    purged: int = 0
    alerts_sent: int = 0
    alert_errors: list[str] = field(default_factory=list)
    model_version: str = ""
    threshold: float = 0.0
    seconds: float = 0.0
    created_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [
            f"cases: {self.created:,} opened, {self.already:,} already open "
            f"of {self.flagged:,} flagged in {self.scanned:,} scored messages "
            f"(model {self.model_version}, threshold {self.threshold:.2f})"
        ]
        if self.purged:
            parts.append(f"{self.purged:,} case texts removed after a store purge")
        if self.unscored:
            parts.append(
                f"{self.unscored:,} messages not yet scored with this model were "
                "skipped (run `hatewatch score --store` first)"
            )
        if self.alerts_sent or self.alert_errors:
            parts.append(
                f"{self.alerts_sent} alerts sent, {len(self.alert_errors)} failed"
            )
        parts.append(f"{self.seconds:.1f} s")
        return "; ".join(parts)


def _open_store(store: Any) -> tuple[Store, bool]:
    from hatewatch.store import Store

    if isinstance(store, str | os.PathLike):
        if not Path(store).exists():
            raise FileNotFoundError(f"store not found: {store}")
        return Store(store, read_only=True), True
    return store, False


def _scored_chunks(
    store: Store, version: str, chunk_size: int
) -> Iterator[pd.DataFrame]:
    return store._iter_by_message_key(
        """
        SELECT m.platform, m.message_id, m.conversation_id, m.created_at,
               m.author_id, m.text, m.lang, m.in_reply_to,
               s.label, s.p_hate, s.p_threat, s.p_neutral
        FROM messages m JOIN scores s
          ON s.platform = m.platform AND s.message_id = m.message_id
         AND s.model_version = ?
        WHERE m.text IS NOT NULL {key_filter}
        ORDER BY m.platform, m.message_id
        LIMIT {limit}
        """,
        [version],
        chunk_size,
    )


def _count_unscored(store: Store, version: str) -> int:
    row = store.con.execute(
        """
        SELECT count(*) FROM messages m
        WHERE m.text IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM scores s WHERE s.platform = m.platform
              AND s.message_id = m.message_id AND s.model_version = ?)
        """,
        [version],
    ).fetchone()
    return int(row[0]) if row else 0


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "date"):
        return value.date()
    return None


def _none(value: Any) -> Any:
    try:
        import pandas as pd

        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    return value


def _recipients(store: Store, keys: pd.DataFrame) -> dict[tuple[str, str], list]:
    """Recipients per message with the roster spell valid on its date."""
    store.con.register("_hw_case_keys", keys)
    try:
        rows = store.con.execute(
            """
            SELECT k.platform, k.message_id, k.created_at, r.politician_id,
                   r.relation, p.roster, p.name, sp.office, sp.party, sp.level,
                   sp.region, sp.start_date, sp.end_date
            FROM _hw_case_keys k
            JOIN message_recipients r
              ON r.platform = k.platform AND r.message_id = k.message_id
            LEFT JOIN roster_people p ON p.politician_id = r.politician_id
            LEFT JOIN roster_spells sp
              ON sp.roster = p.roster AND sp.politician_id = p.politician_id
            """
        ).fetchall()
    finally:
        store.con.unregister("_hw_case_keys")
    best: dict[tuple[str, str, str], tuple[tuple, dict]] = {}
    for (
        platform,
        mid,
        created,
        pid,
        relation,
        roster,
        name,
        office,
        party,
        level,
        region,
        start,
        end,
    ) in rows:
        day = _as_date(created)
        start, end = _as_date(start), _as_date(end)
        valid = (
            day is not None
            and office is not None
            and (start is None or start <= day)
            and (end is None or day <= end)
        )
        # a spell valid on the day beats any other; then the latest spell
        rank = (
            0 if valid else 1,
            0 if office is not None else 1,
            -(start.toordinal() if start else 0),
            roster or "",
        )
        entry = {
            "politician_id": pid,
            "relation": relation,
            "roster": roster,
            "name": name,
            "office": office,
            "party": party,
            "level": level,
            "region": region,
        }
        key = (platform, mid, pid)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, entry)
    out: dict[tuple[str, str], list] = {}
    for (platform, mid, _pid), (_rank, entry) in best.items():
        out.setdefault((platform, mid), []).append(entry)
    for lst in out.values():
        lst.sort(key=lambda e: (_RELATION_ORDER.get(e["relation"], 3), e["name"] or ""))
    return out


def _threads(store: Store, flagged: pd.DataFrame) -> dict[tuple[str, str], list]:
    """Thread context per flagged message: nearby messages of its conversation."""
    import pandas as pd

    conv = flagged[["platform", "conversation_id"]].dropna().drop_duplicates()
    parents = flagged[["platform", "in_reply_to"]].dropna().drop_duplicates()
    if conv.empty and parents.empty:
        return {}
    store.con.register("_hw_conv", conv)
    store.con.register(
        "_hw_parents", parents.rename(columns={"in_reply_to": "message_id"})
    )
    try:
        thread = store.con.execute(
            """
            SELECT m.platform, m.conversation_id, m.message_id, m.created_at,
                   m.author_id, m.text, m.in_reply_to
            FROM messages m
            WHERE (m.platform, m.conversation_id) IN
                  (SELECT platform, conversation_id FROM _hw_conv)
               OR (m.platform, m.message_id) IN
                  (SELECT platform, message_id FROM _hw_parents)
            """
        ).df()
    finally:
        store.con.unregister("_hw_conv")
        store.con.unregister("_hw_parents")
    if thread.empty:
        return {}
    thread = thread.sort_values(["created_at", "message_id"], kind="stable")
    by_conv = {k: g for k, g in thread.groupby(["platform", "conversation_id"])}
    by_id = {(r.platform, r.message_id): r for r in thread.itertuples(index=False)}
    out: dict[tuple[str, str], list] = {}
    for row in flagged.itertuples(index=False):
        items: dict[str, Any] = {}
        group = by_conv.get((row.platform, row.conversation_id))
        if group is not None and _none(row.conversation_id) is not None:
            others = group[group["message_id"] != row.message_id]
            before = others[others["created_at"] <= row.created_at].tail(THREAD_BEFORE)
            after = others[others["created_at"] > row.created_at].head(THREAD_AFTER)
            for part in (before, after):
                for t in part.itertuples(index=False):
                    items[t.message_id] = t
        parent = by_id.get((row.platform, _none(row.in_reply_to)))
        if parent is not None:
            items[parent.message_id] = parent
        entries = [
            {
                "message_id": t.message_id,
                "created_at_utc": pd.Timestamp(t.created_at).isoformat() + "Z",
                "author_pseudonym": t.author_id,
                "text": _none(t.text),
                "text_purged": _none(t.text) is None,
                "in_reply_to": _none(t.in_reply_to),
                "is_reply_target": t.message_id == _none(row.in_reply_to),
                "is_after": pd.Timestamp(t.created_at) > pd.Timestamp(row.created_at),
            }
            for t in items.values()
        ]
        entries.sort(key=lambda e: (e["created_at_utc"], e["message_id"]))
        out[(row.platform, row.message_id)] = entries
    return out


def _existing_keys(session: Session, keys: Iterable[tuple[str, str]]) -> set:
    from sqlalchemy import select, tuple_

    keys = list(keys)
    found: set[tuple[str, str]] = set()
    for i in range(0, len(keys), 500):
        part = keys[i : i + 500]
        stmt = select(Case.platform, Case.message_id).where(
            tuple_(Case.platform, Case.message_id).in_(part)
        )
        found.update((p, m) for p, m in session.execute(stmt))
    return found


def _build_case(
    row: Any,
    flag: Any,
    model: Any,
    threshold: float,
    recipients: list[dict[str, Any]],
    thread: list[dict[str, Any]],
    *,
    hits: list[Any] | None = None,
) -> Case:
    from hatewatch.triage.explain import explain_flag

    text = str(row.text)
    if hits is None:
        hits = model.rule_hits([text])[0]
    hits = [h for h in hits if getattr(h, "weight", 0) > 0]
    severity = [s.strip() for s in str(flag.severity or "").split(",") if s.strip()]
    from hatewatch.triage.explain import occlusion

    try:
        evidence = occlusion(model, text)
    except Exception:  # noqa: BLE001 - an explanation must never stop a sync
        log.warning("word evidence failed on a flagged message", exc_info=True)
        evidence = []
    explanation = explain_flag(
        text,
        p_threat=float(flag.p_threat),
        threshold=threshold,
        hits=hits,
        severity=severity,
        evidence=evidence,
    )
    first = recipients[0] if recipients else {}
    created = row.created_at
    if hasattr(created, "to_pydatetime"):
        created = created.to_pydatetime()
    case = Case(
        platform=str(row.platform),
        message_id=str(row.message_id),
        message_url=message_url(str(row.platform), str(row.message_id)),
        conversation_id=_none(row.conversation_id),
        author_pseudonym=_none(row.author_id),
        text=text,
        lang=_none(row.lang),
        created_at=created,
        recipient_politician_id=first.get("politician_id"),
        recipient_name=first.get("name"),
        recipient_office=first.get("office"),
        recipient_party=first.get("party"),
        recipient_level=first.get("level"),
        recipient_region=first.get("region"),
        roster=first.get("roster"),
        thread=thread,
        priority=float(flag.priority),
        severity=", ".join(severity),
        p_threat=float(flag.p_threat),
        model_label=str(flag.label) if _none(flag.label) is not None else None,
        model_version=str(model.version),
        rules=str(flag.rules or ""),
        explanation=explanation,
        status="new",
        escalations=[],
        opened_at=utcnow(),
        updated_at=utcnow(),
    )
    for r in recipients:
        case.recipients.append(CaseRecipient(**r))
    return case


def sync_cases(
    store: Any,
    factory: sessionmaker[Session],
    *,
    model: Any = None,
    threshold: float | None = None,
    chunk_size: int = 50_000,
    actor: str = "system:sync",
    on_created: Callable[[list[Case]], Any] | None = None,
) -> SyncSummary:
    """Open cases for the store's flagged messages; apply store purges.

    Parameters
    ----------
    store : hatewatch.Store, str or path-like
        The DuckDB store (opened read-only when a path is given).
    factory : sessionmaker
        Session factory of a migrated case database
        (:func:`hatewatch.triage.db.open_database`).
    model : classifier, str or path-like, optional
        The model whose scores are used (default: the shipped model); only
        messages scored with its version are considered.
    threshold : float, optional
        Threat probability that flags a message (default: the model's).
    chunk_size : int, default 50_000
        Messages read from the store at a time.
    actor : str, default "system:sync"
        Name in the audit trail.
    on_created : callable, optional
        Called with the list of new cases (detached) after they are
        committed, e.g. to send alerts.

    Returns
    -------
    SyncSummary
    """
    from hatewatch.scoring import _load, flag_threats

    start = time.perf_counter()
    st, opened = _open_store(store)
    try:
        model = _load(model)
        version = str(model.version)
        thr = float(model.threat_threshold_ if threshold is None else threshold)
        summary = SyncSummary(model_version=version, threshold=thr)
        summary.unscored = _count_unscored(st, version)
        score_cols = ["label", "p_hate", "p_threat", "p_neutral"]
        for chunk in _scored_chunks(st, version, chunk_size):
            summary.scanned += len(chunk)
            # messages that already have a case are not flagged again
            with factory() as session:
                have = _existing_keys(
                    session, zip(chunk["platform"], chunk["message_id"], strict=True)
                )
            if have:
                keep = [
                    (p, m) not in have
                    for p, m in zip(chunk["platform"], chunk["message_id"], strict=True)
                ]
                summary.already += len(chunk) - sum(keep)
                summary.flagged += len(chunk) - sum(keep)
                chunk = chunk[keep]
            if chunk.empty:
                continue
            chunk = chunk.reset_index(drop=True)
            flags = flag_threats(
                chunk.drop(columns=score_cols),
                "text",
                model=model,
                threshold=thr,
                scored=chunk[score_cols],
            )
            if flags.empty:
                continue
            summary.flagged += len(flags)
            rows = chunk.loc[flags.index]
            created = _open_cases(st, factory, rows, flags, model, thr, actor, summary)
            if created and on_created is not None:
                on_created(created)
        summary.purged = _apply_purges(st, factory, actor)
    finally:
        if opened:
            st.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _open_cases(
    store: Store,
    factory: sessionmaker[Session],
    rows: pd.DataFrame,
    flags: pd.DataFrame,
    model: Any,
    thr: float,
    actor: str,
    summary: SyncSummary,
) -> list[Case]:
    keys = list(zip(rows["platform"], rows["message_id"], strict=True))
    with factory() as session:
        have = _existing_keys(session, keys)
    new = [i for i, k in zip(rows.index, keys, strict=True) if k not in have]
    summary.already += len(keys) - len(new)
    if not new:
        return []
    rows, flags = rows.loc[new], flags.loc[new]
    recipients = _recipients(
        store, rows[["platform", "message_id", "created_at"]].reset_index(drop=True)
    )
    threads = _threads(store, rows)
    # explanations take the model's time: build every case before taking the
    # write lock, then insert in short transactions so reviewers never wait
    texts = [str(t) for t in rows["text"]]
    hits_all = model.rule_hits(texts)
    built: list[Case] = []
    for row, flag, hits in zip(
        rows.itertuples(index=False),
        flags.itertuples(index=False),
        hits_all,
        strict=True,
    ):
        key = (row.platform, row.message_id)
        built.append(
            _build_case(
                row,
                flag,
                model,
                thr,
                recipients.get(key, []),
                threads.get(key, []),
                hits=hits,
            )
        )
    created: list[Case] = []
    for i in range(0, len(built), INSERT_BATCH):
        created += _insert(factory, built[i : i + INSERT_BATCH], actor, summary)
    summary.created += len(created)
    summary.created_ids.extend(c.id for c in created)
    return created


def _insert(
    factory: sessionmaker[Session], batch: list[Case], actor: str, summary: SyncSummary
) -> list[Case]:
    created: list[Case] = []
    with audit.writing(factory) as session:
        # checked again under the write lock: a concurrent sync may have won
        have = _existing_keys(session, ((c.platform, c.message_id) for c in batch))
        for case in batch:
            if (case.platform, case.message_id) in have:
                summary.already += 1
                continue
            session.add(case)
            session.flush()
            audit.append(
                session,
                actor,
                "case_open",
                case_id=case.id,
                details={
                    "platform": case.platform,
                    "message_id": case.message_id,
                    "priority": case.priority,
                    "model_version": case.model_version,
                },
            )
            created.append(case)
        session.flush()
        for case in created:
            _ = case.recipients
        session.expunge_all()
    return created


def _apply_purges(store: Store, factory: sessionmaker[Session], actor: str) -> int:
    """Remove texts from cases (and their thread context) purged in the store."""
    import pandas as pd
    from sqlalchemy import select

    with factory() as session:
        rows = session.execute(
            select(Case.id, Case.platform, Case.message_id, Case.text, Case.thread)
        ).all()
    if not rows:
        return 0
    keys: dict[tuple[str, str], None] = {}
    for _cid, platform, mid, text, thread in rows:
        if text is not None:
            keys[(platform, mid)] = None
        for t in thread or []:
            if t.get("text") is not None:
                keys[(platform, t["message_id"])] = None
    if not keys:
        return 0
    frame = pd.DataFrame(list(keys), columns=["platform", "message_id"])
    store.con.register("_hw_purge_keys", frame)
    try:
        purged = {
            (p, m): when
            for p, m, when in store.con.execute(
                """
                SELECT m.platform, m.message_id, m.text_purged_at
                FROM messages m JOIN _hw_purge_keys k
                  ON k.platform = m.platform AND k.message_id = m.message_id
                WHERE m.text IS NULL
                """
            ).fetchall()
        }
    finally:
        store.con.unregister("_hw_purge_keys")
    if not purged:
        return 0
    changed = 0
    with audit.writing(factory) as session:
        for cid, platform, mid, text, thread in rows:
            own = text is not None and (platform, mid) in purged
            new_thread = []
            thread_changed = False
            for t in thread or []:
                if t.get("text") is not None and (platform, t["message_id"]) in purged:
                    t = {**t, "text": None, "text_purged": True}
                    thread_changed = True
                new_thread.append(t)
            if not (own or thread_changed):
                continue
            case = session.get(Case, cid)
            if case is None:  # deleted meanwhile
                continue
            if own:
                case.text = None
                when = purged[(platform, mid)]
                case.text_purged_at = (
                    when.to_pydatetime() if hasattr(when, "to_pydatetime") else when
                ) or utcnow()
                ex = dict(case.explanation or {})
                # the explanation quotes the message: its quotes go too
                for k in ("summary_en", "summary_nl"):
                    ex.pop(k, None)
                ex["spans"] = []
                ex["rules"] = [{**r, "match": None} for r in ex.get("rules", []) or []]
                ex["words"] = []
                ex["text_purged"] = True
                case.explanation = ex
                changed += 1
            if thread_changed:
                case.thread = new_thread
            case.updated_at = utcnow()
            session.flush()
            audit.append(
                session,
                actor,
                "purge_text",
                case_id=cid,
                details={"message": own, "thread": thread_changed},
            )
    return changed
