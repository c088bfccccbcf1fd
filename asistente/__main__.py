import sys

from .cli.principal import main

sys.exit(main())
