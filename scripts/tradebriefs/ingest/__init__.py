"""What writes into data/: the importers of official tables and the scaffold of a new brief."""
