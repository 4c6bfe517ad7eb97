"""Every write of the domain, one concept a module: keyword-only, typed, each one transaction."""
