"""Coverage reports for team leads."""
