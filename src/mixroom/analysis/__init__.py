"""Pure analysis: numbers and tables in, numbers and tables out.

Nothing here touches a database, a file or a socket; the only project module it imports is
``mixroom.errors``. The same functions run in a request, a command or a batch worker.
"""
