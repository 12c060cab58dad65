"""makemessages without fuzzy matching: a new message starts empty instead of borrowing the
translation of a similar one, so that no guessed translation slips into a catalogue."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
