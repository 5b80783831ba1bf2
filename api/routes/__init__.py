"""Route modules, one per resource: ask (JSON and SSE), documents, feedback, admin, health, pages.

Routes hold only HTTP: they validate the request, call `Assistant.ask` or a store read through
the dependencies in api/deps.py, and shape the response."""
