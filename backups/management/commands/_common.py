from django.core.management.base import CommandError
from django.db import connections
from django.utils.connection import ConnectionDoesNotExist
from tqdm import tqdm


def progress_bar(command, options, **kwargs):
    # tqdm redraws with \r; Django's OutputWrapper would end every redraw with a newline.
    return tqdm(total=0, disable=options["verbosity"] == 0, file=command.stderr._out, **kwargs)


def database_alias(options):
    alias = options["database"]
    try:
        connections[alias]
    except ConnectionDoesNotExist as error:
        raise CommandError(f"没有名为 {alias} 的数据库（见 settings.DATABASES）。") from error
    return alias
