"""PyInstaller runtime hook (build.spec): PROJ's network access stays off in the bundle.

The bundle carries a stub of pyproj's libcurl (scripts/bundle_stubs.py): PROJ reaches it only
to download transformation grids, when PROJ_NETWORK=ON or pyproj.network.set_network_enabled
turns that on. The app never does, and its transformations (Lambert-93 and the French
overseas CRSs to WGS 84) need no grid; an environment variable left on by another tool must
not make PROJ call the stub, which would abort.
"""

import os

os.environ["PROJ_NETWORK"] = "OFF"
