"""What pyproject.toml cannot say: the top-level `resources/` folder ships inside the package.

The fonts and word lists stay in `resources/` (their one source); the wheel carries them as
`nastavnik_desktop/resources/`, where `paths.resources_dir()` finds them.
"""

from setuptools import find_namespace_packages, setup

RESOURCES = "nastavnik_desktop.resources"
RESOURCE_PACKAGES = [RESOURCES, *(f"{RESOURCES}.{name}"
                                  for name in find_namespace_packages(where="resources"))]

setup(
    packages=[*find_namespace_packages(include=["nastavnik_desktop*"]), *RESOURCE_PACKAGES],
    package_dir={RESOURCES: "resources"},
    package_data={
        "nastavnik_desktop.data": ["migrations/*.mako", "migrations/*.py",
                                   "migrations/versions/*.py"],
        **{package: ["*"] for package in RESOURCE_PACKAGES},
    },
)
