import logging.config


def start(config: dict) -> None:
    logging.config.dictConfig(config)
