"""Every read the pages need, one concept a module, filtered by who asks where it matters."""
