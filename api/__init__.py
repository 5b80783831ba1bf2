"""HTTP layer: FastAPI app, routes, static widget and pages. Only this package knows HTTP."""
