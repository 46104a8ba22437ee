"""The journey table, written out for people: a Markdown table and a Mermaid state diagram.

``manage.py lifecycle_diagram`` prints it or writes ``docs/lifecycle.md``; a test keeps that
file equal to what the table says, so the docs cannot drift from the code.
"""

from __future__ import annotations

from cornerstone.accounts.roles import role_label
from cornerstone.referrals.workflow import FINAL, INITIAL, TRANSITIONS, Guard, Status


def _roles(roles: frozenset[str]) -> str:
    return ", ".join(sorted(role_label(role) for role in roles))


def _guards(guards: tuple[str, ...]) -> str:
    return "; ".join(str(Guard(guard).label) for guard in guards) or "none"


def mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL}"]
    for status in Status:
        lines.append(f'    state "{status.label}" as {status.value}')
    for transition in TRANSITIONS:
        for source in sorted(transition.sources):
            lines.append(f"    {source} --> {transition.target}: {transition.action}")
    for final in sorted(FINAL):
        lines.append(f"    {final} --> [*]")
    return "\n".join(lines)


def markdown() -> str:
    rows = [
        "| action | from | to | who | guards |",
        "|---|---|---|---|---|",
    ]
    for transition in TRANSITIONS:
        sources = ", ".join(f"`{source}`" for source in sorted(transition.sources))
        rows.append(
            f"| `{transition.action}` ({transition.label}) | {sources} | `{transition.target}` "
            f"| {_roles(transition.roles)} | {_guards(transition.guards)} |"
        )
    states = "\n".join(f"- `{status.value}`: {status.label}" for status in Status)
    return (
        "# The journey of a referral: states and transitions\n\n"
        "Generated from `cornerstone/referrals/workflow.py` by `manage.py lifecycle_diagram --write`;\n"
        "do not edit by hand (a test fails if this file and the table disagree).\n\n"
        "Every transition is a service that goes through `referral_transition`: it checks the role,\n"
        "the state and each guard, locks the referral, changes the state, writes the audit event and\n"
        "the timeline entry, in one transaction.\n\n"
        f"## States\n\n{states}\n\n"
        f"## Diagram\n\n```mermaid\n{mermaid()}\n```\n\n"
        f"## Transitions\n\n" + "\n".join(rows) + "\n"
    )
