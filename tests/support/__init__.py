"""Helpers the tests share, as a package (``tests.support``; pytest puts the checkout on
``sys.path``, see ``pythonpath`` in pyproject.toml): paths, the loopback OpenAI server, the
schema-driven fake model, the CLI exit helper, and the scripts the subprocess tests run."""
