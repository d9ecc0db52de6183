"""Mentions drawn from a clean body: dates, actors and places, events, figures and pledges."""
