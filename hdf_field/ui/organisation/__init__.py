"""The organisation page: card, contacts, visits, orientation, follow-ups; its edit dialogs."""
