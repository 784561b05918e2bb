"""A TCP port that accepts connections and never answers: a server that hangs.

For the outage tests; the shared PostgreSQL and Redis are never stopped.
"""

import socket
import threading
from contextlib import contextmanager


@contextmanager
def silent_listener():
    """Yield (port, accepted connections) on 127.0.0.1 until the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
