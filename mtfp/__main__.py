import sys

from mtfp.cli import main

sys.exit(main())
