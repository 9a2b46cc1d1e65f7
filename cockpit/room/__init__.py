"""The Management Cockpit room: the four walls and the flight deck that drives them."""
