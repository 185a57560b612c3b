"""A loopback TCP listener that counts connections: the witness of outbound requests."""

from __future__ import annotations

import socket
import threading
import time


class Listener:
    """A TCP listener on loopback that records whether anything connects."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()

    def wait_for_connections(self, count: int, timeout: float) -> None:
        """Give connections that may be under way ``timeout`` seconds to arrive."""
        deadline = time.monotonic() + timeout
        while self.connections < count and time.monotonic() < deadline:
            time.sleep(0.05)
