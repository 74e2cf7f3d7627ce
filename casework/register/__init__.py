"""The commune's register of outgoing documents: official numbers are taken from it, never invented."""
