"""YAML text -> plain data plus the line of every value, without giving up at a duplicate key.

PyYAML's own constructor forgets where each value came from and silently keeps the last of
two equal keys. Here the composed node graph is walked by hand: mapping keys are always their
text (so ``yes:`` or ``1:`` stay the strings a kit means), a key given twice is recorded as a
problem and its first value kept, and ``lines`` maps every path (``("levels", 1, "name")``) to
its 1-based line. Anchors, aliases and ``<<`` merge keys work; an alias that contains itself
or that blows up into huge data is refused. No Django here.
"""

import math
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rubrics.kits.collector import collector_paused

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_NODES = 500_000  # after expanding aliases; a 2 MB kit has far fewer
MAX_DEPTH = 64  # a kit nests about eight deep

Path = tuple[str | int, ...]


class LoadError(yaml.YAMLError):
    """A problem that stops reading at once, at a line."""

    def __init__(self, problem: str, line: int) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


@dataclass
class Loaded:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, str, int]] = field(default_factory=list)  # (mapping path, key, line)


# libyaml parses a large kit about ten times faster than pure Python, but words its errors
# differently: a file it refuses is parsed again in Python, so the message does not depend on it.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Loaded:
    """Parse one YAML document; raises yaml.YAMLError (LoadError included) for what cannot be read."""
    try:
        return _load(text, FAST_LOADER)
    except LoadError:
        raise
    except yaml.YAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
        return _load(text, yaml.SafeLoader)


def _load(text: str, loader_class: type) -> Loaded:
    loader = loader_class(text)
    try:
        with collector_paused():
            return _Walker(loader).run(loader.get_single_node())
    finally:
        loader.dispose()


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def expanded_size(root: Node) -> int:
    """How many nodes the document has once every alias is expanded, visiting each distinct node
    once (so the work is the size of the file, not of the expansion). A node inside itself counts
    once here: the walk that builds the data refuses it with its own message. Stops past MAX_NODES."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, ScalarNode):
            sizes[id(node)] = 1
            continue
        children = [child for pair in node.value for child in pair] if isinstance(node, MappingNode) else node.value
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes and child is not node)
            continue
        total = 1
        for child in children:
            total += sizes.get(id(child), 1)  # absent: an ancestor, a cycle, which the build then names
            if total > MAX_NODES:
                break
        sizes[id(node)] = min(total, MAX_NODES + 1)
    return sizes[id(root)]


class _Walker:
    def __init__(self, constructor: yaml.SafeLoader) -> None:
        self.constructor = constructor
        self.result = Loaded(data=None)
        self.open: set[int] = set()  # ids of the collections being built: an alias into one is a cycle
        self.count = 0

    def run(self, root: Node | None) -> Loaded:
        if root is not None:
            # Counted on the node graph first, where an alias is one shared node, so a small file
            # whose aliases expand to billions of values is refused before anything is built.
            if expanded_size(root) > MAX_NODES:
                raise LoadError("the aliases in this file expand to too much data", _line(root))
            self.result.lines[()] = _line(root)
            self.result.data = self.build(root, ())
        return self.result

    def build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise LoadError("the aliases in this file expand to too much data", _line(node))
        if len(path) > MAX_DEPTH:
            raise LoadError(f"nested more than {MAX_DEPTH} levels deep", _line(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.open:
            raise LoadError("an alias refers to a mapping or list that contains it", _line(node))
        if node.tag not in (MAP_TAG, SEQ_TAG):
            raise LoadError(f"the tag {node.tag} is not allowed in a kit", _line(node))
        self.open.add(id(node))
        try:
            return self.mapping(node, path) if isinstance(node, MappingNode) else self.sequence(node, path)
        finally:
            self.open.discard(id(node))

    def scalar(self, node: ScalarNode) -> Any:
        value = self.constructor.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            return node.value  # .nan / .inf: no kit number; kept as text so validation names it
        return value

    def sequence(self, node: SequenceNode, path: Path) -> list:
        items = []
        for index, item in enumerate(node.value):
            self.result.lines[(*path, index)] = _line(item)
            items.append(self.build(item, (*path, index)))
        return items

    def mapping(self, node: MappingNode, path: Path) -> dict:
        out: dict = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            key = self.key(key_node)
            if key in out:
                self.result.duplicates.append((path, key, _line(key_node)))
                continue
            self.result.lines[(*path, key)] = _line(key_node)
            out[key] = self.build(value_node, (*path, key))
        for merged in merges:
            self.merge(merged, path, out)
        return out

    def merge(self, node: Node, path: Path, out: dict) -> None:
        """``<<: *defaults`` (or a list of them): keys not given explicitly, the first source winning."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise LoadError("a << merge takes a mapping or a list of mappings", _line(source))
            for key_node, value_node in source.value:
                key = self.key(key_node)
                if key not in out:
                    self.result.lines[(*path, key)] = _line(key_node)
                    out[key] = self.build(value_node, (*path, key))

    @staticmethod
    def key(node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise LoadError("a mapping key must be plain text, not a list or mapping", _line(node))
        return node.value
