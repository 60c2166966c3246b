"""``claimcheck extract PATH... [--append TABLE]``: draft claims from new articles (``extract.py``)."""

from __future__ import annotations

import sys

from ..model import ExitStatus, InputError
from ..text import printable
from . import Common, load, settings, stdin_bytes


def run(paths: list[str], common: Common, append: str | None = None, url: str | None = None,
        stdin_filename: str | None = None, encoding: str | None = None) -> ExitStatus:
    from ..documents import MAX_BYTES, kind_of, read_text
    from ..extract import append_to, draft_table, yaml_table
    from ..files import decode, read_stream, text_codec

    merged, _ = settings(common, {"encoding": encoding})  # --encoding, else the configuration's, else UTF-8
    encoding = merged.get("encoding")
    if encoding:
        text_codec(encoding)  # an unusable encoding is one usage error, before any article is read
    if "-" in paths and len(paths) > 1:
        raise InputError("'-' (standard input) cannot be combined with paths")
    if url is not None and len(paths) > 1:
        raise InputError("--url names one article: give one PATH with it")
    taken, known = set(), {}
    try:
        table = load(merged)
        taken = set(table.by_id)  # ids stay unique in the tables in effect
        from ..text import fold

        for claim in table.claims:  # the bodies the tables know, by their one-word names
            for name in (claim.actor, *claim.aliases):
                if name and " " not in name:
                    known.setdefault(fold(name), claim.actor or name)
    except InputError:
        pass  # (a missing --append table is created; its own problems are reported below)
    outputs = []
    for path in paths:
        if path == "-":
            name = stdin_filename or "-"
            text = decode(read_stream(stdin_bytes("give the article's path"), MAX_BYTES, "<stdin>"), "<stdin>",
                          encoding)
            if not text.strip():
                raise InputError("no input: standard input was empty (pipe an article in, or give its path)")
        else:
            name, text = path, read_text(path, encoding)
        draft = draft_table(text, kind_of(name if name != "-" else "-"), name, url, taken, known)
        taken.update(stub.id for stub in draft.stubs)
        if not draft.stubs:
            print(printable(f"claimcheck: {name}: no sentence with a checkable figure"), file=sys.stderr)
        if append:
            added, skipped = append_to(append, draft)
            note = f", {skipped} already in the table" if skipped else ""
            print(printable(f"claimcheck: {name}: {added} draft claim{'s' if added != 1 else ''} added to "
                            f"{append}{note}; review them, then run `claimcheck validate --table {append}`"),
                  file=sys.stderr)
        else:
            outputs.append(yaml_table(draft))
    if outputs:
        sys.stdout.write("\n---\n".join(outputs) if len(outputs) > 1 else outputs[0])
    return ExitStatus.OK
