"""HTML from templates: one sandboxed Jinja2 environment, autoescaped, strict, fed plain data only."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .resources import builtin
from .workspace import own_templates


def template_folders(workspace: Path) -> list[Path]:
    """The workspace's own templates first (overriding file by file), then the built-in ones. A templates/
    that is a link leading out of the workspace is not used (validation says so, located)."""
    own = own_templates(workspace)
    folders = [own] if own and own.resolve() != builtin("templates").resolve() else []
    return folders + [builtin("templates")]


def css_string(value) -> Markup:
    """A CSS string literal that no text can break out of, even inside <style>."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 or ord(c) == 127 else c for c in str(value))
    return Markup(f'"{escaped}"')


def css_page_label(pieces) -> Markup:
    """Footer pieces as CSS content: "第 " counter(page) " 页 共 " counter(pages) " 页"."""
    parts = [f"counter({name})" if kind == "counter" and name in ("page", "pages") else str(css_string(name))
             for kind, name in pieces]
    return Markup(" ".join(parts))


class _FolderLoader(FileSystemLoader):
    """Templates from one folder, and only from it: a symlink leading elsewhere is refused."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        folder = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(folder):
            raise TemplateError(f"{template} leads outside the template folder {folder}")
        return source, filename, uptodate


def environment(folders: list[Path]) -> ImmutableSandboxedEnvironment:
    """The one environment for these template folders as they are. Kept, so each template is compiled once
    (compiling them again for every document was most of the time Jinja took). Jinja sees an edited file
    by its modification time, but not a file added to a folder earlier in the search (it would keep the
    built-in one it found before): the files each folder holds are part of the key."""
    holds = tuple(tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else () for folder in folders)
    return _environment(tuple(folders), holds)


@lru_cache(maxsize=8)  # a long serve sees templates come and go: keep the recent few
def _environment(folders: tuple[Path, ...], holds: tuple) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([_FolderLoader(folder) for folder in folders]),
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["css_string"] = css_string
    env.filters["css_page_label"] = css_page_label
    return env


def render_html(env: ImmutableSandboxedEnvironment, view: dict) -> str:
    return env.get_template(f"{view['kind']}.html").render(view)
