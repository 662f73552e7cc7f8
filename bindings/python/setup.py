"""Builds softpower._softpower with the project's CMake, from the checkout this folder is in.

pip install --no-build-isolation ./bindings/python configures the checkout in the build folder
build-python/ beside its build/ (or in $SOFTPOWER_BUILD_DIR, e.g. the checkout's build/, to
reuse its objects; or in pip's temporary folder when the checkout cannot be written) with the
Python running pip, builds the one target softpower_python and puts the extension into the
package. Nothing is downloaded. build-python/ lies as deep in the checkout as build/, so the
compiler's paths relative to it are those of build/: with ccache (used when present, its
base_dir covering the checkout) objects built once in either are found for the other, and a
second pip install rebuilds only what changed."""

import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (CHECKOUT / "CMakeLists.txt").is_file():
            sys.exit("softpower: build from a checkout (bindings/python inside it)")
        build = pathlib.Path(os.environ.get("SOFTPOWER_BUILD_DIR") or
                             (CHECKOUT / "build-python" if os.access(CHECKOUT, os.W_OK)
                              else pathlib.Path(self.build_temp).resolve() / "cmake"))
        build.mkdir(parents=True, exist_ok=True)
        configure = ["cmake", "-S", str(CHECKOUT), "-B", str(build),
                     "-DPython_EXECUTABLE=" + sys.executable, "-DSOFTPOWER_PYTHON=ON"]
        if not os.environ.get("SOFTPOWER_BUILD_DIR"):
            configure += ["-DCMAKE_BUILD_TYPE=Release", "-DSOFTPOWER_TESTS=OFF",
                          "-DSOFTPOWER_BENCH=OFF"]
            if shutil.which("ccache"):
                configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "softpower_python",
                        "-j", jobs], check=True)
        built = list((build / "python" / "softpower").glob("_softpower*.so"))
        if len(built) != 1:
            sys.exit("softpower: the build made no extension (is pybind11 installed?)")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


setup(ext_modules=[Extension("softpower._softpower", sources=[])],
      cmdclass={"build_ext": CMakeBuild})
