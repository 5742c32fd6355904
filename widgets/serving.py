"""Server-side pieces for the dashboards: loaded by the Voila server, never by a lesson.

Jupyter's culler ends kernels that were idle longer than ``cull_idle_timeout``. A kernel
that Voila has just handed to a page is idle until the browser connects, and a pooled
(preheated) kernel has been idle since it finished running the lesson: with plain
Voila such a kernel was culled seconds after a page took it, and the page hung.
Here a kernel is never culled while a page it was given has not yet connected, for
``connect_grace`` seconds; after that, or once the page has connected and gone, the
usual rules apply, so a page that never connects still frees its kernel.

A class burst makes the server hold twenty kernels' messages at once. Afterwards much
of it is garbage in reference cycles, which Python's collector reaches only rarely in a
process this size, and what Python frees glibc keeps in the process (`make soak`: the
server stayed about 100 MB larger after the bursts). After a culling round that
followed kernel shutdowns, the server collects that garbage and hands the free memory
back to the system.
"""

from __future__ import annotations

import ctypes
import gc
import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float


def _glibc_malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


class ClassroomKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager that leaves a page time to connect to its kernel, keeps
    a true count of the pages on each kernel, and gives memory back after kernels end."""

    connect_grace = Float(
        120.0, config=True,
        help="Seconds a page has to connect to the kernel it was given before culling may take it.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._given_at: dict[str, float] = {}
        self._kernels_ended_since_trim = False
        self._malloc_trim = _glibc_malloc_trim()
        # Voila's pooling subclass defines the hand-out; without preheating there is none.
        hand_out = getattr(self, "get_rendered_notebook", None)
        if hand_out is not None:
            self.get_rendered_notebook = self._note_hand_out(hand_out)

    def _note_hand_out(self, hand_out):
        async def hand_out_and_note(*args, **kwargs):
            render_task, rendered_cache, kernel_id = await hand_out(*args, **kwargs)
            self._given_at[kernel_id] = time.monotonic()
            return render_task, rendered_cache, kernel_id

        return hand_out_and_note

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await super().start_kernel(*args, **kwargs)
        self._given_at[kernel_id] = time.monotonic()
        return kernel_id

    async def cull_kernel_if_idle(self, kernel_id: str):
        given_at = self._given_at.get(kernel_id)
        if given_at is not None:
            never_connected = self._kernel_connections.get(kernel_id, 0) == 0
            if never_connected and time.monotonic() - given_at < self.connect_grace:
                return None
            if not never_connected:
                del self._given_at[kernel_id]
        return await super().cull_kernel_if_idle(kernel_id)

    def notify_disconnect(self, kernel_id: str):
        """jupyter_server counts a page that closed while its websocket was still opening
        as leaving without ever having arrived. The count then went below zero, and a
        kernel with a negative count of pages is never culled (`make soak`: one kernel
        left behind). A count stays at zero or above."""
        if self._kernel_connections.get(kernel_id, 0) > 0:
            super().notify_disconnect(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._given_at.pop(kernel_id, None)
        self._kernels_ended_since_trim = True
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def cull_kernels(self):
        await super().cull_kernels()
        if self._kernels_ended_since_trim:
            self._kernels_ended_since_trim = False
            self.return_free_memory()

    def return_free_memory(self) -> None:
        """Collect garbage left by ended kernels and give the freed memory back to the
        system (glibc only). The full collection takes about 0.1 s here, at most once a
        culling round (30 s in voila.json), and only after kernels have ended."""
        gc.collect()
        if self._malloc_trim is not None:
            self._malloc_trim(0)
