"""The timeline keeps no data of its own: it reads the other apps' records."""
