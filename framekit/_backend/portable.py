"""Objects that travel: pickling, deep copies and ``torch.save`` of objects that hold an
array namespace, and the one-copy freeze of constructor arrays.

framekit's objects keep the compat-wrapped namespace of their arrays as ``self.xp`` (a
module: ``array_api_compat.numpy``, ``array_api_strict``, ``array_api_compat.torch``...),
so that each call skips the namespace lookup.  Modules cannot be pickled, so such an
object could not go to DataLoader workers, joblib or Dask workers, ``copy.deepcopy`` or a
checkpoint.  :class:`Portable` stores every module-valued attribute by its name and
re-imports it on load (the same module object in the same process; in a fresh process,
the same library is imported).  The arrays themselves travel as their library pickles
them (torch tensors through ``torch.save``'s storages).
"""

from __future__ import annotations

import importlib
import types
from typing import Any, NamedTuple

import array_api_compat as aac

__all__ = ["Portable", "copy_array"]


class _ModuleRef(NamedTuple):
    """A module attribute in a pickled state: the module's import name."""

    name: str


class Portable:
    """Mixin: instances pickle, deep-copy and survive ``torch.save``/``torch.load``.

    ``__getstate__`` replaces each module-valued instance attribute (the array namespace
    ``xp``) by its import name; ``__setstate__`` imports it back.  Everything else (arrays,
    cached responses, Python numbers) is pickled as is, so a loaded object gives the same
    results without recomputing anything.  A class opts in with one line:
    ``class GaborFrame(_b.Portable):``.
    """

    __slots__ = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for key, value in state.items():
            if isinstance(value, types.ModuleType):
                state[key] = _ModuleRef(value.__name__)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        for key, value in state.items():
            if isinstance(value, _ModuleRef):
                state[key] = importlib.import_module(value.name)
        self.__dict__.update(state)


def copy_array(xp: Any, a: Any) -> Any:
    """A copy of ``a`` on its backend and device (one O(size) copy; autograd kept for torch).

    Used to freeze constructor arrays, so that a caller who edits its array afterwards
    does not change an object whose caches were computed from it.  torch uses ``clone``
    (``asarray(copy=True)`` warns about ``requires_grad`` in recent torch).
    """
    if aac.is_torch_array(a):
        return a.clone()
    return xp.asarray(a, copy=True)
