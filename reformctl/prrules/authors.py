"""Who made a pull request's change: from the forge, else from verified signatures, else from claims.

1. The forge: when CI runs on GitHub Actions or GitLab CI, the actor the forge authenticated
   (GITHUB_ACTOR and GITHUB_TRIGGERING_ACTOR; GITLAB_USER_LOGIN with GITLAB_USER_EMAIL) is the
   author of the whole pull request. A login is matched against `members` written as `@login`.
2. Signatures: when the base's reformctl.yaml sets `pull_requests: {signed_commits: true}`, each
   commit's author is the principal of its signature as git verifies it (%G? = G, with the
   runner's gpg.ssh.allowedSignersFile); an unsigned or unverifiable commit stops the check.
3. Claims: the author emails of the commits, which anyone can set (docs/ci.md says so).

Pure: the caller passes the environment and the commits read from git. Anything that leaves the
authors unknown raises AuthorError (the CLI's exit 2): the ownership rules are never silently off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from .common import Author, PRCommit

_EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+$")


class AuthorError(Exception):
    """The authors cannot be known. `reason`: unsigned, no_email, bad_email, no_local_email, forge_option."""

    def __init__(self, reason: str, commit: str = "", value: str = ""):
        super().__init__(f"{reason}: {commit} {value}".strip())
        self.reason = reason
        self.commit = commit
        self.value = value


@dataclass(frozen=True)
class Authorship:
    how: str  # forge, signatures, claims or option
    authors: tuple[Author, ...]
    commits: tuple[PRCommit, ...] = ()  # newest first; empty when one identity stands for the whole change


def forge_authors(env: Mapping[str, str]) -> tuple[Author, ...]:
    """The actors the forge names for this CI run, if it runs on one."""
    if env.get("GITHUB_ACTIONS") == "true" and env.get("GITHUB_ACTOR"):
        logins = [env["GITHUB_ACTOR"], env.get("GITHUB_TRIGGERING_ACTOR") or env["GITHUB_ACTOR"]]
        return tuple(Author((f"@{login}",)) for login in dict.fromkeys(logins))  # a re-run by another is two authors
    if env.get("GITLAB_CI") == "true" and env.get("GITLAB_USER_LOGIN"):
        names = [f"@{env['GITLAB_USER_LOGIN']}"] + ([env["GITLAB_USER_EMAIL"]] if env.get("GITLAB_USER_EMAIL") else [])
        return (Author(tuple(names)),)
    return ()


def find_authors(env: Mapping[str, str], commits: Sequence[Any], signed: bool, option: Sequence[str] = (),
                 local_email: Optional[str] = None, uncommitted: tuple[str, ...] = ()) -> Authorship:
    """The authorship of a pull request.

    `commits`: gitsource.CommitInfo of the pull request, newest first (read with signatures when
    `signed`). `option`: names given with --author. `local_email`: git's user.email when the head is
    a working tree with uncommitted changes (whoever is about to commit them), else None;
    `uncommitted`: the files those changes touch, which count as the newest commit's.
    """
    forge = forge_authors(env)
    if forge:
        if option:
            raise AuthorError("forge_option", value=", ".join(a.label for a in forge))
        return Authorship("forge", forge)
    if option:
        return Authorship("option", tuple(Author((name,)) for name in dict.fromkeys(option)))
    pr_commits = tuple(PRCommit(c.sha, Author((_identity(c, signed),)), c.files) for c in commits)
    if local_email is not None:  # edits not yet committed: the newest of all, by whoever will commit them
        pr_commits = (PRCommit("", Author((_claimed_email(local_email, "working tree"),)), uncommitted),) + pr_commits
    authors = tuple(dict.fromkeys(commit.author for commit in pr_commits))
    return Authorship("signatures" if signed else "claims", authors, pr_commits)


def _identity(commit: Any, signed: bool) -> str:
    if not signed:
        return _claimed_email(commit.email, commit.sha)
    if commit.signature != "G" or not commit.signer.strip():
        raise AuthorError("unsigned", commit.sha)
    return commit.signer.strip()


def _claimed_email(email: str, where: str) -> str:
    email = email.strip()
    if not email:
        raise AuthorError("no_email", where)
    if not _EMAIL.match(email):  # '@org/team', a bare name: not an address anyone answers for
        raise AuthorError("bad_email", where, email)
    return email
